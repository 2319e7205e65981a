"""A labelled set of real-looking local news stories, made by this module (nothing downloaded).

Each story belongs to one topic and reads like a short local report: a headline, a standfirst
and a body drawn from that topic's sentences, plus the newsroom boilerplate every story shares.
Tags are as untidy as real newsrooms make them: a topic's own tag only some of the time, and
general tags ("City Hall", "Community") across every topic. Tests use a few stories; the related
articles benchmark measures precision on thousands, against a shared-tags baseline.
"""

import random
from dataclasses import dataclass

PLACES = ["Millbrook", "the East Quay", "Ashford Hill", "the old town", "Riverside", "Northgate"]
PEOPLE = ["Maria Okafor", "Tom Lindqvist", "Priya Raman", "Daniel Brennan", "Ana Ferreira"]
GENERAL_TAGS = ["City Hall", "Community", "Weekend", "Local government", "Budget", "Explainer"]

TOPICS = {
    "ferries": {
        "tags": ["Ferries", "Harbour", "Transport"],
        "headlines": [
            "Ferry timetable cut as crew shortage bites",
            "New hybrid ferry enters service on the harbour crossing",
            "Harbour ferry fares to rise in spring",
            "Storm cancels ferry sailings for second day",
        ],
        "standfirsts": [
            "Passengers on the harbour crossing face fewer sailings and longer queues at {place}.",
            "The operator says the vessel will cut fuel use on every crossing from {place}.",
        ],
        "sentences": [
            "The ferry operator said crews were stretched across the harbour routes.",
            "Commuters queued at the {place} terminal for the first sailing of the morning.",
            "The crossing carries about {n} passengers and cars on a busy weekday.",
            "Skippers warned that swell at the harbour mouth made berthing unsafe.",
            "A spokesperson for the ferry company apologised for cancelled sailings.",
            "The new vessel charges its batteries at the quay between crossings.",
            "Season ticket holders will be refunded for sailings that did not run.",
            "Deckhands and engineers are being recruited to restore the full timetable.",
        ],
    },
    "schools": {
        "tags": ["Schools", "Education", "Children"],
        "headlines": [
            "Primary school expansion approved despite parking fears",
            "Exam results rise at {place} secondary school",
            "Teachers vote on strike action over class sizes",
            "Free breakfast club to open in every primary school",
        ],
        "standfirsts": [
            "Parents at {place} welcomed extra classrooms for pupils from September.",
            "Head teachers say the change will help pupils who arrive hungry.",
        ],
        "sentences": [
            "The head teacher said pupils had worked hard through a difficult year.",
            "Parents raised concerns about drop-off traffic outside the school gates.",
            "The governors expect {n} more pupils to enrol over the next three years.",
            "Teachers said classes of more than thirty children were now common.",
            "The education department will fund two new classrooms and a library.",
            "Pupils sat their exams in the new sports hall for the first time.",
            "The teaching union said its members felt they had no choice.",
            "A breakfast club will run in the dining hall before lessons begin.",
        ],
    },
    "housing": {
        "tags": ["Housing", "Planning", "Rent"],
        "headlines": [
            "Plans for {n} homes on former mill site go on show",
            "Rents in {place} climb faster than wages",
            "Tenants win repairs after damp complaints",
            "Council backs affordable housing target for new estates",
        ],
        "standfirsts": [
            "Developers say a third of the new homes in {place} will be affordable.",
            "Tenants say landlords ignored mould and leaking roofs for months.",
        ],
        "sentences": [
            "The planning committee will decide on the application next month.",
            "Tenants said their landlord had ignored repeated complaints about damp.",
            "Average rents for a two-bedroom flat rose to {n} pounds a month.",
            "The developer plans terraced houses and flats around a central green.",
            "Housing campaigners said the affordable share should be higher.",
            "Planning officers recommended approval subject to road improvements.",
            "Letting agents reported dozens of applicants for every vacant flat.",
            "The housing association will manage the affordable homes on the estate.",
        ],
    },
    "health": {
        "tags": ["Health", "Hospital", "NHS"],
        "headlines": [
            "Hospital waiting times fall for the first time in two years",
            "New walk-in clinic opens in {place}",
            "Nurses warn of winter pressure on emergency department",
            "GP surgery to close as doctors retire",
        ],
        "standfirsts": [
            "Patients in {place} will be able to see a nurse without an appointment.",
            "Hospital managers say extra beds have eased pressure on the wards.",
        ],
        "sentences": [
            "The hospital trust said patients were waiting less time for surgery.",
            "Nurses described corridors full of patients waiting for a bed.",
            "The clinic will treat minor injuries and illnesses seven days a week.",
            "About {n} patients are registered at the surgery that is closing.",
            "Doctors urged older residents to take up the winter vaccine.",
            "The emergency department treated a record number of patients last month.",
            "Health managers are recruiting GPs to take over the practice list.",
            "Ambulances queued outside the hospital for several hours on Monday.",
        ],
    },
    "arts": {
        "tags": ["Arts", "Music", "Theatre"],
        "headlines": [
            "Festival brings {n} performers to {place}",
            "Restored theatre reopens with a sold-out opening night",
            "Local painter's work joins national gallery collection",
            "Orchestra announces free concerts in the park",
        ],
        "standfirsts": [
            "Audiences packed the restored auditorium for the first show in a decade.",
            "The festival programme mixes folk music, comedy and street theatre in {place}.",
        ],
        "sentences": [
            "The theatre's restored ceiling was unveiled before the curtain rose.",
            "Musicians and dancers performed on three stages across the weekend.",
            "The gallery said the painting captures the light over the estuary.",
            "Tickets for the opening night sold out within an hour.",
            "The orchestra will play symphonies and film scores on the bandstand.",
            "Actors from the youth company took the lead roles in the new play.",
            "The festival director said the programme was the most ambitious yet.",
            "Visitors can see the exhibition free of charge until the end of the year.",
        ],
    },
    "football": {
        "tags": ["Football", "Sport", "United"],
        "headlines": [
            "United snatch late winner in derby",
            "Manager signs new contract after promotion push",
            "Stadium expansion plans unveiled by the club",
            "Cup run ends in penalty shoot-out defeat",
        ],
        "standfirsts": [
            "A stoppage-time header settled a tense derby in front of {n} fans.",
            "The club says a new stand would add thousands of seats for supporters.",
        ],
        "sentences": [
            "The striker headed in a corner deep into stoppage time.",
            "Supporters sang long after the final whistle at the stadium.",
            "The manager praised his players for their discipline in defence.",
            "The goalkeeper saved two penalties but it was not enough.",
            "The club's chairman said promotion remained the target this season.",
            "A crowd of {n} watched the match despite heavy rain.",
            "The midfielder signed a two-year contract with the club.",
            "The new stand would take the stadium's capacity past twenty thousand.",
        ],
    },
    "weather": {
        "tags": ["Weather", "Flooding", "Environment"],
        "headlines": [
            "Flood warnings issued as river rises in {place}",
            "Heatwave brings hottest day of the year",
            "Storm brings down trees and cuts power to homes",
            "Sandbags handed out as heavy rain forecast",
        ],
        "standfirsts": [
            "Forecasters expect more rain overnight, with the river close to its banks at {place}.",
            "Engineers are working to restore power after gusts brought down lines.",
        ],
        "sentences": [
            "The river rose by almost a metre overnight after heavy rain.",
            "Forecasters issued an amber warning for wind and rain.",
            "Residents moved furniture upstairs as water reached the front steps.",
            "About {n} homes were left without power after the storm.",
            "Temperatures reached thirty degrees in the afternoon sunshine.",
            "Firefighters pumped water from flooded cellars along the riverside.",
            "Fallen trees blocked several roads into the town.",
            "The environment agency said flood defences held along most of the river.",
        ],
    },
    "business": {
        "tags": ["Business", "Jobs", "Economy"],
        "headlines": [
            "Factory to create {n} jobs in expansion",
            "High street shops report a better Christmas",
            "Brewery sold to national group",
            "Business park wins funding for new units",
        ],
        "standfirsts": [
            "The manufacturer says it will recruit engineers and apprentices in {place}.",
            "Retailers say footfall rose as shoppers returned to the high street.",
        ],
        "sentences": [
            "The company said orders had grown steadily over the past year.",
            "Shopkeepers reported stronger sales in the weeks before Christmas.",
            "The brewery's founders said the sale would secure jobs at the site.",
            "The factory will recruit {n} workers, including apprentices.",
            "The chamber of commerce welcomed the investment in the town.",
            "Small businesses will be able to rent the new units from next year.",
            "Economists said the jobs would bring money into local shops.",
            "The firm's chief executive said the town had the skills it needed.",
        ],
    },
}

SHARED_SENTENCES = [
    "{person} said the decision would affect people across {place}.",
    "The council will discuss the matter at its next meeting.",
    "Residents can send their views to the council until the end of the month.",
    "{person}, who has lived in {place} for twenty years, said it was welcome news.",
    "A public meeting will be held at the community centre on Thursday evening.",
    "Officials said more details would be published in the coming weeks.",
]


@dataclass(frozen=True)
class Story:
    topic: str
    title: str
    standfirst: str
    paragraphs: tuple
    tags: tuple


def _fill(text, rng):
    return text.format(place=rng.choice(PLACES), person=rng.choice(PEOPLE), n=rng.randint(20, 900))


def make_story(topic, rng):
    """One story of a topic: its own sentences with some shared boilerplate mixed in."""
    material = TOPICS[topic]
    own = rng.sample(material["sentences"], k=4)
    if rng.random() < 0.6:  # stories stray: a storm in a ferry story, jobs in a housing one
        other = rng.choice([name for name in TOPICS if name != topic])
        own[rng.randrange(1, 4)] = rng.choice(TOPICS[other]["sentences"])
    shared = rng.sample(SHARED_SENTENCES, k=2)
    sentences = own[:2] + [shared[0]] + own[2:] + [shared[1]]
    paragraphs = tuple(
        " ".join(_fill(s, rng) for s in sentences[i : i + 2]) for i in range(0, 6, 2)
    )
    tags = set(rng.sample(GENERAL_TAGS, k=rng.randint(1, 2)))
    if rng.random() < 0.5:  # a topic tag only half the time, as tagging goes in practice
        tags.add(rng.choice(material["tags"]))
    return Story(
        topic=topic,
        title=_fill(rng.choice(material["headlines"]), rng),
        standfirst=_fill(rng.choice(material["standfirsts"]), rng),
        paragraphs=paragraphs,
        tags=tuple(sorted(tags)),
    )


def labelled_stories(count, seed=7):
    """`count` stories spread evenly over the topics, in a shuffled but repeatable order."""
    rng = random.Random(seed)
    topics = list(TOPICS)
    return [make_story(topics[i % len(topics)], rng) for i in range(count)]
