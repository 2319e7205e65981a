"""Saved news article pages (a folder of .html files, one file, or a page's address).

trafilatura finds the article's text and leaves the page's chrome out (navigation, related
lists, newsletter boxes, players, footers). The page's own metadata (Open Graph, article:*
properties, JSON-LD, <time>) gives the headline, byline, dates, standfirst and lead image more
precisely than the text does. Quoted official statements are lifted out before extraction, so
their issuer, date and source survive it, and put back as statement blocks.
"""

import json
from html import escape
from urllib.parse import urljoin, urlsplit

import lxml.html
import trafilatura
from lxml import etree

from ..body import BodyBuilder, is_statement, plain, rich_text, statement_value, text_of
from ..items import Picture, Refusal, Story, UnreadableSource
from ..sources import decode
from .base import Format, parse_date

PAGE_SUFFIXES = {".html", ".htm"}
STATEMENT_MARK = "MASTHEADSTATEMENT"


class SavedPages(Format):
    # Pages of the publication's own old site are told apart by their address (importer).
    own_archive = False

    def check(self):
        self.files = self.source.files(PAGE_SUFFIXES)
        if not self.files:
            raise UnreadableSource(f"{self.source.location}: no .html files there.")
        self.total = len(self.files)

    def stories(self):
        for path in self.files:
            name = self.source.base_url or str(path.relative_to(self.source.path.parent))
            try:
                yield self._story(path, name)
            except (ValueError, etree.ParserError) as error:
                yield Refusal(name, f"the page could not be read ({error})")

    def _story(self, path, name):
        text = decode(path.read_bytes())
        if not text.strip():
            return Refusal(name, "the file is empty")
        document = lxml.html.document_fromstring(text)
        meta = _metadata(document)
        # Images of a downloaded page resolve against its address; a saved page's images are
        # files beside it (or absolute addresses).
        base_url = self.source.base_url
        statements = _lift_statements(document)
        attributions = _lift_attributions(document)
        extracted = trafilatura.extract(
            lxml.html.tostring(document, encoding="unicode"),
            output_format="xml",
            include_formatting=True,
            include_images=True,
            include_links=True,
            include_comments=False,
            with_metadata=True,
            url=base_url or None,
        )
        if not extracted:
            return Refusal(name, "no article text was found on the page")
        tree = etree.fromstring(extracted.encode())
        title = meta["title"] or plain(tree.get("title") or "")
        if not title:
            return Refusal(name, "the page has no headline")
        captions = _captions(document)
        body = _body(
            tree.find("main"), statements, captions, attributions, {title, meta["standfirst"]}
        )
        if not any(block["type"] != "image" for block in body):
            return Refusal(name, "no article text was found on the page", title)
        lead = meta["image"]
        if lead and base_url:
            lead = urljoin(base_url, lead)
        author = meta["author"] or plain(tree.get("author") or "")
        return Story(
            key=meta["url"] or name,
            title=title,
            original_url=meta["url"],
            standfirst=meta["standfirst"],
            body=[_resolved(block, base_url) for block in body],
            authors=[a.strip() for a in author.split(" and ") if a.strip()] if author else [],
            section=meta["section"],
            tags=meta["tags"],
            published_at=meta["published"] or parse_date(tree.get("date")),
            lead_image=Picture(
                src=lead,
                alt_text=meta["image_alt"] or title[:250],
                caption=captions.get(meta["image"], ""),
            )
            if lead
            else None,
            outlet=meta["site_name"] or urlsplit(meta["url"]).hostname or "",
            page_file=path,
        )


def _resolved(block, base_url):
    if block["type"] == "image" and base_url:
        block["value"].src = urljoin(base_url, block["value"].src)
    return block


def _meta(document, *names):
    for name in names:
        for attribute in ("property", "name", "itemprop"):
            found = document.xpath(f"//meta[@{attribute}=$n]/@content", n=name)
            if found and found[0].strip():
                return found[0].strip()
    return ""


def _json_ld(document):
    """The page's NewsArticle (or Article) structured data, if it has any."""
    for script in document.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for thing in data if isinstance(data, list) else data.get("@graph", [data]):
            if isinstance(thing, dict) and "Article" in str(thing.get("@type", "")):
                return thing
    return {}


def _metadata(document):
    linked = _json_ld(document)
    author = _meta(document, "author", "article:author")
    if not author and linked.get("author"):
        people = linked["author"] if isinstance(linked["author"], list) else [linked["author"]]
        author = " and ".join(p.get("name", "") if isinstance(p, dict) else str(p) for p in people)
    if not author:
        byline = document.xpath("//*[@rel='author'] | //*[contains(@class, 'byline__name')]")
        author = plain(byline[0]) if byline else ""
    published = parse_date(
        _meta(document, "article:published_time", "datePublished")
        or linked.get("datePublished", "")
    )
    if published is None:
        times = document.xpath("//time[@itemprop='datePublished']/@datetime | //time/@datetime")
        published = parse_date(times[0]) if times else None
    h1 = document.xpath("//h1")
    title = text_of(_meta(document, "og:title", "twitter:title")) or (plain(h1[0]) if h1 else "")
    canonical = document.xpath("//link[@rel='canonical']/@href")
    url = (canonical[0] if canonical else "") or _meta(document, "og:url")
    image = _meta(document, "og:image", "twitter:image")
    standfirst_el = document.xpath("//*[contains(@class, 'standfirst')]")
    return {
        "title": title,
        "author": author,
        "published": published,
        "url": url if url.startswith(("http://", "https://")) else "",
        "standfirst": plain(standfirst_el[0])
        if standfirst_el
        else text_of(_meta(document, "description", "og:description")),
        "image": image,
        "image_alt": _meta(document, "og:image:alt"),
        "site_name": _meta(document, "og:site_name"),
        "section": _meta(document, "article:section"),
        "tags": [
            tag.strip()
            for tag in document.xpath("//meta[@property='article:tag']/@content")
            if tag.strip()
        ],
    }


def _lift_statements(document):
    """Replaces each statement with a marker paragraph the extractor keeps, and returns their
    block values, read while their issuer, date and source are still there."""
    lifted = []
    for element in document.xpath("//*[contains(@class, 'statement') or @data-statement]"):
        if element.getparent() is None or not is_statement(element):
            continue
        if any(is_statement(ancestor) for ancestor in element.iterancestors()):
            continue
        marker = lxml.html.fromstring(f"<p>{STATEMENT_MARK}{len(lifted)}</p>")
        lifted.append(statement_value(element))
        marker.tail = element.tail
        element.getparent().replace(element, marker)
    return lifted


def _lift_attributions(document):
    """A block quote's <cite>, which the extractor would run into the quote: removed, and kept
    by the quote's text."""
    attributions = {}
    for cite in document.xpath("//blockquote//cite"):
        quote = next(cite.iterancestors("blockquote"))
        attribution = plain(cite).lstrip("—–- ")[:120]
        cite.drop_tree()
        attributions[plain(quote)] = attribution
    return attributions


def _captions(document):
    """Each figure's caption by its image's address; the extractor keeps images, not captions."""
    captions = {}
    for figure in document.xpath("//figure[.//img and .//figcaption]"):
        src = figure.xpath(".//img/@src")[0]
        captions[src] = plain(figure.xpath(".//figcaption")[0])[:300]
    return captions


# -- the extractor's XML to body blocks --------------------------------------------------------

# The extractor marks bold and italic with <hi rend="#b|#i">; other highlights are plain text.
HIGHLIGHTS = {"#b": "b", "#i": "i"}


def _inline_html(element):
    """An extracted paragraph's content as HTML: hi → b/i, ref → a, lb → br."""
    parts = [escape(element.text or "")]
    for child in element:
        inner = _inline_html(child)
        if child.tag == "hi":
            tag = HIGHLIGHTS.get(child.get("rend", ""), "")
            parts.append(f"<{tag}>{inner}</{tag}>" if tag else inner)
        elif child.tag == "ref" and child.get("target", "").startswith(("http", "mailto")):
            parts.append(f'<a href="{escape(child.get("target"))}">{inner}</a>')
        elif child.tag == "lb":
            parts.append("<br>")
        else:
            parts.append(inner)
        parts.append(escape(child.tail or ""))
    return "".join(parts)


def _body(main, statements, captions, attributions, skip):
    if main is None:
        return []
    builder = BodyBuilder()
    for element in main:
        text = plain("".join(element.itertext()))
        if element.tag == "head":
            if text and text not in skip:
                builder.blocks.append({"type": "subheading", "value": text[:120]})
        elif element.tag == "p":
            if text.startswith(STATEMENT_MARK) and text[len(STATEMENT_MARK) :].isdigit():
                builder.blocks.append(
                    {"type": "statement", "value": statements[int(text[len(STATEMENT_MARK) :])]}
                )
            elif text and text not in skip:
                builder.blocks.append(
                    {"type": "paragraph", "value": rich_text(f"<p>{_inline_html(element)}</p>")}
                )
        elif element.tag == "quote":
            paragraphs = "".join(f"<p>{_inline_html(p)}</p>" for p in element.iter("p")) or text
            cite = attributions.get(text, "")
            cite_html = f"<cite>{escape(cite)}</cite>" if cite else ""
            builder.add_html(f"<blockquote>{paragraphs}{cite_html}</blockquote>")
        elif element.tag == "list":
            tag = "ol" if element.get("rend") == "ol" else "ul"
            items = "".join(f"<li>{_inline_html(item)}</li>" for item in element.iter("item"))
            builder.blocks.append(
                {"type": "paragraph", "value": rich_text(f"<{tag}>{items}</{tag}>")}
            )
        elif element.tag == "graphic" and element.get("src"):
            src = element.get("src")
            builder.blocks.append(
                {
                    "type": "image",
                    "value": Picture(
                        src=src,
                        alt_text=(element.get("alt") or captions.get(src) or "Photograph")[:250],
                        caption=captions.get(src, ""),
                    ),
                }
            )
    return builder.blocks
