from django.http import HttpResponse
from django.views.decorators.http import require_GET

from .cache import mark_cacheable
from .chrome import Publication


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
