from django.http import HttpResponse
from django.views.decorators.http import require_GET

from .cache import mark_cacheable
from .chrome import Publication


@require_GET
def robots_txt(request):
    """Crawlers may read everything but the admin, and learn where this publication's sitemap is."""
    publication = Publication.for_request(request)
    lines = ["User-agent: *", "Disallow: /admin/", "Allow: /"]
    if publication.site:
        lines.append(f"Sitemap: {publication.root_url}/sitemap.xml")
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    if publication.site:
        mark_cacheable(response, publication.settings)
    return response


@require_GET
def publication_css(request):
    """The publication's brand colour as a stylesheet: the CSP allows no inline style. Pages
    link it with the colour in the address, so a new colour is a new file to browsers."""
    publication = Publication.for_request(request)
    colour = publication.settings.brand_colour if publication.site else "#8a1c1c"
    response = HttpResponse(f":root {{ --brand: {colour}; }}\n", content_type="text/css")
    if publication.site:
        mark_cacheable(response, publication.settings)
    return response
