"""Row (e) of bench/pages: the least any Python WSGI origin can do per request under the same
gunicorn settings: the article's bytes from memory, with the headers Masthead sent with them
(gunicorn checks every header it writes, so their number counts)."""

import json
import os
from pathlib import Path

BODY = Path(os.environ["BARE_WSGI_BODY"]).read_bytes()
HEADERS = [tuple(header) for header in json.loads(os.environ["BARE_WSGI_HEADERS"])]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
