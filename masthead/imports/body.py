"""Imported HTML turned into article body blocks.

Every format ends here: WordPress and Ghost content, a feed item's content, the main text a saved
page's extractor kept. Block-level elements become blocks (paragraphs, lists, subheadings, images
with captions, pull quotes, quoted statements); everything inside a paragraph is cleaned by nh3 to
the paragraph's features (bold, italic, links, lists), so scripts, styles, event handlers and
javascript: links never reach the body.
"""

import datetime
import json
import re
from html import escape, unescape

import lxml.html
import nh3
from lxml import etree

from .items import Picture

RICH_TEXT_TAGS = {"p", "br", "b", "strong", "i", "em", "a", "ul", "ol", "li"}
LINK_SCHEMES = {"http", "https", "mailto", "tel"}
SUBHEADING_MAX = 120
PULL_QUOTE_MAX = 400
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Containers whose children are walked as if they stood in the body.
CONTAINERS = {"div", "section", "article", "main", "header", "center", "span", "body", "html"}
# Never readers' text: dropped with everything inside them.
DROPPED = {
    "script",
    "style",
    "noscript",
    "template",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "nav",
    "footer",
    "svg",
    "math",
    "object",
    "audio",
    "canvas",
    "head",
    "title",
    "meta",
    "link",
}
BLOCK_TAGS = (
    HEADINGS
    | CONTAINERS
    | DROPPED
    | {"p", "ul", "ol", "blockquote", "figure", "img", "aside", "pre", "table", "hr"}
    | {"iframe", "video", "embed", "dl"}
)
_SPACE = re.compile(r"\s+")


def rich_text(html):
    """Inline HTML cleaned to what a paragraph may hold (nh3, an allow-list)."""
    cleaned = nh3.clean(
        html,
        tags=RICH_TEXT_TAGS,
        attributes={"a": {"href"}},
        url_schemes=LINK_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return cleaned.strip()


def text_of(html):
    """The readable text of an HTML snippet (a title, an excerpt, a caption), entities decoded."""
    return plain(unescape(nh3.clean(html or "", tags=set())))


def has_text(html):
    return bool(nh3.clean(html, tags=set()).strip())


def plain(element_or_text):
    text = element_or_text if isinstance(element_or_text, str) else element_or_text.text_content()
    return _SPACE.sub(" ", text or "").strip()


def _paragraph(html):
    return {"type": "paragraph", "value": html}


def _outer_html(element, *, tail=False):
    return lxml.html.tostring(element, encoding="unicode", with_tail=tail)


def _inner_html(element):
    parts = [element.text or ""]
    parts += [_outer_html(child, tail=True) for child in element]
    return "".join(parts)


class BodyBuilder:
    """Walks an HTML fragment once, appending blocks."""

    def __init__(self, *, image_src_for_id=None):
        self.blocks = []
        # WordPress names an image block's attachment in its comment ({"id": 12}); the export
        # maps that id to the full-size file, better than the resized copy in the markup.
        self.image_src_for_id = image_src_for_id or (lambda _id: None)
        self._pending_attachment = None

    def add_html(self, html, *, base_url=""):
        if not html or not html.strip():
            return self
        root = lxml.html.fragment_fromstring(html, create_parent="div")
        if base_url:
            root.make_links_absolute(base_url, resolve_base_href=False)
        self._walk(root)
        return self

    # -- walking ------------------------------------------------------------------------------

    def _walk(self, container):
        loose = [container.text or ""]
        for child in container:
            tag = child.tag if isinstance(child.tag, str) else None
            if tag is None:
                if isinstance(child, etree._Comment):
                    self._comment(child.text or "")
                loose.append(child.tail or "")
                continue
            if tag.lower() in BLOCK_TAGS:
                self._flush(loose)
                loose = []
                self._block(child, tag.lower())
                loose.append(child.tail or "")
            else:
                loose.append(_outer_html(child, tail=True))
        self._flush(loose)

    def _flush(self, parts):
        html = "".join(parts)
        if not html.strip():
            return
        # Text separated by blank lines is paragraphs (WordPress's classic editor stores it so).
        for chunk in re.split(r"\n\s*\n", html):
            cleaned = rich_text(f"<p>{chunk.strip()}</p>")
            if has_text(cleaned):
                self.blocks.append(_paragraph(cleaned))

    def _comment(self, text):
        match = re.match(r"\s*wp:image\s+(\{.*\})", text, re.S)
        if match:
            try:
                self._pending_attachment = json.loads(match.group(1)).get("id")
            except (ValueError, AttributeError):
                self._pending_attachment = None

    def _block(self, element, tag):
        if tag in DROPPED or tag == "hr":
            return
        if tag in HEADINGS:
            if text := plain(element):
                self.blocks.append({"type": "subheading", "value": text[:SUBHEADING_MAX]})
        elif tag == "p":
            self._paragraph_with_images(element)
        elif tag in {"ul", "ol", "dl", "pre", "table"}:
            self._text_block(element, tag)
        elif tag == "img":
            self._image(element)
        elif tag == "figure":
            self._figure(element)
        elif tag == "blockquote":
            self._quote(element)
        elif tag in {"iframe", "video", "embed"}:
            src = element.get("src", "")
            if src.startswith(("http://", "https://")):
                self.blocks.append(_paragraph(rich_text(f'<p><a href="{src}">{src}</a></p>')))
        elif is_statement(element):
            self._statement(element)
        else:  # a container, or an aside that is not a statement
            self._walk(element)

    def _paragraph_with_images(self, element):
        images = element.xpath(".//img")
        for image in images:
            image.drop_tree()
        if plain(element):
            self.blocks.append(_paragraph(rich_text(_outer_html(element))))
        for image in images:
            self._image(image)

    def _text_block(self, element, tag):
        if tag in {"ul", "ol"}:
            html = rich_text(_outer_html(element))
        else:  # code, tables and definition lists keep their text, a line per row
            rows = element.xpath(".//tr | .//dt | .//dd") or [element]
            lines = [plain(row) for row in rows if plain(row)]
            html = "<p>" + "<br/>".join(escape(line) for line in lines) + "</p>"
        if has_text(html):
            self.blocks.append(_paragraph(html))

    def _image(self, element, caption="", credit=""):
        attachment, self._pending_attachment = self._pending_attachment, None
        src = self.image_src_for_id(attachment) if attachment else None
        src = src or element.get("src") or element.get("data-src") or ""
        if not src or src.startswith("data:"):
            return
        alt = plain(element.get("alt", "")) or plain(caption)[:250] or "Photograph"
        self.blocks.append(
            {
                "type": "image",
                "value": Picture(src=src, alt_text=alt[:250], caption=caption[:300], credit=credit),
            }
        )

    def _figure(self, element):
        quote = element.find(".//blockquote")
        if quote is not None:
            self._quote(quote, caption=element.find(".//figcaption"))
            return
        image = element.find(".//img")
        if image is None:
            self._walk(element)
            return
        figcaption = element.find(".//figcaption")
        caption, credit = "", ""
        if figcaption is not None:
            credit_el = figcaption.find(".//*[@class='credit']")
            if credit_el is not None:
                credit = plain(credit_el)[:120]
                credit_el.drop_tree()
            caption = plain(figcaption)
        self._image(image, caption=caption, credit=credit)

    def _quote(self, element, caption=None):
        if is_statement(element):
            self._statement(element)
            return
        cite = caption if caption is not None else element.find(".//cite")
        attribution = ""
        if cite is not None:
            attribution = plain(cite).lstrip("—–- ")[:120]
            if cite.getparent() is not None and cite in element.iter():
                cite.drop_tree()
        text = plain(element)
        if not text:
            return
        if len(text) <= PULL_QUOTE_MAX:
            self.blocks.append(
                {"type": "pull_quote", "value": {"quote": text, "attribution": attribution}}
            )
        else:  # too long to set as a pull quote: the quoted passage stays as paragraphs
            self._walk(element)

    def _statement(self, element):
        self.blocks.append({"type": "statement", "value": statement_value(element)})


# -- quoted statements -------------------------------------------------------------------------


def _classes(element):
    return (element.get("class") or "").lower().split()


def is_statement(element):
    """An official statement as news pages mark it: an element classed "statement" (as Masthead
    and many CMSs render one) or carrying data-statement, with an issuer and a date."""
    marked = "statement" in _classes(element) or element.get("data-statement") is not None
    return marked and _issuer(element) != "" and _issued_on(element) is not None


def _first(element, xpath):
    found = element.xpath(xpath)
    return found[0] if found else None


def _issuer(element):
    if element.get("data-issuer"):
        return plain(element.get("data-issuer"))
    found = _first(element, ".//*[contains(concat(' ', @class, ' '), ' statement__issuer ')]")
    if found is None:
        found = _first(element, ".//cite | .//footer")
    if found is None:
        return ""
    text = plain(found)
    # "— Harbour Commissioners, 30 May 2025": the name is what comes before the date.
    return re.split(r",|\s+on\s+", text.lstrip("—–- "))[0].strip()[:200]


def _issued_on(element):
    value = element.get("data-date")
    if not value:
        time = _first(element, ".//time[@datetime]")
        value = time.get("datetime") if time is not None else ""
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def statement_value(element):
    """The statement block's value; read before the quoted text is separated from its chrome."""
    title = _first(element, ".//*[contains(concat(' ', @class, ' '), ' statement__title ')]")
    title = plain(title)[:200] if title is not None else ""
    issuer, issued_on = _issuer(element), _issued_on(element)
    quote = element if element.tag == "blockquote" else _first(element, ".//blockquote")
    source = (quote.get("cite") if quote is not None else "") or element.get("data-source") or ""
    if not source:
        link = _first(
            element,
            ".//footer//a[@href] | .//cite//a[@href]"
            " | .//*[contains(@class, 'statement__meta')]//a[@href]",
        )
        source = link.get("href") if link is not None else ""
    text_root = quote if quote is not None else element
    for chrome in text_root.xpath(".//footer | .//cite | .//time"):
        if chrome.getparent() is not None:
            chrome.drop_tree()
    paragraphs = text_root.xpath(".//p") or [text_root]
    text = "".join(rich_text(_outer_html(p)) for p in paragraphs if plain(p))
    return {
        "title": title,
        "issuer": issuer,
        "date_issued": issued_on.isoformat(),
        "source_url": source if source.startswith(("http://", "https://")) else "",
        "text": text or "<p></p>",
    }


def blocks_from_html(html, *, base_url="", image_src_for_id=None):
    return BodyBuilder(image_src_for_id=image_src_for_id).add_html(html, base_url=base_url).blocks
