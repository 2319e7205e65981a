"""Sitemaps and robots.txt: what crawlers and news aggregators are told about."""

import xml.etree.ElementTree as ET

import pytest

from masthead.articles.models import ArticlePage
from masthead.articles.tests.factories import days_ago, make_article, make_section
from masthead.articles.tests.test_views import get
from masthead.publications.sitemaps import PublicationSitemap

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture
def archive(publication, section):
    fresh = make_article(section, "Fresh story")
    old = make_article(section, "Three-day-old story")
    ArticlePage.objects.filter(pk=old.pk).update(first_published_at=days_ago(3))
    make_article(section, "Draft story", publish=False)
    hidden = make_section(publication, "Archive")
    make_article(hidden, "Story in a hidden section")
    hidden.unpublish()
    make_article(section, "Withdrawn story").unpublish()
    return fresh


def test_news_sitemap_lists_the_last_48_hours_with_name_language_date_and_title(
    client, publication, archive
):
    response = get(client, publication, "/news-sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    urls = root.findall(f"{SITEMAP}url")
    assert [u.find(f"{NEWS}news/{NEWS}title").text for u in urls] == ["Fresh story"]
    news = urls[0].find(f"{NEWS}news")
    assert news.find(f"{NEWS}publication/{NEWS}name").text == "The Daily Meridian"
    assert news.find(f"{NEWS}publication/{NEWS}language").text == "en"
    assert news.find(f"{NEWS}publication_date").text.startswith(
        archive.first_published_at.strftime("%Y-")
    )
    assert urls[0].find(f"{SITEMAP}loc").text == f"http://{publication.hostname}/local/fresh-story/"


def test_xml_sitemap_hides_what_readers_cannot_see(client, publication, archive):
    body = get(client, publication, "/sitemap.xml").content.decode()
    assert "/local/fresh-story/" in body and "/local/three-day-old-story/" in body
    for hidden in ("draft-story", "story-in-a-hidden-section", "withdrawn-story"):
        assert hidden not in body


def test_xml_sitemap_becomes_an_index_past_its_limit(client, publication, archive, monkeypatch):
    monkeypatch.setattr(PublicationSitemap, "limit", 2)
    root = ET.fromstring(get(client, publication, "/sitemap.xml").content)
    assert root.tag == f"{SITEMAP}sitemapindex"
    parts = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert len(parts) >= 2
    listed = []
    for part in parts:
        path = part.split(publication.hostname, 1)[1]
        page = ET.fromstring(get(client, publication, path).content)
        listed += [loc.text for loc in page.iter(f"{SITEMAP}loc")]
    assert f"http://{publication.hostname}/local/fresh-story/" in listed
    assert len(listed) == len(set(listed))


def test_robots_txt_names_both_sitemaps(client, publication):
    robots = get(client, publication, "/robots.txt").content.decode()
    assert f"Sitemap: http://{publication.hostname}/sitemap.xml" in robots
    assert f"Sitemap: http://{publication.hostname}/news-sitemap.xml" in robots
