import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with a cold page cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def database_url():
    """The address a worker process started by a test needs to reach the test database."""
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


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


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, shared by a module's browser tests (see masthead.browser)."""
    import os

    from playwright.sync_api import sync_playwright

    from masthead.browser import launch

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in the test
    # are still synchronous, so tell Django they are safe here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


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


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback (aiosmtpd); Django's mail goes to it. Yields the list of
    received messages, parsed, each with its envelope."""
    import asyncio
    import email
    import socket
    from email import policy

    from aiosmtpd.controller import Controller

    class Inbox(list):
        # Set to a number to have the server turn messages away (421, "going away") once it
        # holds that many: a mail server failing mid-send.
        refuse_after = None
        slow_down = 0  # seconds to take over each message
        unknown = ()  # addresses the server refuses at RCPT (550), as for a mailbox gone
        # Offered, as by every common relay (aiosmtpd reads pipelined commands in order but
        # does not say so); False to test a server without it.
        pipelining = True

    received = Inbox()

    class Handler:
        async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802
            session.host_name = hostname
            if received.pipelining:
                responses.insert(-1, "250-PIPELINING")
            return responses

        async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
            if address in received.unknown:
                return "550 No such user"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
            if received.refuse_after is not None and len(received) >= received.refuse_after:
                return "421 Service not available, closing transmission channel"
            if received.slow_down:
                await asyncio.sleep(received.slow_down)
            message = email.message_from_bytes(envelope.content, policy=policy.default)
            message.envelope_to = list(envelope.rcpt_tos)
            received.append(message)
            return "250 OK"

    with socket.socket() as probe:  # a free port (aiosmtpd checks readiness on its own port)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
    yield received
    controller.stop()
