"""Readers can tell what kind of journalism a story is, and where it first appeared."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from masthead.discovery.tests.test_structured_data import json_ld

from .factories import make_article
from .test_views import get

pytestmark = pytest.mark.django_db

FIRST_RUN = datetime.datetime(2024, 1, 15, 9, tzinfo=datetime.UTC)


def header(html):
    return html.split('<header class="article__header">', 1)[1].split("</header>", 1)[0]


@pytest.mark.parametrize(
    "kind, label, schema_type",
    [
        ("opinion", "Opinion", "OpinionNewsArticle"),
        ("analysis", "Analysis", "AnalysisNewsArticle"),
        ("review", "Review", "ReviewNewsArticle"),
        ("sponsored", "Sponsored", "AdvertiserContentArticle"),
        ("press_release", "Press release", "NewsArticle"),
    ],
)
def test_every_type_but_news_is_labelled_above_the_headline(
    client, publication, section, kind, label, schema_type
):
    article = make_article(section, "Why the ferry matters", type_of_work=kind)
    html = get(client, publication, article.url).content.decode()
    top = header(html)
    assert re.search(rf'class="article__label[^"]*">{label}</p>\s*<h1', top)
    assert json_ld(html)["@type"] == schema_type
    listing = get(client, publication, "/").content.decode()
    assert f">{label}</p>" in listing  # on its card too


def test_news_carries_no_label(client, publication, section):
    article = make_article(section, "Ferry timetable cut")
    html = get(client, publication, article.url).content.decode()
    assert "article__label" not in html and "card__label" not in html
    assert json_ld(html)["@type"] == "NewsArticle"


def test_a_syndicated_story_says_where_it_first_ran_and_points_search_engines_there(
    client, publication, section
):
    article = make_article(
        section,
        "Lighthouse keepers return",
        first_published_by="The Coast Gazette",
        first_published_on=FIRST_RUN,
        original_url="https://gazette.example.com/lighthouse",
        syndicated=True,
    )
    html = get(client, publication, article.url).content.decode()
    line = header(html).split('class="byline__provenance">', 1)[1].split("</p>", 1)[0]
    assert "First published by" in line and "The Coast Gazette" in line
    assert "Jan. 15, 2024" in line
    assert '<link rel="canonical" href="https://gazette.example.com/lighthouse">' in html
    based_on = json_ld(html)["isBasedOn"]
    assert based_on["publisher"]["name"] == "The Coast Gazette"
    assert based_on["url"] == "https://gazette.example.com/lighthouse"
    assert based_on["datePublished"].startswith("2024-01-15")


def test_an_imported_story_keeps_its_own_address_as_canonical(client, publication, section):
    article = make_article(
        section,
        "Old mill saved",
        first_published_by="The Valley Post",
        first_published_on=FIRST_RUN,
    )
    html = get(client, publication, article.url).content.decode()
    assert "First published by The Valley Post" in html
    assert f'<link rel="canonical" href="{article.url}">' in html


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"first_published_by": "Gazette"}, "first_published_on"),
        ({"first_published_on": FIRST_RUN}, "first_published_by"),
        (
            {
                "first_published_by": "Gazette",
                "first_published_on": FIRST_RUN,
                "original_url": "ftp://gazette.example.com/x",
            },
            "original_url",
        ),
        (
            {"first_published_by": "Gazette", "first_published_on": FIRST_RUN, "syndicated": True},
            "original_url",
        ),
    ],
)
def test_provenance_must_be_whole(section, fields, field):
    article = make_article(section, publish=False)
    for name, value in fields.items():
        setattr(article, name, value)
    with pytest.raises(ValidationError) as caught:
        article.full_clean()
    assert field in caught.value.message_dict
