"""With a CDN in front, publishing and unpublishing purge the article and the lists showing it."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .factories import AuthorFactory, make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def purge_server(settings):
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):  # noqa: N802 - the HTTP method's name
            received.append((self.headers["Host"], self.path))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    yield received
    server.shutdown()


def test_publishing_purges_article_section_front_author_and_tag_pages(
    purge_server, publication, section, django_capture_on_commit_callbacks
):
    author = AuthorFactory(publication=publication, slug="ada")
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(section, "Bridge story", authors=[author], tags=["bridges"])
    paths = {path for host, path in purge_server if host == publication.hostname}
    assert {"/", "/local/", "/local/bridge-story/", "/authors/ada/", "/tags/bridges/"} <= paths

    purge_server.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    paths = {path for host, path in purge_server if host == publication.hostname}
    assert {"/", "/local/", "/local/bridge-story/"} <= paths
