"""What stored rich text may contain, checked when it is saved and enforced again when shown.

The admin's editor only ever stores the tags its features allow, but the shell, importers and
the write API store HTML directly. Saving refuses anything else (`unsafe_parts`), and rendering
strips whatever got past (`sanitise`), so a stored `<script>` or `javascript:` link never
reaches a reader.
"""

from html import escape
from html.parser import HTMLParser
from urllib.parse import urlsplit

# The tags of the paragraph features (bold, italic, link, lists), in Wagtail's stored form.
ALLOWED_TAGS = {"p", "br", "b", "strong", "i", "em", "a", "ul", "ol", "li"}
VOID_TAGS = {"br"}
# Their content is code or markup of its own, never text for readers: dropped whole.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "template", "svg", "math"}
# `linktype` and `id` are Wagtail's stored form of links to pages and documents; the editor
# keys every block element with `data-block-key`.
ALLOWED_ATTRIBUTES = {"a": {"href", "linktype", "id"}}
EVERYWHERE_ALLOWED_ATTRIBUTES = {"data-block-key"}
LINK_SCHEMES = {"http", "https", "mailto", "tel"}


def is_safe_link(url):
    """http(s), mailto and tel links, and links within the site; never javascript: or data:."""
    # Browsers ignore control characters and spaces inside a scheme ("java\tscript:").
    cleaned = "".join(ch for ch in (url or "") if ch > " ").strip()
    if not cleaned:
        return False
    scheme = urlsplit(cleaned).scheme.lower()
    if scheme:
        return scheme in LINK_SCHEMES
    return not cleaned.startswith("//")  # a relative link; "//host" would leave the site


def is_web_address(url):
    """An absolute http(s) address, as a statement's source must be."""
    return (
        bool(url)
        and is_safe_link(url)
        and urlsplit(url.strip()).scheme.lower() in {"http", "https"}
    )


class _Sanitiser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.kept = []
        self.refused = []
        self.dropping = 0

    def handle_starttag(self, tag, attrs):
        if tag in DROPPED_WITH_CONTENT:
            self.dropping += 1
            self.refused.append(f"<{tag}>")
            return
        if self.dropping:
            return
        if tag not in ALLOWED_TAGS:
            self.refused.append(f"<{tag}>")
            return
        kept = []
        for name, value in attrs:
            if name not in ALLOWED_ATTRIBUTES.get(tag, set()) | EVERYWHERE_ALLOWED_ATTRIBUTES:
                self.refused.append(f"the {name} attribute of <{tag}>")
            elif name == "href" and not is_safe_link(value):
                self.refused.append(f"a link to {value!r}")
            else:
                kept.append(f' {name}="{escape(value or "")}"')
        self.kept.append(f"<{tag}{''.join(kept)}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in DROPPED_WITH_CONTENT:
            self.dropping -= 1

    def handle_endtag(self, tag):
        if tag in DROPPED_WITH_CONTENT:
            self.dropping = max(0, self.dropping - 1)
        elif not self.dropping and tag in ALLOWED_TAGS and tag not in VOID_TAGS:
            self.kept.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.dropping:
            self.kept.append(escape(data, quote=False))


def _parse(html):
    parser = _Sanitiser()
    parser.feed(html or "")
    parser.close()
    return parser


def unsafe_parts(html):
    """What in this rich text is not allowed, described for the person who wrote it."""
    return list(dict.fromkeys(_parse(html).refused))


def sanitise(html):
    """The rich text with everything not allowed removed."""
    return "".join(_parse(html).kept)
