from urllib.parse import urlsplit

from django import template
from django.utils.safestring import mark_safe
from wagtail.rich_text import expand_db_html

from ..sanitise import is_web_address, sanitise

register = template.Library()


@register.filter
def safe_richtext(value):
    """Stored rich text as readers get it: links expanded, anything not allowed removed."""
    source = getattr(value, "source", value) or ""
    return mark_safe(sanitise(expand_db_html(source)))  # noqa: S308 - sanitised just now


@register.filter
def web_address(url):
    """The address if it is an http(s) one, otherwise nothing (never a javascript: link)."""
    return url if is_web_address(url) else ""


@register.filter
def web_host(url):
    """The site an address is on, as readers name it: "www.gov.uk" for a long address."""
    return urlsplit(url).hostname or url
