"""An RSS or Atom feed, read with feedparser once defusedxml has refused entity tricks.

Feeds are bounded by the download limit and read whole. A feed of another outlet's stories is
imported with their provenance (first published by the feed's site, canonical to the original);
a feed of the publication's own old site is its archive moving over.
"""

import datetime
from calendar import timegm
from xml.etree.ElementTree import ParseError

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ..body import blocks_from_html, plain, text_of
from ..items import Picture, Refusal, Story, UnreadableSource
from .base import Format


def _when(struct):
    if not struct:
        return None
    return datetime.datetime.fromtimestamp(timegm(struct), tz=datetime.UTC)


class Feed(Format):
    own_archive = False

    def check(self):
        data = self.source.path.read_bytes()
        try:
            fromstring(data)
        except DefusedXmlException as error:
            raise UnreadableSource(
                f"The feed declares XML entities or a DTD, which are refused ({error})."
            ) from error
        except ParseError:
            pass  # not well-formed: feedparser's lenient reading may still recover the items
        self.parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=True)
        if not self.parsed.entries:
            problem = self.parsed.get("bozo_exception")
            raise UnreadableSource(
                f"This is not an RSS or Atom feed with items{f' ({problem})' if problem else ''}."
            )
        self.total = len(self.parsed.entries)
        self.outlet = plain(self.parsed.feed.get("title", ""))

    def stories(self):
        for entry in self.parsed.entries:
            yield self._story(entry)

    def _story(self, entry):
        link = entry.get("link", "")
        key = entry.get("id") or link
        if not key:
            return Refusal(f"item {entry.get('title', '?')!r}", "it has neither an id nor a link")
        title = text_of(entry.get("title", ""))
        if not title:
            return Refusal(key, "it has no title")
        summary = entry.get("summary", "")
        content = entry.get("content", [{}])[0].get("value") or summary
        authors = [plain(a.get("name", "")) for a in entry.get("authors", []) if a.get("name")]
        return Story(
            key=key,
            title=title,
            original_url=link,
            standfirst=text_of(summary) if summary != content else "",
            body=blocks_from_html(content, base_url=link),
            authors=authors,
            tags=[plain(tag.get("term", "")) for tag in entry.get("tags", []) if tag.get("term")],
            published_at=_when(entry.get("published_parsed") or entry.get("updated_parsed")),
            lead_image=_lead_image(entry),
            outlet=self.outlet,
        )


def _lead_image(entry):
    candidates = list(entry.get("media_content", [])) + list(entry.get("media_thumbnail", []))
    candidates += [
        link
        for link in entry.get("links", [])
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/")
    ]
    for candidate in candidates:
        url = candidate.get("url") or candidate.get("href")
        medium = candidate.get("medium") or str(candidate.get("type", "image"))
        if url and medium.startswith("image"):
            return Picture(src=url, alt_text=plain(entry.get("title", ""))[:250])
    return None
