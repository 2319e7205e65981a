"""The demo's two publications and their articles, written for the demo on neutral topics."""

PUBLICATIONS = [
    {
        "name": "The Daily Meridian",
        "hostname": "daily.localhost",
        "slug": "daily",
        "tagline": "News for the valley, every morning since 1921",
        "time_zone": "America/New_York",
        "language": "en",
        "brand_colour": "#8a1c1c",
        "dateline_format": "l, F j, Y",
        "footer_text": "An independent newsroom serving the Meridian Valley.",
        "sections": [
            ("Local", "Town halls, schools and the streets we share."),
            ("Science", "Discoveries, research and how things work."),
            ("Culture", "Books, music, food and the arts."),
            ("Sport", "Results and stories from the fields and courts."),
        ],
        "authors": [
            (
                "Ada Whitfield",
                "Local government reporter",
                "Ada covers the town council and schools.",
            ),
            (
                "Tomás Reyes",
                "Science correspondent",
                "Tomás writes about research from the valley's labs.",
            ),
            (
                "Priya Natarajan",
                "Culture editor",
                "Priya edits the culture pages and reviews books.",
            ),
            ("Sam Okafor", "Sports reporter", "Sam follows every league from junior to semi-pro."),
        ],
    },
    {
        "name": "The Harbour Courier",
        "hostname": "courier.localhost",
        "slug": "courier",
        "tagline": "The coast's own paper",
        "time_zone": "Europe/London",
        "language": "en-gb",
        "brand_colour": "#1f4e79",
        "dateline_format": "l j F Y",
        "footer_text": "Reporting from the harbour towns since 1887.",
        "sections": [
            ("Harbour", "Boats, tides and the working waterfront."),
            ("Environment", "The coast, its weather and its wildlife."),
            ("Community", "Clubs, festivals and neighbours."),
        ],
        "authors": [
            (
                "Morag Campbell",
                "Harbour correspondent",
                "Morag has reported on the fleet for twenty years.",
            ),
            (
                "Owen Pryce",
                "Environment reporter",
                "Owen covers the shoreline, weather and wildlife.",
            ),
            ("Lena Fischer", "Community editor", "Lena edits the community pages."),
        ],
    },
]

# (section index, author indexes, headline, standfirst, paragraphs, tags, extras)
# extras: "quote" -> pull quote, "statement" -> (issuer, title, text), "image" -> body image
# caption, "type" -> type of work other than news, "first_published" -> (outlet, original
# address or "", days before the demo's own publication, syndicated)
DAILY_ARTICLES = [
    (
        0,
        [0],
        "Council approves new footbridge over Mill Creek",
        "The crossing will link the east bank neighbourhoods to the library and the high school by next autumn.",
        [
            "Councillors voted six to one on Tuesday evening to fund a pedestrian and cycle bridge over Mill Creek, ending a decade of debate about how residents of the east bank should reach the town centre.",
            "The bridge will be built from weathering steel and timber, with a span of 42 metres. Engineers told the meeting that the design keeps the creek's banks untouched, protecting a heron colony that nests upstream.",
            "Parents at the high school have long asked for a safer route. At present, pupils walking from the east bank must follow a road without pavements for almost a kilometre.",
        ],
        ["transport", "town council"],
        {
            "quote": (
                "This is the most-requested project in our ward, by a distance.",
                "Councillor June Ebert",
            ),
            "statement": (
                "Meridian Town Council",
                "Statement on the Mill Creek crossing",
                "The Council has approved funding for a pedestrian and cycle bridge over Mill Creek. Construction is expected to begin in the spring, subject to the usual environmental permits. Residents will be kept informed through the Council's newsletter and at public drop-in sessions.",
            ),
        },
    ),
    (
        0,
        [0],
        "Library extends evening hours after reader survey",
        "The main branch will stay open until nine on weekdays from next month.",
        [
            "The Meridian Public Library will keep its doors open three hours later on weekdays after a survey of more than two thousand readers found that many could not visit during working hours.",
            "The change is funded by a reorganisation of staff rotas rather than new spending, the library's director said. The children's room will keep its current hours.",
        ],
        ["libraries", "town council"],
        {"image": "The reading room of the main branch, which will stay open later on weekdays."},
    ),
    (
        0,
        [0, 2],
        "School gardens project enters its fifth year",
        "Pupils at four primary schools now grow much of the salad served at lunch.",
        [
            "What began as a single raised bed behind Oak Street Primary has grown into a network of gardens across four schools, tended by pupils, parents and retired volunteers.",
            "Teachers say the gardens have become outdoor classrooms for mathematics and science as much as for cooking. Pupils measure growth, chart rainfall and weigh their harvests.",
        ],
        ["schools", "gardening"],
        {
            "quote": (
                "The children will eat anything they have grown themselves.",
                "Head cook Marisol Duarte",
            )
        },
    ),
    (
        0,
        [0],
        "Valley bus routes to run every twenty minutes",
        "Three routes get more frequent services under a timetable that starts in January.",
        [
            "The regional transit authority has published a new timetable that doubles the frequency of the three busiest routes in the valley, from every forty minutes to every twenty.",
            "The authority said ridership on the routes had risen steadily for two years, and that new electric buses delivered this autumn made the change possible.",
        ],
        ["transport"],
        {
            "statement": (
                "Meridian Valley Transit Authority",
                "Timetable change from January",
                "From the first Monday in January, routes 2, 5 and 9 will run every twenty minutes between 6am and 8pm. Evening and weekend services are unchanged. Printed timetables will be available at all libraries from mid-December.",
            )
        },
    ),
    (
        1,
        [1],
        "Valley lab maps how honeybees choose a new home",
        "Researchers filmed thousands of scout bees to show how a swarm reaches a decision.",
        [
            "When a honeybee colony swarms, a few hundred scouts fan out to inspect possible nest sites and return to perform waggle dances that advertise what they have found. A team at the valley's agricultural research station has now filmed the whole process in detail.",
            "The recordings show that scouts stop dancing for a site over time, so that weaker options fade away while the best site gathers more and more support. The researchers compare it to a vote that counts itself.",
            "The work may help beekeepers design hives that colonies are more willing to adopt.",
        ],
        ["bees", "research"],
        {
            "quote": (
                "A swarm is a committee that actually reaches a decision.",
                "Dr Helen Marsh, the study's lead author",
            ),
            "image": "Scout bees on a test hive at the research station.",
        },
    ),
    (
        1,
        [1],
        "Amateur astronomers record a rare triple transit",
        "Three of Jupiter's moons crossed the planet's face on the same night, and the valley's skies were clear.",
        [
            "Members of the Meridian Astronomical Society stayed up past three in the morning to watch the shadows of three of Jupiter's moons cross the planet's cloud tops at once.",
            "The society's images, taken with a telescope its members built themselves, have been shared with a professional observatory that collects amateur observations of the giant planet.",
        ],
        ["astronomy"],
        {
            "first_published": (
                "Valley Skies Quarterly",
                "https://example.org/valley-skies/triple-transit",
                3,
                True,
            )
        },
    ),
    (
        1,
        [1],
        "How the old mill's water wheel will make electricity again",
        "Engineers plan to fit a small generator to the restored wheel, enough to light the museum.",
        [
            "The water wheel at the Meridian Mill museum turned for the first time in sixty years last spring. Now volunteers want it to do useful work.",
            "A small generator fitted to the wheel's axle could produce enough electricity to light the museum and charge its electric van, according to a study by engineering students at the community college.",
        ],
        ["energy", "history"],
        {
            "type": "analysis",
            "statement": (
                "Meridian Mill Trust",
                "The wheel and the grid",
                "The Trust welcomes the students' study. Any work on the wheel will respect its listed status and will be reversible. We will seek the views of members before a decision is made at the annual meeting.",
            ),
        },
    ),
    (
        1,
        [1],
        "Creek survey finds otters have returned",
        "Camera traps along Mill Creek recorded otters for the first time in living memory.",
        [
            "Volunteers who set out twenty camera traps along Mill Creek last winter have confirmed what anglers had suspected: otters are back.",
            "Ecologists say the return is a sign of cleaner water after years of work to reduce run-off from roads and farms upstream.",
        ],
        ["wildlife", "rivers"],
        {
            "quote": (
                "We played the clip five times before we believed it.",
                "Volunteer Rosa Lindqvist",
            )
        },
    ),
    (
        2,
        [2],
        "Review: a quiet novel about a lighthouse keeper's daughter",
        "A debut that rewards patience, set on an island where nothing happens slowly.",
        [
            "The island in this first novel is small enough to walk around in an afternoon, and its people know everything about one another except what matters.",
            "The writing is spare and exact. Weather does most of the talking, and the author trusts readers to notice what the characters will not say.",
        ],
        ["books", "reviews"],
        {"type": "review"},
    ),
    (
        2,
        [2],
        "Orchestra's open rehearsals draw record crowds",
        "More than eight hundred people watched the Valley Symphony rehearse on Saturday.",
        [
            "The Valley Symphony Orchestra opened its rehearsal hall to the public for a morning, and more than eight hundred people came to watch the musicians work through a symphony bar by bar.",
            "The conductor stopped often to explain what she was listening for. Children were invited to sit among the cellos for the final run-through.",
        ],
        ["music"],
        {
            "quote": (
                "Rehearsal is where the real music-making happens.",
                "Conductor Ines Almeida",
            ),
            "image": "The orchestra's cellists during the open rehearsal.",
        },
    ),
    (
        2,
        [2],
        "A bakery's hundred-year-old sourdough starter",
        "The family that runs Hartley's says the starter has survived two floods and a move across town.",
        [
            "Every morning before dawn, the bakers at Hartley's feed a starter that the family says has been kept alive since 1925.",
            "The bakery is sharing small jars of the starter with customers this month to mark the anniversary, along with a card of instructions written by the founder's granddaughter.",
        ],
        ["food", "history"],
        {},
    ),
    (
        2,
        [2],
        "Museum restores a painted map of the valley",
        "Conservators spent eighteen months cleaning a map painted for the town's centenary.",
        [
            "A large painted map of the Meridian Valley, darkened by a century of smoke and varnish, is back on display at the town museum after eighteen months in the conservation studio.",
            "Cleaning revealed details nobody alive had seen: a ferry that no longer runs, orchards long since built over and a tiny self-portrait of the painter in a rowing boat.",
        ],
        ["art", "history"],
        {
            "statement": (
                "Meridian Town Museum",
                "Return of the centenary map",
                "The centenary map returns to the main gallery this weekend. Admission remains free. The Museum thanks the volunteers and donors whose support made the conservation possible.",
            )
        },
    ),
    (
        3,
        [3],
        "Meridian Rovers win the valley cup on penalties",
        "A goalkeeper who joined the club in the summer saved two penalties in the shoot-out.",
        [
            "The Meridian Rovers lifted the valley cup for the first time in eleven years after a tense final against Eastbrook that ended one-all after extra time.",
            "Goalkeeper Dana Kowalski, who joined the club from a university side in July, saved the second and fifth penalties of the shoot-out.",
        ],
        ["football"],
        {
            "quote": (
                "I just tried to stay still for as long as I could.",
                "Goalkeeper Dana Kowalski",
            )
        },
    ),
    (
        3,
        [3],
        "Rowing club opens its boathouse to beginners",
        "Free taster sessions on Sunday mornings run until the river freezes.",
        [
            "The Meridian Rowing Club is offering free taster sessions to adults who have never rowed, in an effort to widen its membership beyond the school crews that dominate its calendar.",
            "Beginners start on rowing machines before moving to wide, stable boats on a calm stretch of the river.",
        ],
        ["rowing"],
        {"image": "Beginners take to the water on a calm Sunday morning."},
    ),
    (
        3,
        [3, 0],
        "New floodlights will let junior leagues play on winter evenings",
        "The council and the youth football league are splitting the cost of LED lights at Riverside Park.",
        [
            "Junior football teams will be able to train after dark this winter after the council and the youth league agreed to share the cost of new floodlights at Riverside Park.",
            "The LED lights use less than half the electricity of the old lamps and are designed to keep light away from nearby homes.",
        ],
        ["football", "town council"],
        {
            "statement": (
                "Meridian Youth Football League",
                "Floodlights at Riverside Park",
                "The League is grateful to the Council for its support. The new lights will allow around three hundred young players to train safely through the winter months.",
            )
        },
    ),
    (
        3,
        [3],
        "Marathon route changes to avoid bridge repairs",
        "Runners will follow a new loop through the orchards for this year's race.",
        [
            "The organisers of the Meridian Marathon have redrawn the course to avoid the Old Bridge, which will be closed for repairs until the summer.",
            "The new route adds a loop through the orchards north of the town. Organisers say it is slightly flatter than the old course.",
        ],
        ["running"],
        {},
    ),
]

COURIER_ARTICLES = [
    (
        0,
        [0],
        "Fishing fleet welcomes its first electric boat",
        "The inshore crabber will be charged overnight from the harbour's new shore power point.",
        [
            "A crabbing boat powered by batteries joined the harbour's inshore fleet this week, the first of its kind on this stretch of coast.",
            "Its skipper says the boat is quieter and cheaper to run than her old diesel vessel, and that the batteries comfortably last a day of hauling pots within the bay.",
        ],
        ["fishing", "energy"],
        {
            "quote": ("You can hear the gulls again when you are working.", "Skipper Bethan Rowe"),
            "image": "The electric crabber on its first morning in the harbour.",
        },
    ),
    (
        0,
        [0],
        "Harbour wall repairs finished ahead of winter storms",
        "Contractors replaced more than four hundred damaged stones along the outer wall.",
        [
            "Repairs to the outer harbour wall were completed on Friday, two weeks earlier than planned and before the storms that usually arrive in late autumn.",
            "The harbour commissioners said the work would protect moorings for about sixty boats.",
        ],
        ["harbour"],
        {
            "statement": (
                "Harbour Commissioners",
                "Completion of outer wall repairs",
                "The Commissioners are pleased to confirm that repairs to the outer wall are complete. Access to the wall walkway will reopen on Monday. We thank harbour users for their patience during the works.",
            )
        },
    ),
    (
        0,
        [0],
        "Pilot gig crews race for the regatta shield",
        "Eleven crews rowed the traditional six-oared boats around the bay on Saturday.",
        [
            "The bay filled with pilot gigs on Saturday for the annual regatta, with eleven crews racing the narrow six-oared boats that once carried pilots out to ships.",
            "The women's crew from the harbour rowing club took the shield for the third year running.",
        ],
        ["rowing", "regatta"],
        {},
    ),
    (
        0,
        [0],
        "The harbour master who has seen forty winters",
        "As she prepares to retire, the harbour's longest-serving master looks back.",
        [
            "When Elspeth Grant took charge of the harbour office, boats were logged in pencil and weather came by radio. Forty winters later, she is handing over the keys.",
            "She remembers the storm of 1990, when the whole town turned out to help move boats to safety, as the night the harbour became a community.",
        ],
        ["harbour", "people"],
        {"quote": ("The sea does not care what you planned.", "Harbour master Elspeth Grant")},
    ),
    (
        0,
        [0],
        "Ferry timetable adds a late sailing on Fridays",
        "Islanders will be able to return home after evening events on the mainland.",
        [
            "The island ferry will run an extra sailing at ten on Friday evenings from next month, the operator has announced.",
            "Islanders had campaigned for a later boat so that they could attend concerts and evening classes without staying overnight on the mainland.",
        ],
        ["ferries"],
        {
            "statement": (
                "Island Ferry Company",
                "Friday evening sailing",
                "From the first Friday of next month, an additional sailing will depart the mainland at 22:00 and the island at 22:40. Tickets are available at the usual fares.",
            )
        },
    ),
    (
        1,
        [1],
        "Seal pups counted on the northern rocks",
        "Volunteers recorded ninety-two pups this autumn, the highest count in a decade.",
        [
            "Volunteers from the coastal wildlife trust counted ninety-two grey seal pups on the northern rocks during their weekly surveys this autumn.",
            "The trust asks walkers to keep dogs on leads and to stay well back from the pups, whose mothers may leave them alone on the beach for hours.",
        ],
        ["wildlife", "seals"],
        {
            "first_published": ("The Northern Naturalist", "", 40, False),
            "image": "A grey seal pup resting above the tide line.",
        },
    ),
    (
        1,
        [1],
        "Why this autumn's sea fog lingered for days",
        "Forecasters explain how warm air over a cold sea kept the coast grey.",
        [
            "For most of last week the town could barely see the end of the pier. Forecasters say the cause was warm, moist air drifting over sea water that was still cold from the summer.",
            "The air cooled from below until its moisture condensed into fog, and with little wind to stir it, the fog simply stayed.",
        ],
        ["weather"],
        {
            "type": "analysis",
            "quote": ("It was like living inside a cloud.", "Café owner Nia Hughes"),
        },
    ),
    (
        1,
        [1],
        "Seagrass meadow planted off the south beach",
        "Divers and volunteers planted fifty thousand seeds to restore a lost meadow.",
        [
            "A team of divers and volunteers has planted around fifty thousand seagrass seeds in shallow water off the south beach, where a meadow flourished until the 1930s.",
            "Seagrass shelters young fish, steadies the seabed and stores carbon. The project will monitor the site for five years.",
        ],
        ["seagrass", "wildlife"],
        {
            "statement": (
                "Coastal Wildlife Trust",
                "Seagrass restoration",
                "The Trust has completed the first planting of its seagrass restoration project. Boat users are asked to avoid anchoring within the marked area, which is shown on the harbour notice board.",
            )
        },
    ),
    (
        1,
        [1],
        "Beach clean collects a record haul of fishing line",
        "Three hundred volunteers filled two skips on a single Sunday.",
        [
            "The autumn beach clean drew three hundred volunteers, who filled two skips with rubbish, most of it lost fishing line and rope.",
            "Organisers say rope and line are the most dangerous litter for seabirds, which can become tangled in them.",
        ],
        ["beaches"],
        {},
    ),
    (
        1,
        [1, 2],
        "Storm season: what the new flood barriers will do",
        "Demountable barriers will be fitted along the quay when a surge is forecast.",
        [
            "New flood barriers that can be slotted into place along the quay within two hours are ready for this storm season.",
            "The barriers stand just over a metre high and are stored in a shed at the end of the quay when not in use.",
        ],
        ["weather", "harbour"],
        {
            "quote": (
                "We practise fitting them in the dark, because that is when it happens.",
                "Flood warden Iwan Davies",
            )
        },
    ),
    (
        2,
        [2],
        "Lantern parade lights up the old town",
        "Hundreds of handmade lanterns wound through the streets to mark the end of summer.",
        [
            "Hundreds of handmade lanterns, many of them shaped like fish and boats, wound through the old town on Saturday evening in the annual lantern parade.",
            "Workshops in the weeks before the parade taught children and adults to build lanterns from willow and tissue paper.",
        ],
        ["festivals"],
        {"image": "Lanterns shaped like fish on the harbour steps."},
    ),
    (
        2,
        [2],
        "Choir marks fifty years of singing sea shanties",
        "The Harbour Voices have sung at every lifeboat day since 1976.",
        [
            "The Harbour Voices, a choir of former fishermen and their families, celebrated its fiftieth anniversary with a concert on the quay.",
            "The choir has raised money for the lifeboat station at every lifeboat day since it was founded.",
        ],
        ["music", "people"],
        {
            "quote": (
                "We started as six men in a pub and now we need a bus.",
                "Founder member Gareth Lewis",
            )
        },
    ),
    (
        2,
        [2],
        "Community orchard bears its first apples",
        "Trees planted on the old allotments five years ago produced a modest but welcome crop.",
        [
            "The community orchard on the old allotment site produced its first real crop this autumn, and volunteers pressed the apples into juice at a harvest day.",
            "The orchard grows old local varieties that had almost disappeared from the area.",
        ],
        ["gardening"],
        {
            "statement": (
                "Harbour Town Community Orchard",
                "Harvest day thanks",
                "Thank you to everyone who came to the harvest day. Juice will be available at the community shop while stocks last, with all proceeds going to the orchard's upkeep.",
            )
        },
    ),
    (
        2,
        [2],
        "Repair café fixes its thousandth item",
        "A volunteer-run workshop has kept toasters, bicycles and coats out of landfill for three years.",
        [
            "The repair café that meets in the church hall on the first Saturday of the month has fixed its thousandth item: a 1960s radio brought in by its original owner.",
            "Volunteers mend electrical goods, clothes, furniture and bicycles for free, and teach visitors to do the repairs themselves.",
        ],
        ["repair"],
        {},
    ),
    (
        2,
        [2],
        "Town's oldest shop changes hands",
        "The chandlery that has sold rope and paint since 1894 has new owners.",
        [
            "The harbour chandlery, which has sold rope, paint and oilskins since 1894, has been bought by two former deckhands who worked summers in the shop as teenagers.",
            "They plan to keep the shop's name and its wooden counters, and to add a small workshop for sail repairs.",
        ],
        ["business", "people"],
        {"quote": ("We are not changing the smell. The smell stays.", "New co-owner Cara Penrose")},
    ),
]

ARTICLES = {"daily.localhost": DAILY_ARTICLES, "courier.localhost": COURIER_ARTICLES}

# (article index, kind, text, hours after the story's publication)
CORRECTIONS = {
    "daily.localhost": [
        (
            0,
            "correction",
            "An earlier version of this story said the public meeting on the footbridge would be "
            "held on Wednesday. It will be held on Thursday.",
            5,
        ),
        (
            3,
            "clarification",
            "This story has been updated to make clear that the twenty-minute service runs on "
            "weekdays; weekend timetables are unchanged.",
            20,
        ),
    ],
    "courier.localhost": [
        (
            0,
            "correction",
            "An earlier version of this story gave the wrong length for the electric crabber. "
            "She is eleven metres long, not nine.",
            3,
        ),
    ],
}
