"""Readers see the Listen player and podcast apps read the feed; drafts never appear."""

import feedparser
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from masthead.articles.tests.factories import make_article, make_section
from masthead.narration.models import Narration

from .test_narration import short_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def narrated(section, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return make_article(section, "Harbour reopens", body=short_body())


def get(client, site, url):
    return client.get(url, HTTP_HOST=site.hostname)


def test_article_page_shows_the_listen_player_with_duration_and_chapters(client, narrated):
    site = narrated.get_site()
    narration = Narration.objects.get(article=narrated)
    html = get(client, site, f"/local/{narrated.slug}/").content.decode()
    player = html.split('<section class="listen"', 1)[1].split("</section>", 1)[0]
    assert f'src="{narration.audio.url}"' in player and "controls" in player
    assert f"0:00</span> / <span data-listen-total>{narration.duration_label}" in player
    assert 'aria-label="Play"' in player
    assert "What changes for ferries" in player and "Statement by Harbour Commissioners" in player
    # Between the byline and the body, and without autoplay.
    assert html.find('class="byline') < html.find('class="listen"') < html.find("article__body")
    assert "autoplay" not in html


def test_no_player_without_ready_audio(client, section):
    article = make_article(section, "Not narrated yet", body=short_body())  # task not run yet
    html = get(client, section.get_site(), f"/local/{article.slug}/").content.decode()
    assert 'class="listen"' not in html


def test_player_keeps_the_article_page_within_its_query_budget(client, narrated):
    site = narrated.get_site()
    url = f"/local/{narrated.slug}/"
    get(client, site, url)
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert 'class="listen"' in get(client, site, url).content.decode()
    assert len(queries) <= 10
    with CaptureQueriesContext(connection) as cached:
        get(client, site, url)
    assert len(cached) == 0


def test_podcast_feed_lists_live_narrated_articles_for_podcast_apps(
    client, narrated, section, django_capture_on_commit_callbacks
):
    site = section.get_site()
    with django_capture_on_commit_callbacks(execute=True):
        withdrawn = make_article(section, "Withdrawn story", body=short_body())
        draft = make_article(section, "Draft story", body=short_body(), publish=False)
        hidden_section = make_section(site, "Hidden")
        orphan = make_article(hidden_section, "Story of a hidden section", body=short_body())
    withdrawn.unpublish()
    hidden_section.unpublish()
    assert Narration.objects.filter(article=withdrawn).exists()
    assert Narration.objects.filter(article=orphan).exists()

    home = get(client, site, "/").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml"' in home and 'href="/podcast.xml"' in home
    )
    response = get(client, site, "/podcast.xml")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "The Daily Meridian: articles read aloud"
    assert feed.feed.tags[0].term == "News"  # itunes:category
    assert b"<itunes:explicit>false</itunes:explicit>" in response.content
    titles = [entry.title for entry in feed.entries]
    assert titles == ["Harbour reopens"]
    assert draft.title not in titles
    entry = feed.entries[0]
    narration = Narration.objects.get(article=narrated)
    enclosure = entry.enclosures[0]
    assert enclosure.type == "audio/mpeg"
    assert int(enclosure.length) == narration.byte_size
    assert enclosure.href == f"http://{site.hostname}{narration.audio.url}"
    assert int(entry.itunes_duration) == round(narration.duration)
    assert (
        f'url="http://daily.localhost/podcast/chapters/{narrated.pk}.json"'.encode()
        in response.content
    )
    assert b'<podcast:chapters type="application/json+chapters"' in response.content

    chapters = get(client, site, f"/podcast/chapters/{narrated.pk}.json")
    assert chapters["Content-Type"] == "application/json+chapters"
    body = chapters.json()
    assert body["version"] == "1.2.0"
    assert [c["title"] for c in body["chapters"]] == [
        "Harbour reopens",
        "What changes for ferries",
        "Statement by Harbour Commissioners",
    ]
    assert get(client, site, f"/podcast/chapters/{withdrawn.pk}.json").status_code == 404


def test_editors_see_narration_state_and_can_regenerate_or_turn_it_off(
    client, narrated, django_capture_on_commit_callbacks
):
    client.force_login(get_user_model().objects.create_superuser("chief", "c@example.org", "pw"))
    listing = client.get(reverse("narration:index")).content.decode()
    narration = Narration.objects.get(article=narrated)
    assert (
        "Harbour reopens" in listing and "Ready" in listing and narration.duration_label in listing
    )
    first_file = narration.audio.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("narration:regenerate", args=[narration.pk]))
    regenerated = Narration.objects.get(pk=narration.pk)
    assert regenerated.status == Narration.Status.READY and regenerated.audio.name != first_file

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("narration:switch", args=[narration.pk]))
    off = Narration.objects.get(pk=narration.pk)
    assert not off.enabled and off.status == Narration.Status.OFF and not off.audio
    page = client.get(f"/local/{narrated.slug}/", HTTP_HOST=narrated.get_site().hostname)
    assert 'class="listen"' not in page.content.decode()


def test_podcast_has_square_artwork_and_the_publications_language(client, narrated):
    import io

    from PIL import Image

    site = narrated.get_site()
    feed = feedparser.parse(get(client, site, "/podcast.xml").content)
    assert feed.feed.language == "en"
    artwork_url = feed.feed.image.href
    assert artwork_url.startswith("http://daily.localhost/podcast/artwork.png?v=")
    response = get(client, site, artwork_url.split("daily.localhost", 1)[1])
    assert response["Content-Type"] == "image/png"
    picture = Image.open(io.BytesIO(response.content))
    assert picture.size == (1400, 1400)


def test_editors_keep_their_own_publications_lexicon_only(client, narrated, other_publication):
    from django.contrib.auth.models import Group

    from masthead.narration.models import Pronunciation
    from masthead.publications.roles import group_names

    site = narrated.get_site()
    theirs = Pronunciation.objects.create(
        publication=other_publication, term="Penzance", respelling="pen-ZANCE"
    )
    editor = get_user_model().objects.create_user("meridian-editor", password="pw")
    editor.groups.add(Group.objects.get(name=group_names(site)[0]))
    client.force_login(editor)
    add = client.post(
        reverse("wagtailsnippets_narration_pronunciation:add"),
        {"publication": site.pk, "term": "Tokayev", "respelling": "toe-kah-YEV"},
    )
    assert add.status_code == 302
    assert Pronunciation.objects.filter(publication=site, term="Tokayev").exists()
    listing = client.get(reverse("wagtailsnippets_narration_pronunciation:list")).content.decode()
    assert "Tokayev" in listing and "Penzance" not in listing
    edit_theirs = client.get(
        reverse("wagtailsnippets_narration_pronunciation:edit", args=[theirs.pk])
    )
    assert edit_theirs.status_code in (302, 403, 404)
    planted = client.post(
        reverse("wagtailsnippets_narration_pronunciation:add"),
        {"publication": other_publication.pk, "term": "Planted", "respelling": "x"},
    )
    assert planted.status_code == 200 and not Pronunciation.objects.filter(term="Planted").exists()
    # Another publication's narrations cannot be regenerated or switched off.
    other_editor = get_user_model().objects.create_user("courier-editor", password="pw")
    other_editor.groups.add(Group.objects.get(name=group_names(other_publication)[0]))
    client.force_login(other_editor)
    narration = Narration.objects.get(article=narrated)
    assert client.post(reverse("narration:switch", args=[narration.pk])).status_code == 404
    assert Narration.objects.get(pk=narration.pk).enabled
    assert "Harbour reopens" not in client.get(reverse("narration:index")).content.decode()
