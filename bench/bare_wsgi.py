"""Row (e) of bench/pages: the least any Python WSGI origin can do per request under the same
gunicorn settings, returning the article's bytes from memory with a similar set of headers."""

import os
from pathlib import Path

BODY = Path(os.environ["BARE_WSGI_BODY"]).read_bytes()
HEADERS = [
    ("Content-Type", "text/html; charset=utf-8"),
    ("Content-Length", str(len(BODY))),
    ("Cache-Control", "public, max-age=60, s-maxage=600"),
]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
