"""What every format reads its source into: one `Story` per article, or a `Refusal` for an item
that cannot be imported, in the order the source lists them."""

from dataclasses import dataclass, field
from datetime import datetime


class UnreadableSource(Exception):
    """The source as a whole cannot be read (not found, not parseable, refused): nothing is
    imported from it."""


@dataclass
class Picture:
    """An image as the source gives it: an address (http(s), or a path beside a saved page)."""

    src: str
    alt_text: str = ""
    caption: str = ""
    credit: str = ""


@dataclass
class Story:
    # What matches a later run's item to this one: the export's own id, else the original URL.
    key: str
    title: str
    original_url: str = ""
    slug: str = ""
    standfirst: str = ""
    # Body blocks in stored form ({"type": ..., "value": ...}); image blocks carry a Picture
    # until the importer has stored the image.
    body: list = field(default_factory=list)
    authors: list = field(default_factory=list)  # names
    section: str = ""  # a name, when the source files stories under categories
    tags: list = field(default_factory=list)
    published_at: datetime | None = None
    lead_image: Picture | None = None
    # The source's own draft: imported for review, never published.
    draft: bool = False
    # The outlet that published it, when the source names one (a feed's title, a page's site).
    outlet: str = ""
    # A saved page's file, beside which its images' relative addresses are found.
    page_file: object = None


@dataclass
class Refusal:
    key: str
    reason: str
    title: str = ""  # when the item has one
