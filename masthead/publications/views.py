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
        lines.append(f"Sitemap: {publication.site.root_url}/sitemap.xml")
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    if publication.site:
        mark_cacheable(response, publication.settings)
    return response
