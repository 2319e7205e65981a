"""Site search: a publication's own live articles, ranked, highlighted, filtered and paged;
whatever a reader types gets a normal page."""

import datetime
import re

import pytest
from wagtail.rich_text import RichText

from masthead.articles.models import ArticlePage
from masthead.articles.tests.factories import days_ago, make_article, make_section
from masthead.articles.tests.test_views import get
from masthead.discovery import ranking
from masthead.discovery.ranking import write_search_documents
from masthead.discovery.search import RESULTS_PER_PAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(publication, other_publication, section, django_capture_on_commit_callbacks):
    def story(title, text, into=section, **kwargs):
        return make_article(
            into,
            title,
            body=[("paragraph", RichText(f"<p>{text}</p>"))],
            **kwargs,
        )

    with django_capture_on_commit_callbacks(execute=True):
        sport = make_section(publication, "Sport")
        hidden = make_section(publication, "Archive")
        stories = {
            "ferry": story("Ferry timetable cut", "The harbour ferry runs fewer sailings."),
            "bridge": story("Footbridge opens", "Walkers crossed the harbour on the new bridge."),
            "derby": story("Derby won late", "A header in stoppage time won the derby.", sport),
            "draft": story("Ferry draft", "An unfinished ferry story.", publish=False),
            "withdrawn": story("Ferry story withdrawn", "A ferry story taken down."),
            "hidden": story("Ferry archive story", "An old ferry story.", hidden),
            "courier": story(
                "Courier ferry news", "Ferry news elsewhere.", make_section(other_publication)
            ),
        }
        stories["withdrawn"].unpublish()
        hidden.unpublish()
    return stories


def results(html):
    return re.findall(r'<h2 class="card__headline"><a href="[^"]+">(.*?)</a></h2>', html)


def plain(title):
    return re.sub(r"</?mark>", "", title)


def search(client, site, **params):
    response = client.get("/search/", params, HTTP_HOST=site.hostname)
    assert response.status_code == 200
    return response.content.decode()


def test_search_finds_only_the_publications_live_articles(client, publication, archive):
    html = search(client, publication, q="ferry")
    assert [plain(t) for t in results(html)] == ["Ferry timetable cut"]
    assert "1 article found" in html


def test_matches_are_highlighted_in_headline_and_text(client, publication, archive):
    html = search(client, publication, q="harbour")
    assert "<mark>harbour</mark>" in html
    assert sorted(plain(t) for t in results(html)) == ["Ferry timetable cut", "Footbridge opens"]
    assert "Ferry timetable <mark>cut</mark>" in search(client, publication, q="cut")


def test_a_headline_match_ranks_above_a_body_match(
    client, publication, section, archive, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_article(
            section,
            "Bridge repairs begin",
            body=[("paragraph", RichText("<p>Work starts on Monday.</p>"))],
        )
    titles = [plain(t) for t in results(search(client, publication, q="bridge"))]
    assert titles[0] == "Bridge repairs begin"
    assert "Footbridge opens" in titles or len(titles) == 1


def test_filters_by_section_and_dates(client, publication, archive):
    assert [plain(t) for t in results(search(client, publication, q="won", section="sport"))] == [
        "Derby won late"
    ]
    assert results(search(client, publication, q="won", section="local")) == []
    ArticlePage.objects.filter(pk=archive["ferry"].pk).update(
        first_published_at=datetime.datetime(2024, 3, 1, 12, tzinfo=datetime.UTC)
    )
    write_search_documents([archive["ferry"].pk])  # as an import that sets dates does
    html = search(client, publication, q="harbour", **{"from": "2024-02-01", "to": "2024-03-31"})
    assert [plain(t) for t in results(html)] == ["Ferry timetable cut"]
    swapped = search(client, publication, q="harbour", **{"from": "2024-03-31", "to": "2024-02-01"})
    assert "dates were swapped" in swapped and len(results(swapped)) == 1


def test_results_are_paged(
    client, publication, section, archive, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(RESULTS_PER_PAGE + 2):
            make_article(
                section,
                f"Quay works part {n}",
                body=[("paragraph", RichText("<p>Quay works go on.</p>"))],
            )
    first = search(client, publication, q="quay")
    assert len(results(first)) == RESULTS_PER_PAGE and "Page 1 of 2" in first
    assert 'rel="next" href="?q=quay&amp;page=2"' in first
    second = search(client, publication, q="quay", page="2")
    assert len(results(second)) == 2
    assert search(client, publication, q="quay", page="99").count("card__headline") == 10


@pytest.mark.parametrize(
    "query",
    [
        '"ferry',
        "ferry AND OR NOT (",
        "*",
        "ferry\x00",
        "x" * 3000,
        "ferry " * 600,
        "'; DROP TABLE",
        "-",
        "NEAR(ferry harbour)",
        "ferry^2 {x}",
    ],
)
def test_any_query_gets_a_normal_page(client, publication, archive, query):
    html = search(client, publication, q=query)
    assert "<h1>Search</h1>" in html


def test_odd_queries_get_a_message(client, publication, archive):
    assert "only its first 200 characters" in search(client, publication, q="x" * 3000)
    assert "punctuation alone finds nothing" in search(client, publication, q='"*"')
    assert "Type a word or two" in search(client, publication, q="")
    assert "was not a date" in search(client, publication, q="ferry", **{"from": "yesterday"})
    assert [plain(t) for t in results(search(client, publication, q='"ferry'))] == [
        "Ferry timetable cut"
    ]


def test_every_page_has_a_search_box_in_its_header(client, publication, archive):
    html = get(client, publication, "/").content.decode()
    header = html.split("</header>", 1)[0]
    assert '<form class="site-search" role="search" action="/search/"' in header
    assert '<label for="site-search-q"' in header


@pytest.mark.parametrize("ranked", [True, False], ids=["one-query-ranking", "wagtail-search"])
def test_both_engines_find_the_same_articles(client, publication, archive, monkeypatch, ranked):
    """The ranked query over Wagtail's index, and Wagtail's own `.search()` that other search
    backends (Elasticsearch, OpenSearch) go through, agree on what matches."""
    from masthead.discovery import ranking

    monkeypatch.setattr(ranking, "uses_database_index", lambda: ranked)
    assert ranking.uses_database_index() is ranked
    assert sorted(plain(t) for t in results(search(client, publication, q="harbour"))) == [
        "Ferry timetable cut",
        "Footbridge opens",
    ]
    assert [plain(t) for t in results(search(client, publication, q="won", section="sport"))] == [
        "Derby won late"
    ]
    assert results(search(client, publication, q="ferry news")) == []


def test_a_very_common_word_is_counted_up_to_a_limit(
    client, publication, section, archive, monkeypatch, django_capture_on_commit_callbacks
):
    from masthead.discovery import ranking

    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            make_article(
                section,
                f"Quay works part {n}",
                body=[("paragraph", RichText("<p>Quay works go on.</p>"))],
            )
    monkeypatch.setattr(ranking, "COUNT_UP_TO", 3)
    html = search(client, publication, q="quay")
    assert "More than 3 articles found" in html
    assert len(results(html)) == 3  # the best of them, up to the limit


def test_a_story_moved_to_another_section_is_found_under_it(
    client, publication, archive, django_capture_on_commit_callbacks
):
    sport = archive["derby"].get_parent()
    with django_capture_on_commit_callbacks(execute=True):
        archive["ferry"].move(sport, pos="last-child")
    assert [plain(t) for t in results(search(client, publication, q="ferry", section="sport"))] == [
        "Ferry timetable cut"
    ]
    assert results(search(client, publication, q="ferry", section="local")) == []


@pytest.mark.skipif(not ranking.keeps_search_documents(), reason="PostgreSQL's ranking alone")
def test_a_common_word_is_ranked_among_its_newest_matches(
    client, publication, section, monkeypatch, django_capture_on_commit_callbacks
):
    """Past COUNT_UP_TO matches, a reader gets the best of the newest, not an old story whose
    headline happens to hold the word."""
    paragraph = [("paragraph", RichText("<p>Tide tables were printed again.</p>"))]
    with django_capture_on_commit_callbacks(execute=True):
        make_article(section, "Tide tables return", body=paragraph, published_at=days_ago(400))
        for n in range(3):
            make_article(section, f"Harbour notes {n}", body=paragraph, published_at=days_ago(n))
    monkeypatch.setattr(ranking, "COUNT_UP_TO", 3)
    found = [plain(t) for t in results(search(client, publication, q="tide"))]
    assert sorted(found) == ["Harbour notes 0", "Harbour notes 1", "Harbour notes 2"]
    monkeypatch.setattr(ranking, "COUNT_UP_TO", 1000)
    # Another address than the page cache holds; all four ranked, the headline match first.
    assert [plain(t) for t in results(search(client, publication, q="Tide"))][0] == (
        "Tide tables return"
    )


@pytest.mark.skipif(
    not ranking.uses_database_index() or ranking.keeps_search_documents(),
    reason="SQLite's ranking alone",
)
def test_ranking_from_the_best_candidates_overall_gives_the_same_pages(
    client, publication, other_publication, section, monkeypatch, django_capture_on_commit_callbacks
):
    """SQLite first ranks the best matches of every publication in the full-text table alone;
    when too few of them are this publication's to fill the page, it ranks everything. Either
    way the page is the same."""
    from django.core.cache import cache

    theirs = make_section(other_publication, "Harbour")
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(12):
            # Theirs say "quay" more often, so they rank first overall.
            make_article(
                theirs, f"Quay quay story {n}", body=[("paragraph", RichText("<p>Quay.</p>"))]
            )
            words = " ".join(["quay"] + ["harbour"] * n)
            make_article(
                section, f"Our story {n}", body=[("paragraph", RichText(f"<p>{words}</p>"))]
            )
    full = [plain(t) for t in results(search(client, publication, q="quay"))]
    assert len(full) == RESULTS_PER_PAGE and all(t.startswith("Our story") for t in full)
    for candidates in (10, 15, 24, 100):
        monkeypatch.setattr(ranking, "SQLITE_CANDIDATES", candidates)
        cache.clear()  # the page cache holds the first answer
        assert [plain(t) for t in results(search(client, publication, q="quay"))] == full
