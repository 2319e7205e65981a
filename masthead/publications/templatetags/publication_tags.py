from django import template

from ..chrome import Publication

register = template.Library()


@register.simple_tag(takes_context=True)
def publication(context):
    """`{% publication as pub %}`: the masthead, settings, dateline and sections of this site."""
    return Publication.for_request(context["request"])


@register.simple_tag(takes_context=True)
def site_url(context, page):
    return Publication.for_request(context["request"]).url_for(page)


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """A path made absolute on this publication's own address; absolute URLs pass through."""
    if not url or not url.startswith("/"):
        return url
    return Publication.for_request(context["request"]).root_url + url
