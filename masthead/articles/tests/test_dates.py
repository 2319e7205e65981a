"""Published dates are set once; 'Updated' appears only when the text changes after publication."""

import datetime

import pytest
import time_machine
from wagtail.rich_text import RichText

from masthead.articles.models import ArticlePage

from .factories import make_article

pytestmark = pytest.mark.django_db

MONDAY = datetime.datetime(2025, 6, 2, 9, 0, tzinfo=datetime.UTC)


def later(days):
    return MONDAY + datetime.timedelta(days=days)


def reload(article):
    return ArticlePage.objects.get(pk=article.pk)


@pytest.fixture
def article(section):
    """An article first published on Monday."""
    with time_machine.travel(MONDAY, tick=False):
        return reload(make_article(section))


def republish(article, days, **changes):
    """Edit the live article `days` after Monday and publish the edit."""
    with time_machine.travel(later(days), tick=False):
        article = reload(article)
        for name, value in changes.items():
            setattr(article, name, value)
        article.save_revision().publish()
    return reload(article)


def test_first_publication_sets_the_published_date_and_no_update(article):
    assert article.published_at == MONDAY
    assert article.updated_at is None


def test_republishing_without_text_changes_moves_no_date(article):
    article = republish(article, 3, search_description="A new description for search engines")
    assert article.published_at == MONDAY
    assert article.updated_at is None


def test_changing_the_text_after_publication_sets_the_updated_date(article):
    article = republish(article, 2, standfirst="A corrected standfirst.")
    assert article.published_at == MONDAY
    assert article.updated_at == later(2)


def test_unpublishing_and_republishing_keeps_the_original_date(article):
    with time_machine.travel(later(10), tick=False):
        article.unpublish()
        article = reload(article)
        article.save_revision().publish()
    assert reload(article).published_at == MONDAY


def test_publishing_an_old_revision_cannot_erase_the_updated_date(article):
    first_revision = article.latest_revision
    republish(article, 1, title="Headline, corrected")
    with time_machine.travel(later(2), tick=False):
        first_revision.publish()
    article = reload(article)
    assert article.title == "Footbridge approved"
    assert article.published_at == MONDAY
    # Going back to the old text is itself a change readers should know about.
    assert article.updated_at == later(2)


def test_copied_article_does_not_inherit_dates(article):
    article = republish(article, 1, standfirst="Changed.")
    copy = reload(article.copy(update_attrs={"slug": "copy", "title": "Copy"}, keep_live=False))
    assert copy.updated_at is None
    assert copy.published_text_fingerprint == ""
    assert copy.first_published_at is None


def test_article_page_shows_updated_only_after_a_text_change(client, publication, article):
    page = client.get(article.url, HTTP_HOST=publication.hostname).content.decode()
    assert 'class="byline__published"' in page and "Updated" not in page
    body = [("paragraph", RichText("<p>A corrected first paragraph.</p>"))]
    article = republish(article, 1, body=body)
    page = client.get(article.url, HTTP_HOST=publication.hostname).content.decode()
    assert 'class="byline__updated" datetime="2025-06-03T05:00:00-04:00"' in page
    assert 'class="byline__published" datetime="2025-06-02T05:00:00-04:00"' in page
