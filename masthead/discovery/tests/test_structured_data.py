"""JSON-LD on every kind of page, in the shapes search engines read."""

import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.articles.tests.factories import AuthorFactory, ImageFactory, make_article
from masthead.articles.tests.test_views import QUERY_BUDGET, get
from masthead.publications.models import PublicationSettings

pytestmark = pytest.mark.django_db


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1, blocks
    return json.loads(blocks[0])


@pytest.fixture
def story(publication, section):
    settings = PublicationSettings.for_site(publication)
    settings.logo = ImageFactory()
    settings.save()
    author = AuthorFactory(
        publication=publication, name="Ada Whitfield", slug="ada-whitfield", bio="Covers the quays."
    )
    return make_article(
        section,
        "Ferry timetable cut",
        authors=[author],
        tags=["Ferries"],
        lead_image=ImageFactory(),
    )


def test_article_carries_a_complete_news_article(client, publication, story):
    data = json_ld(get(client, publication, "/local/ferry-timetable-cut/").content.decode())
    root = f"http://{publication.hostname}"
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == "Ferry timetable cut"
    assert data["description"] == story.standfirst
    assert data["datePublished"] == story.first_published_at.isoformat()
    assert data["dateModified"] == story.first_published_at.isoformat()
    assert data["author"] == [
        {"@type": "Person", "name": "Ada Whitfield", "url": f"{root}/authors/ada-whitfield/"}
    ]
    assert data["publisher"]["@type"] == "NewsMediaOrganization"
    assert data["publisher"]["name"] == "The Daily Meridian"
    assert data["publisher"]["logo"]["url"].startswith(f"{root}/media/")
    assert data["mainEntityOfPage"] == {
        "@type": "WebPage",
        "@id": f"{root}/local/ferry-timetable-cut/",
    }
    assert data["isAccessibleForFree"] is True
    assert data["articleSection"] == "Local"
    # 16:9, 4:3 and 1:1 renditions of the lead image.
    assert [re.search(r"fill-(\d+x\d+)", url).group(1) for url in data["image"]] == [
        "1200x675",
        "1200x900",
        "1200x1200",
    ]


def test_article_structured_data_costs_no_extra_query(client, publication, story):
    get(client, publication, "/local/ferry-timetable-cut/")
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        get(client, publication, "/local/ferry-timetable-cut/")
    assert len(queries) <= QUERY_BUDGET


def test_front_page_names_the_website_its_search_and_the_organisation(client, publication, story):
    website, organisation = json_ld(get(client, publication, "/").content.decode())
    assert website["@type"] == "WebSite"
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == (
        f"http://{publication.hostname}/search/?q={{search_term_string}}"
    )
    assert action["query-input"] == "required name=search_term_string"
    assert organisation["@type"] == "NewsMediaOrganization"
    assert organisation["name"] == "The Daily Meridian"


def test_section_tag_and_author_pages(client, publication, story):
    section = json_ld(get(client, publication, "/local/").content.decode())
    assert section["@type"] == "CollectionPage" and section["name"] == "Local"
    tag = json_ld(get(client, publication, "/tags/ferries/").content.decode())
    assert tag["@type"] == "CollectionPage" and tag["name"] == "Ferries"
    author = json_ld(get(client, publication, "/authors/ada-whitfield/").content.decode())
    assert author["@type"] == "ProfilePage"
    assert author["mainEntity"] == {
        "@type": "Person",
        "name": "Ada Whitfield",
        "url": f"http://{publication.hostname}/authors/ada-whitfield/",
        "jobTitle": "Reporter",
        "description": "Covers the quays.",
    }


def test_text_cannot_break_out_of_the_script(client, publication, section):
    make_article(section, "Bad </script><script>alert(1)</script> headline")
    html = get(
        client, publication, "/local/bad-scriptscriptalert1script-headline/"
    ).content.decode()
    data = json_ld(html)
    assert data["headline"] == "Bad </script><script>alert(1)</script> headline"
    assert "<script>alert(1)" not in html.split("</title>", 1)[1].split("</head>")[0]
