import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with a cold page cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def publication(db):
    from masthead.articles.tests.factories import make_publication

    return make_publication("The Daily Meridian", "daily.localhost", time_zone="America/New_York")


@pytest.fixture
def other_publication(db):
    from masthead.articles.tests.factories import make_publication

    return make_publication("The Harbour Courier", "courier.localhost", time_zone="Europe/London")


@pytest.fixture
def section(publication):
    from masthead.articles.tests.factories import make_section

    return make_section(publication, "Local")


@pytest.fixture
def wagtail_base_rows(transactional_db):
    """Transactional tests empty every table afterwards, including the rows Wagtail's own
    migrations create (default locale, root page, root collection); put them back."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page

    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    locale, _ = Locale.objects.get_or_create(language_code=language)
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale, live=True))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


@pytest.fixture
def loopback_http():
    """Starts real HTTP servers on 127.0.0.1 for a test: `loopback_http(answer)` returns the
    server's base URL and the list of (method, host, path) it received; `answer(method, path)`
    gives (status, content type, body)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    servers = []

    def start(answer):
        received = []

        class Handler(BaseHTTPRequestHandler):
            def handle_one(self):
                received.append((self.command, self.headers["Host"], self.path))
                status, content_type, body = answer(self.command, self.path)
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_PURGE = handle_one  # noqa: N815 - http.server's naming

            def log_message(self, *args):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}", received

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
