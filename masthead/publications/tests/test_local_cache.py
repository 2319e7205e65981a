"""The in-process page cache, driven through WSGI exactly as gunicorn calls it."""

import time
from urllib.parse import urlsplit
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from masthead.articles.tests.factories import make_article
from masthead.publications.local_cache import LocalPageCache

pytestmark = pytest.mark.django_db


class Origin:
    """Django's WSGI handler, counting the requests that reach it."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.handler(environ, start_response)


@pytest.fixture
def in_test_transaction():
    # As Django's test client does: the test's transaction must survive the request signals.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def origin(in_test_transaction):
    return Origin()


def call(app, host, path, method="GET", **environ_extra):
    environ = {}
    setup_testing_defaults(environ)
    environ.update(
        REQUEST_METHOD=method,
        PATH_INFO=path,
        HTTP_HOST=host,
        SERVER_NAME=host,
        SERVER_PORT="80",
        **environ_extra,
    )
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=dict(headers))

    result = app(environ, start_response)
    body = b"".join(result)
    if hasattr(result, "close"):
        result.close()
    return answer["status"], answer["headers"], body


def path(article):
    return urlsplit(article.full_url).path


def wait_for_next_second():
    time.sleep(1 - time.time() % 1 + 0.01)


def test_second_read_is_answered_from_memory_with_the_same_bytes(origin, publication, section):
    article = make_article(section, "Ferry timetable changes")
    app = LocalPageCache(origin, max_bytes=1_000_000)
    first = call(app, publication.hostname, path(article))
    second = call(app, publication.hostname, path(article))
    assert origin.calls == 1
    assert first[0] == second[0] == "200 OK"
    assert second[2] == first[2]
    assert b"Ferry timetable changes" in second[2]
    for header in ("Content-Type", "Cache-Control", "ETag", "Content-Security-Policy"):
        assert second[1][header] == first[1][header], header
    # The private hand-over header never reaches a reader; the front's lifetime is this second.
    assert "X-Masthead-Keep" not in first[1] and "X-Masthead-Keep" not in second[1]
    assert int(second[1]["X-Accel-Expires"].removeprefix("@")) in {
        int(time.time()),
        int(time.time()) - 1,
    }


def test_a_publish_shows_from_the_next_second(origin, publication, section):
    make_article(section, "First story")
    app = LocalPageCache(origin, max_bytes=1_000_000)
    assert b"First story" in call(app, publication.hostname, "/")[2]
    make_article(section, "Second story")
    wait_for_next_second()
    assert b"Second story" in call(app, publication.hostname, "/")[2]


def test_unpublished_story_is_gone_from_the_next_second(origin, publication, section):
    article = make_article(section)
    app = LocalPageCache(origin, max_bytes=1_000_000)
    assert call(app, publication.hostname, path(article))[0] == "200 OK"
    article.unpublish()
    wait_for_next_second()
    assert call(app, publication.hostname, path(article))[0].startswith("404")


def test_signed_in_readers_and_writes_always_reach_django(origin, publication, section):
    article = make_article(section)
    app = LocalPageCache(origin, max_bytes=1_000_000)
    call(app, publication.hostname, path(article))
    call(app, publication.hostname, path(article), HTTP_COOKIE="theme=dark; sessionid=abc")
    call(app, publication.hostname, path(article), HTTP_COOKIE="csrftoken=abc")
    call(app, publication.hostname, path(article), method="POST")
    assert origin.calls == 4


def test_head_and_conditional_reads_from_memory(origin, publication, section):
    article = make_article(section)
    app = LocalPageCache(origin, max_bytes=1_000_000)
    status, headers, _ = call(app, publication.hostname, path(article))
    head = call(app, publication.hostname, path(article), method="HEAD")
    assert head[0] == "200 OK" and head[2] == b""
    assert head[1]["Content-Length"] == headers["Content-Length"]
    again = call(app, publication.hostname, path(article), HTTP_IF_NONE_MATCH=headers["ETag"])
    assert again[0] == "304 Not Modified" and again[2] == b""
    assert again[1]["ETag"] == headers["ETag"] and "Content-Length" not in again[1]
    assert origin.calls == 1


def test_publications_never_share_pages(origin, publication, other_publication, section):
    make_article(section, "Only in the Meridian")
    app = LocalPageCache(origin, max_bytes=1_000_000)
    call(app, publication.hostname, "/")
    assert b"Only in the Meridian" not in call(app, other_publication.hostname, "/")[2]


def test_memory_stays_within_its_bound(origin, publication, section):
    articles = [make_article(section, f"Story number {n}") for n in range(6)]
    unkept = LocalPageCache(origin, max_bytes=0)
    page_size = max(len(call(unkept, publication.hostname, path(a))[2]) for a in articles)
    app = LocalPageCache(origin, max_bytes=int(page_size * 4.5))
    for article in articles:
        call(app, publication.hostname, path(article))
        assert app.size <= app.max_bytes
    assert 0 < len(app.entries) < len(articles)
    # The newest stays; the oldest went first.
    assert (publication.hostname, path(articles[-1]), "") in app.entries


def test_plain_http_is_left_to_django_when_https_is_required(
    settings, in_test_transaction, publication, section
):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    origin = Origin()  # after the settings change: Django reads them when it loads middleware
    article = make_article(section)
    app = LocalPageCache(origin, max_bytes=1_000_000)
    https = {"HTTP_X_FORWARDED_PROTO": "https"}
    call(app, publication.hostname, path(article), **https)
    assert call(app, publication.hostname, path(article), **https)[0] == "200 OK"
    assert origin.calls == 1
    status, headers, _ = call(app, publication.hostname, path(article))
    assert status.startswith("301") and headers["Location"].startswith("https://")


def test_a_shared_cache_outage_falls_back_to_django(origin, publication, section):
    article = make_article(section)

    def unreachable():
        raise ConnectionError("Redis is down")

    app = LocalPageCache(origin, max_bytes=1_000_000, generation=unreachable)
    assert call(app, publication.hostname, path(article))[0] == "200 OK"
    assert call(app, publication.hostname, path(article))[0] == "200 OK"
    assert origin.calls == 2 and not app.entries
