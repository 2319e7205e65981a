"""A small in-process page cache in front of the shared one, answered before Django is entered.

A page-cache hit through Django still builds a request and runs the middleware around the page
cache; most of a hit's CPU went there, not into the Redis round trip. This WSGI wrapper keeps
the final bytes and headers of each page the shared cache marked shareable, in this process's
memory, and answers the next anonymous reader of the same address straight from it.

Publishing retires pages everywhere through the shared generation counter. The wrapper reads
it at most once per wall-clock second, on the first request of each new second, so every
process drops what it holds at the same second boundary: a page can be served at most until
the end of the second in which it was retired (the nginx front keeps entries exactly as long:
`front_expires` below, sent by FrontLifetimeMiddleware in cache.py).
"""

import logging
import time
from http import HTTPStatus

from django.conf import settings

logger = logging.getLogger(__name__)

# Set by the wrapper in the WSGI environ: the page cache middleware hands shareable pages over.
ENVIRON_KEY = "masthead.local_page_cache"
# Private response header from the page cache middleware to the wrapper, never sent to readers:
# "<generation> <unix time the page stops being shareable>".
KEEP_HEADER = "X-Masthead-Keep"
_KEEP_HEADER_LOWER = KEEP_HEADER.lower()
_FRONT_HEADER_LOWER = "x-accel-expires"
_NOT_MODIFIED = f"{HTTPStatus.NOT_MODIFIED.value} {HTTPStatus.NOT_MODIFIED.phrase}"
# Headers a 304 repeats (RFC 9110 15.4.5); the rest describe a body it does not have.
# The front's lifetime too: nginx renews a revalidated copy from the 304's headers.
_NOT_MODIFIED_HEADERS = {
    "cache-control",
    "content-location",
    "etag",
    "expires",
    "vary",
    _FRONT_HEADER_LOWER,
}


class LocalPageCache:
    def __init__(self, app, max_bytes=None, generation=None):
        self.app = app
        self.max_bytes = settings.PAGE_CACHE_LOCAL_BYTES if max_bytes is None else max_bytes
        self._read_generation = generation or _shared_generation
        self._session_cookies = (
            f"{settings.SESSION_COOKIE_NAME}=",
            f"{settings.CSRF_COOKIE_NAME}=",
        )
        self._needs_https = settings.SECURE_SSL_REDIRECT
        self._https_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
        self.entries = {}  # (host, path, query) -> (status, headers, body, expires_at)
        self.size = 0
        self.generation = None
        self.checked_second = None

    def __call__(self, environ, start_response):
        if self.max_bytes and self._is_anonymous_read(environ):
            key = (
                environ.get("HTTP_HOST", ""),
                environ.get("PATH_INFO", ""),
                environ.get("QUERY_STRING", ""),
            )
            now = time.time()
            if self._generation_is_current(now):
                entry = self.entries.get(key)
                if entry is not None and entry[3] > now:
                    return self._serve(entry, environ, start_response, now)
                environ[ENVIRON_KEY] = self
                return self._fill(key, environ, start_response)
        return self.app(environ, start_response)

    def _is_anonymous_read(self, environ):
        if environ["REQUEST_METHOD"] not in ("GET", "HEAD"):
            return False
        cookies = environ.get("HTTP_COOKIE", "")
        # A signed-in editor's pages are never shared (the same rule as the page cache).
        if cookies and any(name in cookies for name in self._session_cookies):
            return False
        # Over plain http Django answers with its redirect to https.
        return not self._needs_https or self._is_https(environ)

    def _is_https(self, environ):
        if self._https_header:
            header, value = self._https_header
            return environ.get(header, "").split(",")[0].strip() == value
        return environ.get("wsgi.url_scheme") == "https"

    def _generation_is_current(self, now):
        second = int(now)
        if second == self.checked_second:
            return True
        try:
            generation = self._read_generation()
        except Exception:  # noqa: BLE001 - the shared cache is down: let Django answer
            logger.warning("Shared page cache unreachable; in-process pages not served")
            self.clear()
            return False
        if generation != self.generation:
            self.clear()
            self.generation = generation
        self.checked_second = second
        return True

    def clear(self):
        self.entries = {}
        self.size = 0
        self.generation = None
        self.checked_second = None

    def _serve(self, entry, environ, start_response, now):
        status, headers, body, _ = entry
        headers = [*headers, ("X-Accel-Expires", front_expires(now)), ("X-Page-Cache", "hit")]
        etag = next((value for name, value in headers if name.lower() == "etag"), None)
        if etag and _matches(environ.get("HTTP_IF_NONE_MATCH"), etag):
            start_response(
                _NOT_MODIFIED,
                [(name, value) for name, value in headers if name.lower() in _NOT_MODIFIED_HEADERS],
            )
            return [b""]
        start_response(status, headers)
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def _fill(self, key, environ, start_response):
        """Pass the request to Django; keep the response if the page cache marked it."""
        captured = {}

        def capture(status, headers, exc_info=None):
            keep = None
            kept = []
            for name, value in headers:
                lower = name.lower()
                if lower == _KEEP_HEADER_LOWER:
                    keep = value
                elif lower not in (_FRONT_HEADER_LOWER, "x-page-cache"):
                    kept.append((name, value))
            if keep is not None:
                captured.update(status=status, headers=kept, keep=keep)
                headers = [
                    (name, value) for name, value in headers if name.lower() != _KEEP_HEADER_LOWER
                ]
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        if "keep" not in captured or environ["REQUEST_METHOD"] != "GET":
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        self._store(key, captured, body)
        return [body]

    def _store(self, key, captured, body):
        if not captured["status"].startswith("200"):
            return
        generation, _, expires_at = captured["keep"].partition(" ")
        if generation != str(self.generation) or len(body) > self.max_bytes // 4:
            return  # rendered under another generation, or too big to be worth a slot
        previous = self.entries.pop(key, None)
        if previous is not None:
            self.size -= len(previous[2])
        # Oldest first out: dicts keep insertion order, and a hot page that goes comes back on
        # its next read.
        while self.entries and self.size + len(body) > self.max_bytes:
            self.size -= len(self.entries.pop(next(iter(self.entries)))[2])
        self.entries[key] = (captured["status"], captured["headers"], body, float(expires_at))
        self.size += len(body)


def front_expires(now=None):
    """Until the end of this second, as a Unix time: X-Accel-Expires takes one after "@"."""
    return f"@{int(time.time() if now is None else now)}"


def _matches(if_none_match, etag):
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    weak = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == weak for tag in if_none_match.split(","))


def _shared_generation():
    from .cache import current_generation  # noqa: PLC0415 - needs the app registry

    return current_generation()
