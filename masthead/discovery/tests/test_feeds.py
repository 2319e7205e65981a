"""Feeds: RSS, Atom and JSON Feed of a publication, a section and an author; valid, complete,
conditional, and never showing what readers may not see."""

import datetime
import json

import feedparser
import pytest
from django.utils import timezone
from wagtail.rich_text import RichText

from masthead.articles.tests.factories import (
    AuthorFactory,
    ImageFactory,
    make_article,
    make_section,
)
from masthead.articles.tests.test_views import get

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(publication, section):
    author = AuthorFactory(publication=publication, name="Ada Whitfield", slug="ada-whitfield")
    story = make_article(
        section,
        "Ferry timetable cut",
        authors=[author],
        tags=["Ferries"],
        lead_image=ImageFactory(),
        body=[("paragraph", RichText('<p>Crews are short. <a href="/local/">More</a></p>'))],
    )
    make_article(section, "Draft story", publish=False, authors=[author])
    scheduled = make_article(section, "Scheduled story", publish=False, authors=[author])
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=1)
    scheduled.save_revision().publish()
    withdrawn = make_article(section, "Withdrawn story", authors=[author])
    withdrawn.unpublish()
    hidden_section = make_section(publication, "Archive")
    make_article(hidden_section, "Story in a hidden section", authors=[author])
    hidden_section.unpublish()
    other = make_section(publication, "Sport")
    make_article(other, "Derby won late")
    return story, author


def parse(response):
    return feedparser.parse(
        response.content, response_headers={"content-type": response["Content-Type"]}
    )


def entries(response):
    """The feed's items as feedparser reads XML; JSON Feed (which feedparser 6.0 does not read)
    is checked against its own specification's names, mapped to the same keys."""
    if response["Content-Type"].startswith("application/feed+json"):
        document = json.loads(response.content)
        return [
            {
                "title": item["title"],
                "link": item["url"],
                "summary": item["summary"],
                "author": ", ".join(a["name"] for a in item["authors"]),
                "content": item["content_html"],
                "published": item["date_published"],
                "updated": item.get("date_modified"),
            }
            for item in document["items"]
        ]
    parsed = parse(response)
    assert not parsed.bozo, parsed.bozo_exception
    return [
        {
            "title": e.title,
            "link": e.link,
            "summary": e.summary,
            "author": e.author,
            "content": e.content[0].value,
            "published": e.get("published_parsed"),
            "updated": e.get("updated_parsed") if "updated" in e else "n/a",
        }
        for e in parsed.entries
    ]


SCOPES = {
    "publication": "/feeds/",
    "section": "/feeds/sections/local/",
    "author": "/feeds/authors/ada-whitfield/",
}


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("feed_format", ["rss.xml", "atom.xml", "feed.json"])
def test_feeds_parse_and_carry_whole_stories(client, publication, newsroom, scope, feed_format):
    story, _author = newsroom
    response = get(client, publication, SCOPES[scope] + feed_format)
    assert response.status_code == 200
    items = entries(response)
    titles = [entry["title"] for entry in items]
    assert "Ferry timetable cut" in titles
    hidden_stories = (
        "Draft story",
        "Scheduled story",
        "Withdrawn story",
        "Story in a hidden section",
    )
    for hidden in hidden_stories:
        assert hidden not in titles
    assert ("Derby won late" in titles) == (scope == "publication")
    entry = items[titles.index("Ferry timetable cut")]
    assert entry["link"] == f"http://{publication.hostname}/local/ferry-timetable-cut/"
    assert entry["summary"] == "The council voted to build a crossing over the creek."
    assert entry["author"] == "Ada Whitfield"
    assert entry["published"] and entry["updated"]  # RSS 2.0 has no element for the update
    content = entry["content"]
    assert "Crews are short." in content
    # Links in the story are absolute, so they work in a feed reader.
    assert f'href="http://{publication.hostname}/local/"' in content
    assert f'src="http://{publication.hostname}/media/' in content


def test_json_feed_follows_version_1_1(client, publication, newsroom):
    document = json.loads(get(client, publication, "/feeds/feed.json").content)
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["home_page_url"] == f"http://{publication.hostname}/"
    assert document["feed_url"] == f"http://{publication.hostname}/feeds/feed.json"
    item = next(i for i in document["items"] if i["title"] == "Ferry timetable cut")
    assert {"id", "url", "title", "summary", "content_html", "date_published", "authors"} <= set(
        item
    )
    assert item["authors"][0]["url"].endswith("/authors/ada-whitfield/")
    assert item["image"].startswith(f"http://{publication.hostname}/media/")


def test_rss_has_the_lead_image_as_an_enclosure(client, publication, newsroom):
    parsed = parse(get(client, publication, "/feeds/rss.xml"))
    entry = next(e for e in parsed.entries if e.title == "Ferry timetable cut")
    enclosure = entry.enclosures[0]
    assert enclosure.type == "image/png" and int(enclosure.length) > 0


def test_feeds_answer_conditional_requests_with_304(client, publication, newsroom):
    first = get(client, publication, "/feeds/rss.xml")
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(
        "/feeds/rss.xml", HTTP_HOST=publication.hostname, HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert again.status_code == 304 and again.content == b""
    since = client.get(
        "/feeds/atom.xml",
        HTTP_HOST=publication.hostname,
        HTTP_IF_MODIFIED_SINCE=get(client, publication, "/feeds/atom.xml")["Last-Modified"],
    )
    assert since.status_code == 304


def test_unknown_feed_section_author_or_format_is_404(client, publication, newsroom):
    for url in (
        "/feeds/sections/nowhere/rss.xml",
        "/feeds/authors/nobody/rss.xml",
        "/feeds/rss.txt",
        "/feeds/sections/archive/rss.xml",
    ):
        assert get(client, publication, url).status_code == 404, url


def test_pages_link_their_feeds_in_the_head(client, publication, newsroom):
    story, _author = newsroom
    front = get(client, publication, "/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in front
    assert 'href="/feeds/feed.json"' in front and 'href="/feeds/atom.xml"' in front
    section_page = get(client, publication, "/local/").content.decode()
    assert 'href="/feeds/sections/local/rss.xml"' in section_page
    author_page = get(client, publication, "/authors/ada-whitfield/").content.decode()
    assert 'href="/feeds/authors/ada-whitfield/atom.xml"' in author_page
