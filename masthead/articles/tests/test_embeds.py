"""Embeds are fetched from their provider at publish time, never while a reader waits."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def video_provider(settings, loopback_http):
    """A real oEmbed provider on loopback for https://video.example.org/ addresses."""

    def answer(method, path):
        video = parse_qs(urlsplit(path).query)["url"][0].rsplit("/", 1)[-1]
        body = {
            "type": "video",
            "version": "1.0",
            "title": f"Harbour film {video}",
            "html": f'<iframe title="Harbour film {video}" src="https://video.example.org/embed/{video}"></iframe>',
            "width": 640,
            "height": 360,
        }
        return 200, "application/json", json.dumps(body).encode()

    url, received = loopback_http(answer)
    settings.WAGTAILEMBEDS_FINDERS = [
        {
            "class": "wagtail.embeds.finders.oembed",
            "providers": [
                {"endpoint": f"{url}/oembed", "urls": [r"^https://video\.example\.org/.+$"]}
            ],
        }
    ]
    return received


def story_with_embeds(section, title, count, capture):
    body = [("embed", f"https://video.example.org/watch/{title}-{n}") for n in range(count)]
    with capture(execute=True):
        return make_article(section, title, body=body)


def test_embeds_are_fetched_at_publish_and_read_in_one_query(
    client, publication, section, video_provider, django_capture_on_commit_callbacks
):
    one = story_with_embeds(section, "one", 1, django_capture_on_commit_callbacks)
    five = story_with_embeds(section, "five", 5, django_capture_on_commit_callbacks)
    assert len(video_provider) == 6  # each embed asked for once, when its article was published

    counts = {}
    for article in (one, five):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            html = client.get(article.url, HTTP_HOST=publication.hostname).content.decode()
        counts[article.title] = len(queries)
        assert html.count('<iframe title="Harbour film') == len(article.body)
    assert counts["five"] == counts["one"], counts
    assert len(video_provider) == 6  # readers' requests never reached the provider
