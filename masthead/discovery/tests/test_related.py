"""Related articles: chosen by content, kept up to date in the background, never leaked."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.articles.models import ArticlePage
from masthead.articles.tests.factories import ImageFactory, days_ago, make_section
from masthead.articles.tests.test_views import QUERY_BUDGET, get
from masthead.discovery.models import DiscoverySettings, RelatedArticle, RelatedChoice
from masthead.discovery.tasks import update_related

pytestmark = pytest.mark.django_db


def related_titles(article):
    return list(
        RelatedArticle.objects.filter(article=article)
        .order_by("rank")
        .values_list("related__title", flat=True)
    )


def shown_titles(client, publication, article):
    html = get(client, publication, article.url).content.decode()
    if "Related Articles" not in html:
        return []
    part = html.split('id="related-heading"', 1)[1]
    found = [t for t in ArticlePage.objects.values_list("title", flat=True) if f">{t}<" in part]
    return sorted(found, key=lambda title: part.index(f">{title}<"))


def test_related_list_is_chosen_by_what_the_stories_are_about(client, publication, publish_story):
    ferries = [publish_story("ferries", f"Ferry story {n}") for n in range(3)]
    for n in range(4):
        publish_story("arts", f"Arts story {n}")
    newest = publish_story("ferries", "Ferry story 3")

    assert set(related_titles(newest)[:3]) == {a.title for a in ferries}
    # Published earlier, the first ferry story learned of the later ones incrementally.
    assert set(related_titles(ferries[0])[:3]) == {
        "Ferry story 1",
        "Ferry story 2",
        "Ferry story 3",
    }

    html = get(client, publication, newest.url).content.decode()
    assert '<h2 id="related-heading" class="related__heading">Related Articles</h2>' in html
    assert shown_titles(client, publication, newest)[:3] == related_titles(newest)[:3]


def test_list_length_follows_the_publications_setting(publication, publish_story):
    DiscoverySettings.objects.update_or_create(site=publication, defaults={"related_count": 2})
    for n in range(5):
        publish_story("schools", f"School story {n}")
    article = publish_story("schools", "School story 5")
    assert len(related_titles(article)) == 2


def test_unpublished_story_leaves_every_list_at_once(
    client, publication, publish_story, django_capture_on_commit_callbacks
):
    first, second, third = (publish_story("housing", f"Housing story {n}") for n in range(3))
    assert "Housing story 1" in shown_titles(client, publication, first)

    # Not even waiting for the worker: the rows go with the unpublish itself.
    second.unpublish()
    assert "Housing story 1" not in related_titles(first)
    assert "Housing story 1" not in shown_titles(client, publication, first)
    assert "Housing story 1" not in shown_titles(client, publication, third)


def test_drafts_and_stories_under_an_unpublished_section_never_appear(
    client, publication, section, publish_story, django_capture_on_commit_callbacks
):
    hidden_section = make_section(publication, "Archive")
    publish_story("health", "Draft health story", publish=False)
    hidden = publish_story("health", "Health story in archive", into=hidden_section)
    article = publish_story("health", "Health story")
    assert "Health story in archive" in related_titles(article)

    with django_capture_on_commit_callbacks(execute=True):
        hidden_section.unpublish()
    titles = shown_titles(client, publication, article)
    assert "Draft health story" not in related_titles(article)
    assert hidden.title not in titles and hidden.title not in related_titles(article)


def test_stories_past_the_age_limit_are_left_out(publication, publish_story):
    DiscoverySettings.objects.update_or_create(
        site=publication, defaults={"related_max_age_days": 30}
    )
    old = publish_story("weather", "Old flood story")
    ArticlePage.objects.filter(pk=old.pk).update(first_published_at=days_ago(400))
    update_related.enqueue(old.pk)  # its stored date follows the change
    recent = publish_story("weather", "Recent flood story")
    article = publish_story("weather", "Newest flood story")
    assert related_titles(article) == ["Recent flood story"]
    assert recent.title in related_titles(article)


def test_editors_pin_and_exclude_related_stories(
    publication, publish_story, django_capture_on_commit_callbacks
):
    unrelated = publish_story("business", "Factory jobs story")
    unwanted = publish_story("football", "Derby story 1")
    publish_story("football", "Derby story 2")
    article = publish_story("football", "Derby story 3")
    assert related_titles(article)[:2] != ["Factory jobs story"]

    article.related_choices.add(RelatedChoice(related=unrelated, kind="pin"))
    article.related_choices.add(RelatedChoice(related=unwanted, kind="exclude"))
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    titles = related_titles(article)
    assert titles[0] == "Factory jobs story"
    assert "Derby story 1" not in titles and "Derby story 2" in titles


def test_a_pin_to_another_publication_is_ignored(
    publication, other_publication, publish_story, django_capture_on_commit_callbacks
):
    stranger = publish_story("arts", "Courier arts story", into=make_section(other_publication))
    article = publish_story("arts", "Arts story")
    article.related_choices.add(RelatedChoice(related=stranger, kind="pin"))
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert "Courier arts story" not in related_titles(article)


def test_lists_stay_within_their_publication(publication, other_publication, publish_story):
    publish_story("ferries", "Courier ferry story", into=make_section(other_publication))
    article = publish_story("ferries", "Ferry story")
    publish_story("ferries", "Second ferry story")
    assert "Courier ferry story" not in related_titles(article)


def test_article_page_with_a_related_list_stays_within_its_query_budget(
    client, publication, publish_story
):
    # Every story pictured: the list's cards show their lead images too.
    few = publish_story("arts", "Arts story 0", lead_image=ImageFactory())
    publish_story("arts", "Arts story 1", lead_image=ImageFactory())
    for n in range(2, 9):
        publish_story("arts", f"Arts story {n}", lead_image=ImageFactory())
    many = ArticlePage.objects.get(title="Arts story 8")
    counts = {}
    for article in (few, many):
        get(client, publication, article.url)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            html = get(client, publication, article.url).content.decode()
        assert "Related Articles" in html
        counts[article.title] = len(queries)
    # Reading a page computes no similarity and writes nothing.
    assert not any("INSERT" in q["sql"] or "DELETE" in q["sql"] for q in queries.captured_queries)
    assert counts["Arts story 0"] == counts["Arts story 8"] <= QUERY_BUDGET, counts


def test_changing_the_settings_rebuilds_every_list(
    publication, publish_story, django_capture_on_commit_callbacks
):
    stories = [publish_story("ferries", f"Ferry story {n}") for n in range(4)]
    stories.append(publish_story("arts", "Arts story"))
    assert all(len(related_titles(story)) == 4 for story in stories)
    stories[1].unpublish()

    with django_capture_on_commit_callbacks(execute=True):
        DiscoverySettings.objects.update_or_create(site=publication, defaults={"related_count": 2})
    live = [story for story in stories if story.pk != stories[1].pk]
    assert all(len(related_titles(story)) == 2 for story in live)
    assert not RelatedArticle.objects.filter(article=stories[1]).exists()
    assert set(related_titles(stories[0])) == {"Ferry story 2", "Ferry story 3"}


def test_a_sponsored_story_is_never_listed_without_its_label(client, publication, publish_story):
    publish_story("ferries", "Ferry line's new cabins", type_of_work="sponsored")
    reader = publish_story("ferries", "Ferry story 1")
    assert "Ferry line's new cabins" in related_titles(reader)
    html = get(client, publication, reader.url).content.decode()
    related = html.split('id="related-heading"', 1)[1]
    card = related.split("Ferry line")[0].rsplit('<article class="card">', 1)[1]
    assert '<p class="card__label card__label--sponsored">Sponsored</p>' in card
