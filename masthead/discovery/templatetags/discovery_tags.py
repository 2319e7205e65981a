from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from masthead.publications.chrome import Publication

from .. import structured_data

register = template.Library()


@register.simple_tag(takes_context=True)
def structured_data_script(context):
    """`<script type="application/ld+json">` for this page (a data block: the CSP does not
    apply to it, and it runs nothing)."""
    request = context.get("request")
    publication = Publication.for_request(request) if request else None
    if publication is None or publication.site is None:
        return ""
    data = structured_data.for_page(context.flatten(), publication)
    if data is None:
        return ""
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(structured_data.as_script_text(data)),  # noqa: S308 (escaped for a script)
    )
