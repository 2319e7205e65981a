import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control
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


@require_GET
def healthz(request):
    """For load balancers: 200 when this node reaches its database and its shared cache, 503
    naming what it cannot reach. Never cached."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as error:  # noqa: BLE001 - any failure means: not healthy
        checks["database"] = f"unreachable: {type(error).__name__}"
    try:
        probe = f"healthz:{uuid.uuid4().hex}"
        cache.set(probe, "1", timeout=5)
        reachable = cache.get(probe) == "1"
        cache.delete(probe)
        checks["cache"] = "ok" if reachable else "unreachable: value not kept"
    except Exception as error:  # noqa: BLE001
        checks["cache"] = f"unreachable: {type(error).__name__}"
    healthy = all(value == "ok" for value in checks.values())
    response = JsonResponse({"healthy": healthy, **checks}, status=200 if healthy else 503)
    patch_cache_control(response, no_store=True)
    return response
