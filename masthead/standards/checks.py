"""The standards desk's checks, run on every saved version of a story before it is published.

Each check reads the story as it stands (headline, standfirst, body, lead image) and returns
findings: the text it concerns and why it matters. Findings are warnings; a publication can
make chosen checks block publishing (StandardsSettings), and an editor can dismiss a finding
with a reason (Dismissal).
"""

import datetime
import html
import re
from dataclasses import dataclass

from django.utils import timezone
from wagtail import hooks

# Wagtail hook: fn(article, since) -> bool, whether the story carries a correction or update
# note made after `since`; capabilities that keep such notes answer it (corrections).
UPDATE_NOTE_HOOK = "masthead_has_update_note_since"

HEADLINE_MAX = 110
LONG_QUOTE_WORDS = 20
STALE_AFTER = datetime.timedelta(days=31)
QUIET_PERIOD = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Finding:
    check: str
    concerns: str
    why: str
    error: bool = False

    @property
    def severity(self):
        return "error" if self.error else "warning"


CHECKS = {
    "relative-time": "Relative time words in a story about older events",
    "statement-attribution": "Statement or quotation without issuer, date or source",
    "unattributed-quote": "Long quotation with no attribution nearby",
    "standfirst": "Missing standfirst, or one that repeats the headline",
    "alt-text": "Image without alt text",
    "headline-length": f"Headline longer than {HEADLINE_MAX} characters",
    "links": "Plain http links and “click here” links",
    "silent-change": "Changed after publication with no correction or update note",
}

RELATIVE_WORDS = re.compile(
    r"\b(yesterday|today|tonight|last week|this week|last night|recently)\b", re.I
)
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DATE_PATTERNS = [
    re.compile(MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?\b", re.I),
    re.compile(
        r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + MONTH + r"(?:,?\s+(?P<year>\d{4}))?\b", re.I
    ),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
]
QUOTED = re.compile(r"[“\"]([^”\"]+)[”\"]")
ATTRIBUTION = re.compile(
    r"\b(said|says|told|according to|asked|wrote|writes|added|explained|stated|announced)\b",
    re.I,
)
LINK = re.compile(r"<a\b[^>]*?href=\"([^\"]*)\"[^>]*>(.*?)</a>", re.I | re.S)
VAGUE_LINK_TEXT = {"click here", "here", "click", "this link", "read more"}
TAG = re.compile(r"<[^>]+>")


def plain(markup):
    return html.unescape(TAG.sub(" ", markup or "")).split()


def text_of(markup):
    return " ".join(plain(markup))


def sentence_around(text, start, end):
    left = max(text.rfind(".", 0, start), text.rfind("!", 0, start), text.rfind("?", 0, start))
    right = min((i for i in (text.find(c, end) for c in ".!?") if i >= 0), default=len(text))
    return text[left + 1 : right + 1].strip()


def explicit_dates(text, reference):
    """Every date written out in the text; a day and month with no year is taken in the year
    that puts it nearest before the reference (a story about "March 3" written in April)."""
    found = []
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            month = match["month"]
            month = int(month) if month.isdigit() else MONTHS[month.lower()]
            year = int(match["year"]) if match["year"] else reference.year
            try:
                day = datetime.date(year, month, int(match["day"]))
            except ValueError:
                continue
            if not match["year"] and day > reference.date() + datetime.timedelta(days=31):
                day = day.replace(year=year - 1)
            found.append(day)
    return found


class Story:
    """The parts of a story the checks read, from one version of it."""

    def __init__(self, article):
        self.article = article
        self.paragraphs = []  # plain text of each paragraph
        self.paragraph_html = []
        self.statements = []
        self.pull_quotes = []
        self.images = []
        for block in article.body:
            kind, value = block.block_type, block.value
            if kind == "paragraph":
                self.paragraph_html.append(value.source)
                self.paragraphs.append(text_of(value.source))
            elif kind == "statement":
                self.statements.append(value)
                self.paragraph_html.append(value["text"].source)
            elif kind == "pull_quote":
                self.pull_quotes.append(value)
            elif kind == "image":
                self.images.append(value)
        self.text = "\n".join(self.paragraphs)


def relative_time(story, now):
    article = story.article
    reference = article.first_published_at if article.live and article.first_published_at else now
    dates = explicit_dates(story.text, reference)
    dates += [s["date_issued"] for s in story.statements if s.get("date_issued")]
    if not dates:
        return []
    newest = max(dates)
    if newest >= (reference - STALE_AFTER).date():
        return []
    findings = []
    for paragraph in story.paragraphs:
        for match in RELATIVE_WORDS.finditer(paragraph):
            findings.append(
                Finding(
                    "relative-time",
                    sentence_around(paragraph, match.start(), match.end()),
                    f"“{match[0]}” reads as near the publication date, but the newest date the "
                    f"story gives is {newest:%B} {newest.day}, {newest.year}: say when.",
                )
            )
    return findings


def statement_attribution(story, now):
    findings = []
    for statement in story.statements:
        missing = [
            name
            for name, key in (
                ("issuer", "issuer"),
                ("date of issue", "date_issued"),
                ("source", "source_url"),
            )
            if not statement.get(key)
        ]
        if missing:
            findings.append(
                Finding(
                    "statement-attribution",
                    statement.get("title") or text_of(statement["text"].source)[:80],
                    f"A quoted statement needs its {', '.join(missing)}: readers must be able to "
                    "tell who said it, when, and check it.",
                )
            )
    for quote in story.pull_quotes:
        if not quote.get("attribution"):
            findings.append(
                Finding(
                    "statement-attribution",
                    quote["quote"],
                    "A pull quote needs the name of whoever said it.",
                )
            )
    return findings


def unattributed_quote(story, now):
    findings = []
    for paragraph in story.paragraphs:
        for match in QUOTED.finditer(paragraph):
            if len(match[1].split()) >= LONG_QUOTE_WORDS and not ATTRIBUTION.search(paragraph):
                findings.append(
                    Finding(
                        "unattributed-quote",
                        match[0][:120],
                        "A long quotation with no one saying it (“said”, “according to”, a "
                        "named speaker) in its paragraph: readers cannot tell whose words these are.",
                    )
                )
    return findings


def words(text):
    return {w.strip(".,;:!?“”\"'’").lower() for w in text.split()} - {""}


def standfirst(story, now):
    article = story.article
    if not article.standfirst.strip():
        return [
            Finding(
                "standfirst",
                article.title,
                "Every story needs a standfirst: the one sentence under the headline that says what it is.",
            )
        ]
    headline, summary = words(article.title), words(article.standfirst)
    if headline and len(headline & summary) / len(headline | summary) >= 0.7:
        return [
            Finding(
                "standfirst",
                article.standfirst,
                "The standfirst repeats the headline: tell the reader something the headline does not.",
            )
        ]
    return []


def alt_text(story, now):
    findings = []
    article = story.article
    if article.lead_image_id and not article.lead_image_alt_text.strip():
        findings.append(
            Finding("alt-text", "Lead image", "Describe the image for readers who cannot see it.")
        )
    for image in story.images:
        if not (image.get("alt_text") or "").strip():
            findings.append(
                Finding(
                    "alt-text",
                    image.get("caption") or "Body image",
                    "Describe the image for readers who cannot see it.",
                )
            )
    return findings


def headline_length(story, now):
    title = story.article.title
    if len(title) > HEADLINE_MAX:
        return [
            Finding(
                "headline-length",
                title,
                f"The headline has {len(title)} characters; search results and shares cut it "
                f"after about {HEADLINE_MAX}.",
            )
        ]
    return []


def links(story, now):
    findings = []
    for markup in story.paragraph_html:
        for href, label in LINK.findall(markup):
            label = text_of(label)
            if href.lower().startswith("http://"):
                findings.append(
                    Finding(
                        "links",
                        href,
                        "A plain http link: use the https address, so the reader's visit is private.",
                    )
                )
            if label.lower().strip(" .") in VAGUE_LINK_TEXT:
                findings.append(
                    Finding(
                        "links",
                        label,
                        "Link text should say where it leads; “click here” means nothing read aloud or out of context.",
                    )
                )
    return findings


def silent_change(story, now):
    article = story.article
    first = article.first_published_at
    if not (article.live and first and article.published_text_fingerprint):
        return []
    if (
        now - first < QUIET_PERIOD
        or article.text_fingerprint() == article.published_text_fingerprint
    ):
        return []
    since = article.last_published_at or first
    if any(answer(article, since) for answer in hooks.get_hooks(UPDATE_NOTE_HOOK)):
        return []
    return [
        Finding(
            "silent-change",
            article.title,
            "The headline or text differs from what readers saw, more than a day after first "
            "publication: add a correction or an update note saying what changed.",
        )
    ]


RUNS = {
    "relative-time": relative_time,
    "statement-attribution": statement_attribution,
    "unattributed-quote": unattributed_quote,
    "standfirst": standfirst,
    "alt-text": alt_text,
    "headline-length": headline_length,
    "links": links,
    "silent-change": silent_change,
}


def review(article, *, blocking=(), dismissed=(), now=None):
    """Every finding on this version of the story, in the order of CHECKS. Those of a check the
    publication made blocking are errors, unless an editor dismissed them; dismissed findings
    are left out."""
    now = now or timezone.now()
    story = Story(article)
    findings = []
    for code, run in RUNS.items():
        for finding in run(story, now):
            if (finding.check, finding.concerns) in dismissed:
                continue
            findings.append(Finding(finding.check, finding.concerns, finding.why, code in blocking))
    return findings
