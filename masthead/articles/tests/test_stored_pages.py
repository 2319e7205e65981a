"""Article pages rendered at publish time and served from the database on a page-cache miss."""

import datetime
import time
import zlib

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.rich_text import RichText

from masthead.articles import rendering
from masthead.articles.models import ArticlePage, StoredPage
from masthead.publications.models import PublicationSettings

from .factories import AuthorFactory, ImageFactory, make_article, statement_value

pytestmark = pytest.mark.django_db


def read(client, article, query=""):
    """A reader whose page cache misses: every call asks at an address of its own."""
    read.count = getattr(read, "count", 0) + 1
    if not hasattr(article, "reader_host"):
        article.reader_host = article.get_site().hostname
    return client.get(f"{article.url}?reader={read.count}{query}", HTTP_HOST=article.reader_host)


def full_render(client, article):
    StoredPage.objects.filter(article=article).delete()
    response = read(client, article)
    assert response.templates, "expected the page to be rendered"
    return response


def stored_html(article):
    return zlib.decompress(StoredPage.objects.get(article=article).html).decode()


def rich_article(section, title="Footbridge approved", **fields):
    body = [
        ("paragraph", RichText("<p>The first paragraph of the story.</p>")),
        ("pull_quote", {"quote": "We waited forty years.", "attribution": "A neighbour"}),
        ("statement", statement_value()),
    ]
    return make_article(section, title, body=body, lead_image=ImageFactory(), **fields)


def test_publishing_stores_the_page_readers_then_get_without_rendering(
    client, publication, section, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = rich_article(section)
    assert StoredPage.objects.filter(article=article).exists()

    served = read(client, article)
    assert served.status_code == 200
    assert served.templates == []  # nothing rendered on the reader's request
    assert "Footbridge approved</h1>" in served.content.decode()
    assert "s-maxage" in served["Cache-Control"]

    rendered = full_render(client, article)
    assert served.content == rendered.content
    # Apart from the clock: the front's lifetime ends at the current second.
    timed = {"Date", "X-Accel-Expires"}
    assert {k: v for k, v in served.items() if k not in timed} == {
        k: v for k, v in rendered.items() if k not in timed
    }


def test_a_stored_page_costs_one_query(client, publication, section):
    article = rich_article(section)
    read(client, article)  # renders, stores, and keeps the publication's snapshot
    with CaptureQueriesContext(connection) as queries:
        response = read(client, article)
    assert response.templates == []
    assert len(queries) == 1, [q["sql"] for q in queries.captured_queries]


def test_the_dateline_is_todays_whenever_the_page_was_stored(
    client, publication, section, monkeypatch
):
    article = make_article(section)
    read(client, article)
    today = read(client, article).content.decode()
    assert 'class="dateline"' in today
    assert rendering.DATELINE_MARK in stored_html(article)
    assert 'class="dateline"' not in stored_html(article)

    tomorrow = datetime.date(2031, 7, 5)
    monkeypatch.setattr(
        "masthead.publications.chrome.dateline", lambda s: (tomorrow, "Saturday, July 5, 2031")
    )
    served = read(client, article)
    assert served.templates == []
    assert '<time datetime="2031-07-05">Saturday, July 5, 2031</time>' in served.content.decode()


def test_publishing_again_shows_the_new_version(client, publication, section):
    article = make_article(section, "Footbridge approved")
    read(client, article)
    article.title = "Footbridge approved after long wait"
    article.save_revision().publish()
    html = read(client, article).content.decode()
    assert "Footbridge approved after long wait</h1>" in html


def test_a_draft_never_reaches_the_stored_page(client, publication, section):
    article = make_article(section, "Footbridge approved")
    read(client, article)
    article = ArticlePage.objects.get(pk=article.pk)
    article.title = "DRAFT headline nobody approved"
    article.save_revision()
    StoredPage.objects.all().delete()
    html = read(client, article).content.decode()
    assert "DRAFT" not in html
    assert "DRAFT" not in stored_html(article)


def test_publication_changes_reach_stored_pages(client, publication, section):
    article = make_article(section)
    read(client, article)
    PublicationSettings.for_site(publication).__class__.objects.filter(site=publication).update(
        tagline="Valley news daily"
    )
    settings_row = PublicationSettings.objects.get(site=publication)
    settings_row.save()  # as the admin saves it: the page cache's generation moves on
    assert "Valley news daily" in read(client, article).content.decode()

    section.title = "Local news"
    section.save_revision().publish()
    assert ">Local news</a>" in read(client, article).content.decode()


def test_a_renamed_author_reaches_stored_pages(
    client, publication, section, django_capture_on_commit_callbacks
):
    author = AuthorFactory(publication=publication, name="Ada Whitfield")
    article = make_article(section, authors=[author])
    assert "Ada Whitfield" in read(client, article).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        author.name = "Ada Whitfield-Lowe"
        author.save()
    assert "Ada Whitfield-Lowe" in read(client, article).content.decode()


def test_new_code_or_an_old_copy_renders_again(client, publication, section, settings, monkeypatch):
    article = make_article(section)
    read(client, article)
    assert read(client, article).templates == []

    rendering.code_version.cache_clear()
    settings.STATIC_URL = "/static-v2/"  # a setting pages show, so the code version moves
    try:
        assert read(client, article).templates
        assert read(client, article).templates == []
    finally:
        rendering.code_version.cache_clear()

    settings.STORED_PAGE_SECONDS = 60
    rendering.forget([article.pk])
    assert read(client, article).templates
    assert read(client, article).templates == []
    now = time.time()
    monkeypatch.setattr(rendering.time, "time", lambda: now + 61)  # a minute later
    assert read(client, article).templates
    assert read(client, article).templates == []


def test_stored_pages_can_be_turned_off(client, publication, section, settings):
    settings.STORED_PAGE_SECONDS = 0
    article = make_article(section)
    assert read(client, article).templates
    assert read(client, article).templates
    assert not StoredPage.objects.exists()


def test_a_changed_picture_retires_stored_pages(client, publication, section):
    article = rich_article(section)
    read(client, article)
    assert StoredPage.objects.exists()
    image = article.lead_image
    image.title = "Focal point moved"
    image.save()
    assert not StoredPage.objects.exists()
    assert read(client, article).templates


def test_editors_never_get_or_make_stored_pages(admin_client, client, publication, section):
    article = make_article(section)
    editor_view = admin_client.get(article.url, HTTP_HOST=publication.hostname)
    assert editor_view.templates
    assert not StoredPage.objects.exists()
    read(client, article)
    editor_view = admin_client.get(article.url, HTTP_HOST=publication.hostname)
    assert editor_view.templates
    assert "wagtail-userbar" not in stored_html(article)


def test_the_page_cache_and_the_stored_page_agree(client, publication, section):
    article = rich_article(section)
    first = read(client, article)
    cache.clear()
    again = client.get(article.url, HTTP_HOST=publication.hostname)
    assert again.templates == []
    assert again.content == first.content


def test_an_editor_gets_the_whole_article_in_a_bounded_number_of_queries(
    admin_client, client, publication, section
):
    """The router loads only what a stored page needs; an editor's render loads the rest once,
    not one field at a time."""
    article = rich_article(section)
    read(client, article)  # the publication's snapshot is kept
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(article.url, HTTP_HOST=publication.hostname)
        assert response.status_code == 200
        assert "Footbridge approved</h1>" in response.content.decode()
        counts.append(len(queries))
    # 16 here; loading the rest one field at a time took 28.
    assert counts[1] <= 20, counts
