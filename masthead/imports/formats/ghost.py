"""Ghost's export (JSON, "Settings → Labs → Export"), posts written in Lexical (Ghost 5) or
Mobiledoc (Ghost 1–4), or given as HTML.

Streamed with ijson: the first pass checks the whole file and keeps the small tables posts refer
to (users, tags and their links to posts); the second reads one post at a time.
"""

import html
import json

import ijson
from ijson.common import ObjectBuilder

from ..body import blocks_from_html, text_of
from ..items import Picture, Refusal, Story, UnreadableSource
from .base import Format, parse_date

TABLES = ("users", "tags", "posts_tags", "posts_authors", "settings")
GHOST_URL = "__GHOST_URL__"


class GhostExport(Format):
    def __init__(self, source):
        super().__init__(source)
        self.prefix = None
        self.tables = {name: [] for name in TABLES}

    def check(self):
        posts = 0
        builders = {}
        try:
            with open(self.source.path, "rb") as file:
                for prefix, event, value in ijson.parse(file, use_float=True):
                    if self.prefix is None and event == "map_key" and value in {"db", "data"}:
                        self.prefix = "db.item.data." if value == "db" else "data."
                    if self.prefix is None:
                        continue
                    if prefix == self.prefix + "posts.item" and event == "start_map":
                        posts += 1
                    for name in TABLES:
                        item_prefix = f"{self.prefix}{name}.item"
                        if prefix == item_prefix and event == "start_map":
                            builders[name] = ObjectBuilder()
                        if name in builders:
                            builders[name].event(event, value)
                            if prefix == item_prefix and event == "end_map":
                                self.tables[name].append(builders.pop(name).value)
        except (ijson.JSONError, ijson.IncompleteJSONError, UnicodeDecodeError) as error:
            reason = " ".join(str(error).split())  # ijson's messages run over several lines
            raise UnreadableSource(f"The export is not valid JSON: {reason}.") from error
        if self.prefix is None:
            raise UnreadableSource("This is JSON but not a Ghost export (no db or data).")
        self.total = posts
        self.users = {
            user["id"]: user.get("name") or user.get("slug") for user in self.tables["users"]
        }
        public_tags = {
            tag["id"]: tag["name"]
            for tag in self.tables["tags"]
            if tag.get("visibility", "public") == "public" and tag.get("name")
        }
        self.post_tags = _grouped(self.tables["posts_tags"], "tag_id", public_tags)
        self.post_authors = _grouped(self.tables["posts_authors"], "author_id", self.users)

    def stories(self):
        with open(self.source.path, "rb") as file:
            for post in ijson.items(file, self.prefix + "posts.item", use_float=True):
                yield self._story(post)

    def _story(self, post):
        key = f"ghost:{post.get('uuid') or post.get('id')}"
        title = text_of(post.get("title") or "")
        if post.get("type", "post") != "post":
            return Refusal(key, "a Ghost page, not a post", title)
        if not title:
            return Refusal(key, "it has no title")
        status = post.get("status", "published")
        body_html = (
            lexical_to_html(post.get("lexical"))
            or mobiledoc_to_html(post.get("mobiledoc"))
            or post.get("html")
            or ""
        )
        tags = self.post_tags.get(post.get("id"), [])
        authors = self.post_authors.get(post.get("id")) or (
            [self.users[post["author_id"]]] if post.get("author_id") in self.users else []
        )
        feature = post.get("feature_image")
        return Story(
            key=key,
            title=title,
            slug=post.get("slug") or "",
            standfirst=text_of(post.get("custom_excerpt") or post.get("excerpt") or ""),
            body=blocks_from_html(_local_paths(body_html)),
            authors=authors,
            section=tags[0] if tags else "",
            tags=tags,
            published_at=parse_date(post.get("published_at") or post.get("created_at")),
            lead_image=Picture(
                src=_local_paths(feature),
                alt_text=post.get("feature_image_alt") or title[:250],
                caption=text_of(post.get("feature_image_caption") or "")[:300],
            )
            if feature
            else None,
            draft=status != "published",
        )


def _local_paths(text):
    """Ghost writes its own address as a placeholder; the images it names are the export's
    content folder (content/images/…), which sits beside the JSON file when it was kept."""
    return text.replace(GHOST_URL + "/", "").replace(GHOST_URL, "")


def _grouped(links, field, names):
    """post id → names in the export's sort order, for a posts_tags or posts_authors table."""
    grouped = {}
    for link in sorted(links, key=lambda row: row.get("sort_order") or 0):
        if link.get(field) in names:
            grouped.setdefault(link["post_id"], []).append(names[link[field]])
    return grouped


def _loaded(document):
    if not document:
        return None
    if isinstance(document, str):
        try:
            return json.loads(document)
        except ValueError:
            return None
    return document


# -- Lexical (Ghost 5) -------------------------------------------------------------------------

TEXT_FORMATS = ((1, "strong"), (2, "em"))


def _lexical_children(node):
    return "".join(_lexical_node(child) for child in node.get("children") or [])


def _lexical_node(node):
    kind = node.get("type")
    if kind in {"text", "extended-text"}:
        text = html.escape(node.get("text", ""))
        for bit, tag in TEXT_FORMATS:
            if node.get("format", 0) & bit:
                text = f"<{tag}>{text}</{tag}>"
        return text
    if kind == "linebreak":
        return "<br>"
    if kind == "link":
        return f'<a href="{html.escape(node.get("url", ""))}">{_lexical_children(node)}</a>'
    if kind == "paragraph":
        return f"<p>{_lexical_children(node)}</p>"
    if kind in {"heading", "extended-heading"}:
        tag = node.get("tag", "h2")
        return f"<{tag}>{_lexical_children(node)}</{tag}>"
    if kind in {"quote", "extended-quote", "aside"}:
        return f"<blockquote><p>{_lexical_children(node)}</p></blockquote>"
    if kind == "list":
        tag = "ol" if node.get("listType") == "number" else "ul"
        return f"<{tag}>{_lexical_children(node)}</{tag}>"
    if kind == "listitem":
        return f"<li>{_lexical_children(node)}</li>"
    if kind == "image":
        return _figure(node.get("src"), node.get("alt") or node.get("altText"), node.get("caption"))
    if kind == "html":
        return node.get("html", "")
    return _lexical_children(node)  # cards Masthead has no block for keep their text


def lexical_to_html(document):
    document = _loaded(document)
    if not isinstance(document, dict) or not isinstance(document.get("root"), dict):
        return ""
    return _lexical_children(document["root"])


def _figure(src, alt, caption):
    if not src:
        return ""
    caption_html = (
        f"<figcaption>{html.escape(text_of(caption or ''))}</figcaption>" if caption else ""
    )
    return (
        f'<figure><img src="{html.escape(src)}" alt="{html.escape(alt or "")}">'
        f"{caption_html}</figure>"
    )


# -- Mobiledoc (Ghost 1–4) ---------------------------------------------------------------------


def _markers(markers, markups):
    out, open_tags = [], []
    for marker in markers:
        _kind, opened, closed, value = (list(marker) + [None, None, None, None])[:4]
        for index in opened or []:
            tag, attributes = (list(markups[index]) + [[]])[:2]
            pairs = dict(zip(attributes[::2], attributes[1::2], strict=False))
            attrs = (
                f' href="{html.escape(pairs["href"])}"' if tag == "a" and "href" in pairs else ""
            )
            out.append(f"<{tag}{attrs}>")
            open_tags.append(tag)
        out.append(html.escape(value) if isinstance(value, str) else "")
        for _ in range(closed or 0):
            if open_tags:
                out.append(f"</{open_tags.pop()}>")
    out.extend(f"</{tag}>" for tag in reversed(open_tags))
    return "".join(out)


def _card(name, payload):
    payload = payload or {}
    if name == "image":
        return _figure(payload.get("src"), payload.get("alt"), payload.get("caption"))
    if name == "html":
        return payload.get("html", "")
    if name == "markdown":  # kept as plain paragraphs: Masthead does not render Markdown
        return "".join(
            f"<p>{html.escape(chunk.strip())}</p>"
            for chunk in (payload.get("markdown") or "").split("\n\n")
            if chunk.strip()
        )
    return ""


def mobiledoc_to_html(document):
    document = _loaded(document)
    if not isinstance(document, dict):
        return ""
    markups = document.get("markups") or []
    cards = document.get("cards") or []
    out = []
    for section in document.get("sections") or []:
        kind = section[0]
        if kind == 1:  # markup section: p, h2, blockquote…
            tag = str(section[1]).lower()
            tag = tag if tag in {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"} else "p"
            out.append(f"<{tag}>{_markers(section[2], markups)}</{tag}>")
        elif kind == 3:  # list section
            tag = "ol" if section[1] == "ol" else "ul"
            items = "".join(f"<li>{_markers(item, markups)}</li>" for item in section[2])
            out.append(f"<{tag}>{items}</{tag}>")
        elif kind == 10 and section[1] < len(cards):
            out.append(_card(*cards[section[1]]))
    return "".join(out)
