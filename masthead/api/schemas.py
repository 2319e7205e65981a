"""What the APIs send and take, as typed schemas: they validate requests, shape responses and
are the OpenAPI document (/api/v1/openapi.json)."""

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema


class Link(Schema):
    slug: str
    name: str
    url: str


class SectionOut(Schema):
    slug: str
    title: str
    url: str


class ImageOut(Schema):
    id: int
    url: str
    width: int
    height: int
    alt_text: str
    caption: str
    credit: str


class ArticleSummary(Schema):
    id: int
    url: str = Field(description="The article's address on its publication.")
    headline: str
    standfirst: str
    type_of_work: str
    section: SectionOut | None
    authors: list[Link]
    tags: list[Link]
    published_at: datetime
    updated_at: datetime | None = Field(
        description="When the text last changed after publication (null if never)."
    )
    lead_image: ImageOut | None
    first_published_by: str
    original_url: str
    syndicated: bool


class Block(Schema):
    id: str | None
    type: str = Field(
        description="paragraph, subheading, image, pull_quote, statement or embed; paragraph "
        "and statement text are HTML."
    )
    value: Any


class ArticleDetail(ArticleSummary):
    body: list[Block]
    body_html: str


class ArticlePage(Schema):
    items: list[ArticleSummary]
    next: str | None = Field(description="The next page's address, or null on the last page.")


class SectionsOut(Schema):
    items: list[SectionOut]


class AuthorOut(Schema):
    slug: str
    name: str
    job_title: str
    bio: str
    url: str


class AuthorsOut(Schema):
    items: list[AuthorOut]


class TagsOut(Schema):
    items: list[Link]


class Problem(Schema):
    detail: str


class FieldProblems(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Messages by field ('__all__' for the whole); absent when the body could "
        "not be read at all.",
    )


# -- ninjs 2.0 (IPTC) --------------------------------------------------------------------------


class NinjsText(Schema):
    value: str
    role: str | None = None
    contenttype: str | None = None


class NinjsBody(NinjsText):
    charcount: int | None = None
    wordcount: int | None = None


class NinjsSubject(Schema):
    name: str
    rel: str | None = None
    uri: str | None = None
    literal: str | None = None


class NinjsRendition(Schema):
    name: str
    href: str
    contenttype: str | None = None
    width: int | None = None
    height: int | None = None


class NinjsAssociation(Schema):
    name: str
    uri: str
    type: Literal["picture"]
    headlines: list[NinjsText] = []
    bodies: list[NinjsText] = []
    renditions: list[NinjsRendition]


class NinjsStandard(Schema):
    name: str
    version: str
    schema_: str = Field(alias="schema")


class Ninjs(Schema):
    uri: str
    standard: NinjsStandard
    type: Literal["text"]
    representationtype: Literal["full"]
    version: str
    firstcreated: datetime
    versioncreated: datetime
    contentcreated: datetime | None = None
    pubstatus: Literal["usable"]
    language: str
    copyrightholder: str
    title: str
    slugline: str
    by: str
    headlines: list[NinjsText]
    descriptions: list[NinjsText]
    bodies: list[NinjsBody]
    subjects: list[NinjsSubject]
    genres: list[NinjsSubject]
    associations: list[NinjsAssociation]
    altids: list[NinjsText]


# -- the write API ------------------------------------------------------------------------------


class BlockIn(Schema):
    type: Literal["paragraph", "subheading", "image", "pull_quote", "statement"]
    value: Any = Field(
        description="paragraph: HTML; subheading: text; image: {image, alt_text, caption, "
        "credit}; pull_quote: {quote, attribution}; statement: {title, issuer, date_issued, "
        "source_url, text}."
    )


class DraftIn(Schema):
    headline: str = Field(min_length=1, max_length=255)
    standfirst: str = Field(min_length=1, max_length=220)
    section: str = Field(description="The section's slug.")
    authors: list[str] = Field(min_length=1, description="Authors' slugs, in byline order.")
    body: list[BlockIn] = Field(min_length=1)
    tags: list[str] = []
    type_of_work: str = "news"
    slug: str | None = None
    lead_image: int | None = None
    lead_image_alt_text: str = ""
    lead_image_caption: str = ""
    lead_image_credit: str = ""


class DraftPatch(Schema):
    headline: str | None = Field(None, min_length=1, max_length=255)
    standfirst: str | None = Field(None, min_length=1, max_length=220)
    authors: list[str] | None = Field(None, min_length=1)
    body: list[BlockIn] | None = Field(None, min_length=1)
    tags: list[str] | None = None
    type_of_work: str | None = None
    lead_image: int | None = None
    lead_image_alt_text: str | None = None
    lead_image_caption: str | None = None
    lead_image_credit: str | None = None


class DraftOut(Schema):
    id: int
    headline: str
    slug: str
    section: str
    live: bool
    has_unpublished_changes: bool
    in_moderation: bool
    url: str | None = Field(description="Its address once published, null until then.")
    edit_url: str = Field(description="Where editors open it in the admin.")


class ImageUploaded(Schema):
    id: int
    title: str
    width: int
    height: int
