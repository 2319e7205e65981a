"""/api/v1/: the content API (read-only, open) and the write API (keys with scopes), one OpenAPI
document for both at /api/v1/openapi.json and browsable docs at /api/v1/docs.

Built on django-ninja: its typed schemas validate every request and response and are the
OpenAPI document, so the document cannot drift from what the code does (schemathesis fuzzes the
API against it in the tests). Django REST framework, which Wagtail already brings, would need a
third package to produce OpenAPI 3 and serializers written beside the schema.
"""

from urllib.parse import unquote

from django.http import HttpResponse
from django.utils.http import http_date
from django.views.decorators.csp import csp_override
from ninja import NinjaAPI
from ninja.errors import ValidationError
from wagtail.models import Site
from wagtail.utils.urlpatterns import decorate_urlpatterns

from masthead.publications.cache import mark_cacheable
from masthead.publications.models import PublicationSettings

from . import write
from .content import router as content_router

api = NinjaAPI(
    title="Masthead API",
    version="1",
    description=(
        "A publication's published content (articles, sections, authors, tags), and a write API "
        "for newsroom tools. The publication is the request's host."
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/", content_router)


@api.exception_handler(write.RateLimited)
def rate_limited(request, error):
    response = api.create_response(
        request, {"detail": "This key has made too many requests; try again shortly."}, status=429
    )
    response["Retry-After"] = str(error.retry_after)
    return response


@api.exception_handler(ValidationError)
def invalid_request(request, error):
    """Field by field, in the same shape as the write API's own validation errors: query and
    path parameters by name, body fields by their path in the JSON."""
    errors = {}
    for problem in error.errors:
        parts = [str(part) for part in problem.get("loc", ()) if part not in WRAPPERS]
        errors.setdefault(".".join(parts), []).append(problem.get("msg", "Invalid value."))
    if len(errors) > 1:
        errors.pop("", None)  # "the body is missing" beside the fields that say what
    errors = {field or "__all__": messages for field, messages in errors.items()}
    return api.create_response(
        request, {"detail": "The request is not valid.", "errors": errors}, status=422
    )


# Where a parameter came from, and the write operations' body parameter names: not fields.
WRAPPERS = {"body", "query", "path", "form", "file", "draft", "patch"}
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
    "Access-Control-Expose-Headers": "ETag, Last-Modified",
    "Access-Control-Max-Age": "86400",
}


NUL_REFUSED = {
    "detail": "The request is not valid.",
    "errors": {"__all__": ["Text may not contain NUL characters."]},
}


def carries_nul(request):
    """A NUL character in a parameter or a JSON string: no text Masthead keeps may hold one
    (PostgreSQL refuses them), so it is refused before anything looks it up."""
    if "\x00" in unquote(request.META.get("QUERY_STRING", "")):
        return True
    return request.content_type == "application/json" and b"\\u0000" in request.body


def publication_answers(view):
    """Every API view: finds the request's publication; GETs without a key are the content
    API's, open to any site's scripts (CORS) and kept like pages by the page cache."""

    def wrapped(request, *args, **kwargs):
        request.masthead_site = Site.find_for_request(request)
        reading = request.method in ("GET", "HEAD") and "HTTP_AUTHORIZATION" not in request.META
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            for name, value in CORS_HEADERS.items():
                response[name] = value
            return response
        head = request.method == "HEAD"
        if head:
            # Answered as the GET it asks about; the server drops the body. The body stays in
            # the response so that the page cache, which keys HEAD and GET alike, keeps it.
            request.method = "GET"
        if carries_nul(request):
            return api.create_response(request, NUL_REFUSED, status=422)
        response = view(request, *args, **kwargs)
        if head:
            request.method = "HEAD"
        if reading:
            for name, value in CORS_HEADERS.items():
                response[name] = value
            if moment := getattr(request, "masthead_last_modified", None):
                response["Last-Modified"] = http_date(moment.timestamp())
            if response.status_code == 200 and request.masthead_site is not None:
                mark_cacheable(response, PublicationSettings.for_site(request.masthead_site))
        return response

    return wrapped


def urls():
    patterns, app_name, namespace = api.urls
    patterns = decorate_urlpatterns(patterns, publication_answers)
    for pattern in patterns:
        if getattr(pattern, "name", "") == "openapi-view":  # Swagger UI sets styles inline
            pattern.callback = csp_override({})(pattern.callback)
    return patterns, app_name, namespace
