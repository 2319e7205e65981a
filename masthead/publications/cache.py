"""Whole-page cache for anonymous readers.

Every anonymous reader gets the same HTML, so a rendered page is stored once and served to the
next reader before sessions, users or the page tree are touched. Pages opt in with
`mark_cacheable`, which also caps the lifetime at the publication's next midnight so the
dateline never goes stale. Any publish, unpublish, move or settings change bumps one generation
counter, which retires every stored page at once.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from .chrome import Publication, remember_snapshot, remembered_snapshot, snapshot_key
from .dateline import seconds_until_local_midnight
from .local_cache import ENVIRON_KEY, KEEP_HEADER, front_expires

logger = logging.getLogger(__name__)

GENERATION_KEY = "masthead:page-cache:generation"
SESSION_COOKIES = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
BROWSER_MAX_AGE = 60


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # Start from the clock, so a counter lost to eviction never comes back to an old value
        # whose pages may still be stored.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def invalidate_pages():
    _next_generation()
    # Again once the change is committed: a reader who arrived between the first bump and the
    # commit was given the page as it was, and it must not be kept under the new generation.
    transaction.on_commit(_next_generation)


def _next_generation():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def mark_cacheable(response, publication_settings):
    """Let shared caches and the page cache keep this response until the day turns."""
    seconds = min(settings.PAGE_CACHE_SECONDS, seconds_until_local_midnight(publication_settings))
    response.masthead_cache_seconds = seconds
    patch_cache_control(
        response, public=True, max_age=min(BROWSER_MAX_AGE, seconds), s_maxage=seconds
    )
    return response


def is_anonymous_read(request):
    if request.method not in ("GET", "HEAD"):
        return False
    # A signed-in editor sees the admin bar and previews: never share their pages.
    return not any(name in request.COOKIES for name in SESSION_COOKIES)


def _cache_key(request, generation):
    address = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"masthead:page:v2:{generation}:{digest}"


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_anonymous_read(request):
            return _kept_private(self.get_response(request))
        try:
            generation = current_generation()
            key, publication_key = (
                _cache_key(request, generation),
                snapshot_key(request, generation),
            )
            snapshot = remembered_snapshot(publication_key, generation)
            if snapshot is None:
                # One round trip for the page and, in case it is not there, its publication.
                found = cache.get_many([key, publication_key])
                stored, snapshot = found.get(key), found.get(publication_key)
                if snapshot is not None:
                    remember_snapshot(publication_key, snapshot)
            else:
                stored = cache.get(key)
            publication = Publication.restore(request, snapshot) if stored is None else None
        except Exception:  # noqa: BLE001 - whatever the cache backend raises when it is down
            # Readers still get pages, rendered by Python, while the shared cache is away.
            logger.warning("Page cache unreachable; serving %s uncached", request.path)
            return self.get_response(request)
        if stored is not None:
            return self._rebuild(stored, request, generation)
        response = self.get_response(request)
        seconds = getattr(response, "masthead_cache_seconds", None)
        try:
            if publication is None and hasattr(request, "_masthead_publication"):
                request._masthead_publication.keep(generation)
            if (
                seconds
                and response.status_code == 200
                and not response.streaming
                and not response.cookies
            ):
                # Every header, so a hit carries what the middleware below this one added
                # (X-Frame-Options and the like) exactly as the first reader got it.
                expires_at = time.time() + seconds
                stored = (response.content, dict(response.items()), expires_at)
                cache.set(key, stored, timeout=seconds)
                _mark_shareable(response, request, generation, expires_at)
        except Exception:  # noqa: BLE001
            logger.warning("Page cache unreachable; %s not stored", request.path)
        response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _rebuild(stored, request, generation):
        content, headers, expires_at = stored
        response = HttpResponse(b"" if request.method == "HEAD" else content)
        for name, value in headers.items():
            response[name] = value
        response["X-Page-Cache"] = "hit"
        _mark_shareable(response, request, generation, expires_at)
        return response


def _kept_private(response):
    """A signed-in editor's page (with the edit bar) must not be kept by any shared cache, a
    CDN that ignores cookies included, even though the view marked the page shareable."""
    if getattr(response, "masthead_cache_seconds", None):
        del response["Cache-Control"]
        patch_cache_control(response, private=True, no_cache=True)
    return response


def _mark_shareable(response, request, generation, expires_at):
    """The in-process cache keeps this page until the shared cache would have let it go, or
    until the generation moves on."""
    if ENVIRON_KEY in request.environ:
        response[KEEP_HEADER] = f"{generation} {expires_at}"


class FrontLifetimeMiddleware:
    """Lets the nginx front (deploy/nginx) keep a shareable page to the end of the current
    second only, so that a publish shows through it within a second without a purge.

    Outermost, so that 304 answers carry it too: nginx renews a revalidated copy from the 304's
    headers, and without it would keep the page for the whole s-maxage. nginx drops the header
    before the reader sees it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "s-maxage" in response.get("Cache-Control", ""):
            response["X-Accel-Expires"] = front_expires()
        return response
