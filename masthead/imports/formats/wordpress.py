"""WordPress's export (WXR, "Tools → Export"): an RSS file with WordPress's own elements.

Read with defusedxml (no entities, no DTD, so no entity-expansion or external-entity attacks) as a
stream: each item is dropped once read, so memory stays flat however large the export. The first
pass checks the whole file and collects the small things posts refer to (authors, attachments);
the second reads the posts.
"""

from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from ..body import blocks_from_html, plain, text_of
from ..items import Picture, Refusal, Story, UnreadableSource
from ..sources import CleanText
from .base import Format, parse_date

WP = "{http://wordpress.org/export/1.2/}"
WP_OLDER = ("{http://wordpress.org/export/1.1/}", "{http://wordpress.org/export/1.0/}")
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
EXCERPT = "{http://wordpress.org/export/1.2/excerpt/}encoded"
CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
# Statuses imported for review rather than published; others are not stories to bring over.
DRAFT_STATUSES = {"draft", "pending", "future"}
REFUSED_STATUSES = {
    "private": "a private post",
    "trash": "in WordPress's trash",
    "auto-draft": "an unsaved automatic draft",
    "inherit": "a revision",
}


def _wp(element, name):
    """A WordPress element's text, whichever WXR version (1.0–1.2) wrote it."""
    for namespace in (WP, *WP_OLDER):
        found = element.find(namespace + name)
        if found is not None:
            return (found.text or "").strip()
    return ""


def _local(tag):
    return tag.rsplit("}", 1)[-1]


class WordPressExport(Format):
    def __init__(self, source):
        super().__init__(source)
        self.authors = {}  # login → display name
        self.attachments = {}  # post id → file URL
        self.site_url = ""

    def _items(self):
        """Each <item> element, and the channel's own elements, streamed."""
        with CleanText(self.source.path) as text:
            channel = None
            try:
                for event, element in iterparse(text, events=("start", "end")):
                    name = _local(element.tag)
                    if event == "start":
                        if name == "channel" and channel is None:
                            channel = element
                        continue
                    if name == "item":
                        yield element
                        element.clear()
                        if channel is not None:
                            channel.remove(element)
                    elif name == "author" and element.tag.startswith(("{http://wordpress.org",)):
                        login = _wp(element, "author_login")
                        self.authors[login] = _wp(element, "author_display_name") or login
                        if channel is not None:
                            channel.remove(element)
                    elif name == "link" and channel is not None and element in list(channel):
                        self.site_url = self.site_url or (element.text or "").strip()
            except DefusedXmlException as error:
                raise UnreadableSource(
                    f"The export declares XML entities or a DTD, which are refused ({error})."
                ) from error
            except ParseError as error:
                raise UnreadableSource(f"The export is not well-formed XML: {error}.") from error
            if channel is None:
                raise UnreadableSource("This is XML but not a WordPress export (no <channel>).")

    def check(self):
        posts = 0
        for item in self._items():
            post_type = _wp(item, "post_type")
            if post_type == "attachment":
                url = _wp(item, "attachment_url")
                if url:
                    self.attachments[_wp(item, "post_id")] = url
            elif post_type in {"post", "page"}:
                posts += 1
        if not self.site_url and not self.authors and not posts:
            raise UnreadableSource("This is XML but not a WordPress export (no posts, no authors).")
        self.total = posts

    def stories(self):
        for item in self._items():
            post_type = _wp(item, "post_type")
            if post_type not in {"post", "page"}:
                continue  # attachments, menu items, blocks: not stories
            yield self._story(item, post_type)

    def _story(self, item, post_type):
        post_id = _wp(item, "post_id")
        guid = (item.findtext("guid") or "").strip()
        key = f"wordpress:{self.site_url}#{post_id}" if post_id else f"wordpress:{guid}"
        title = text_of(item.findtext("title") or "")
        if post_type == "page":
            return Refusal(key, "a WordPress page, not a post", title)
        status = _wp(item, "status")
        if status in REFUSED_STATUSES:
            return Refusal(key, REFUSED_STATUSES[status], title)
        if not title:
            return Refusal(key, "it has no title")
        sections, tags = [], []
        for category in item.findall("category"):
            name = plain(category.text or "")
            if category.get("domain") == "category" and name and name != "Uncategorized":
                sections.append(name)
            elif category.get("domain") == "post_tag" and name:
                tags.append(name)
        thumbnail = next(
            (
                _wp(meta, "meta_value")
                for meta in item.iter()
                if _local(meta.tag) == "postmeta" and _wp(meta, "meta_key") == "_thumbnail_id"
            ),
            None,
        )
        lead = self.attachments.get(thumbnail) if thumbnail else None
        link = (item.findtext("link") or "").strip()
        return Story(
            key=key,
            title=title,
            original_url=link,
            slug=_wp(item, "post_name"),
            standfirst=text_of(item.findtext(EXCERPT) or ""),
            body=blocks_from_html(
                item.findtext(CONTENT) or "",
                base_url=link or self.site_url,
                image_src_for_id=lambda attachment: self.attachments.get(str(attachment)),
            ),
            authors=[self.authors.get(login, login) for login in [item.findtext(CREATOR)] if login],
            section=sections[0] if sections else "",
            tags=tags,
            published_at=parse_date(_wp(item, "post_date_gmt"))
            or parse_date(item.findtext("pubDate"))
            or parse_date(_wp(item, "post_date")),
            lead_image=Picture(src=lead, alt_text=title[:250]) if lead else None,
            draft=status in DRAFT_STATUSES,
        )
