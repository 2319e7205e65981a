import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from masthead.articles.models import ARTICLES_PER_PAGE, ArticlePage
from masthead.publications.models import PublicationSettings

from .factories import (
    AuthorFactory,
    ImageFactory,
    days_ago,
    make_article,
    make_section,
    statement_value,
)

pytestmark = pytest.mark.django_db

# Cold cache and no stored page: site, routing (and the rest of the article's fields), view
# restrictions, sections, settings and logo, images, plus one query for each capability on the
# page (the Listen player's narration, the signup forms, the related list, and an updated
# story's corrections), then storing the page for the next reader (an upsert in a savepoint).
QUERY_BUDGET = 17
LISTING_QUERY_BUDGET = 12


def get(client, site, url):
    return client.get(url, HTTP_HOST=site.hostname)


def test_article_page_shows_its_anatomy_in_order(client, publication, section):
    PublicationSettings = publication.publicationsettings.__class__
    PublicationSettings.objects.filter(site=publication).update(tagline="Valley news daily")
    author = AuthorFactory(publication=publication, name="Ada Whitfield", slug="ada-whitfield")
    article = make_article(section, "Council approves footbridge", authors=[author])
    html = get(client, publication, article.url).content.decode()

    anatomy = [
        'class="masthead"',
        "The Daily Meridian",
        "Valley news daily",
        'class="dateline"',
        'class="article__section"',
        "Council approves footbridge</h1>",
        "The council voted to build a crossing over the creek.",
        "Ada Whitfield</a>",
        'class="byline__published"',
        'class="statement__start"',
        "Harbour Commissioners",
        "The harbour will reopen on Monday.",
        'class="statement__end"',
    ]
    position = html.find("<body")
    for marker in anatomy:
        position = html.find(marker, position)
        assert position != -1, f"{marker!r} missing or out of order"
    assert html.count("<h1") == 1


def test_statement_shows_issuer_date_and_source(client, publication, section):
    article = make_article(section)
    html = get(client, publication, article.url).content.decode()
    start = html.split('class="statement__start"', 1)[1].split("</p>", 1)[0]
    assert "Statement issued" in start and "May 30, 2025</time> by" in start
    assert 'cite="https://example.org/statement"' in html
    assert "Source: example.org" in html
    assert "End of statement" in html.split('class="statement__end"', 1)[1]


def test_a_statement_source_must_be_a_web_address(section):
    from django.core.exceptions import ValidationError

    article = make_article(section)
    article.body = [("statement", statement_value(source_url="ftp://example.org/statement.txt"))]
    with pytest.raises(ValidationError, match="http:// or https://"):
        article.full_clean()


def test_article_page_query_count_does_not_grow_with_authors_tags_or_blocks(
    client, publication, section
):
    def story(title, copies):
        body = []
        for n in range(copies):
            body += [
                ("paragraph", RichText(f"<p>Paragraph {n}</p>")),
                ("subheading", f"Part {n}"),
                (
                    "image",
                    {"image": ImageFactory(), "alt_text": "A picture", "caption": "", "credit": ""},
                ),
                ("pull_quote", {"quote": "Quotable", "attribution": "Someone"}),
                ("statement", statement_value()),
            ]
        return make_article(
            section,
            title,
            authors=[AuthorFactory(publication=publication) for _ in range(copies)],
            tags=[f"{title} topic {n}" for n in range(copies)],
            body=body,
            lead_image=ImageFactory(),
        )

    small, big = story("Small story", 1), story("Big story", 8)
    counts = {}
    for article in (small, big):
        # Render once so renditions exist (the publish task makes them in production), then
        # measure with a cold cache.
        get(client, publication, article.url)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = get(client, publication, article.url)
        assert response.status_code == 200
        counts[article.title] = len(queries)
    assert counts["Big story"] == counts["Small story"], counts
    assert counts["Big story"] <= QUERY_BUDGET, counts


def test_cached_article_is_served_without_queries(client, publication, section):
    article = make_article(section)
    first = get(client, publication, article.url)
    with CaptureQueriesContext(connection) as queries:
        second = get(client, publication, article.url)
    assert first.content == second.content
    assert second["X-Page-Cache"] == "hit"
    assert len(queries) == 0


def test_anonymous_readers_get_identical_html_without_tokens(client, publication, section):
    article = make_article(section)
    first = get(client, publication, article.url).content
    cache.clear()
    second = get(client, publication, article.url).content
    assert first == second
    assert b"csrfmiddlewaretoken" not in first


def test_section_lists_live_articles_newest_first_and_paginates(client, publication, section):
    for number in range(ARTICLES_PER_PAGE + 2):
        make_article(section, f"Story {number:02d}", published_at=days_ago(30 - number))
    page_one = get(client, publication, section.url).content.decode()
    assert page_one.find("Story 13") < page_one.find("Story 12")
    assert "Story 01" not in page_one
    page_two = get(client, publication, section.url + "?page=2").content.decode()
    assert "Story 01" in page_two and "Story 00" in page_two
    assert get(client, publication, section.url + "?page=9").status_code == 404


def test_front_page_has_lead_latest_and_sections(client, publication, section):
    science = make_section(publication, "Science")
    make_article(section, "Older local story", published_at=days_ago(3), lead_image=ImageFactory())
    make_article(science, "Newest science story", published_at=days_ago(1))
    html = get(client, publication, "/").content.decode()
    assert html.count("<h1") == 1 and '<h1 class="masthead">' in html
    lead = html.find('aria-label="Lead story"')
    # The newest story has no picture, so the newest one with a picture leads.
    assert lead < html.find("Older local story") < html.find('id="latest-heading"')
    assert html.find("Newest science story") > html.find('id="latest-heading"')
    assert 'href="/science/"' in html


def test_front_page_shows_each_story_once(client, publication, section):
    science = make_section(publication, "Science")
    stories = []
    for number in range(14):
        home = science if number % 2 else section
        picture = ImageFactory() if number % 3 == 0 else None
        stories.append(
            make_article(
                home, f"Story {number:02d}", published_at=days_ago(30 - number), lead_image=picture
            )
        )
    stories.append(make_article(section, "Fresh story without a picture", published_at=days_ago(0)))
    html = get(client, publication, "/").content.decode()
    for story in stories:
        assert html.count(f">{story.title}<") <= 1, story.title
    lead = html.split('aria-label="Lead story"', 1)[1].split("</section>", 1)[0]
    assert "Story 12" in lead  # the newest with a picture, not the fresh one without
    latest = html.split('id="latest-heading"', 1)[1].split("</section>", 1)[0]
    assert "Fresh story without a picture" in latest
    # The editors' choice leads while it is live.
    front = publication.root_page.specific
    front.lead_story = stories[2]
    front.save_revision().publish()
    html = get(client, publication, "/").content.decode()
    assert "Story 02" in html.split('aria-label="Lead story"', 1)[1].split("</section>", 1)[0]
    assert html.count(">Story 02<") == 1


def test_author_and_tag_pages_list_their_articles(client, publication, section):
    author = AuthorFactory(publication=publication, name="Tomás Reyes", slug="tomas-reyes")
    make_article(section, "Bees choose a home", authors=[author], tags=["bees"])
    make_article(section, "Other story", tags=["rivers"])
    author_page = get(client, publication, "/authors/tomas-reyes/").content.decode()
    assert "Tomás Reyes</h1>" in author_page and "Bees choose a home" in author_page
    assert "Other story" not in author_page
    tag_page = get(client, publication, "/tags/bees/").content.decode()
    assert "Bees choose a home" in tag_page and "Other story" not in tag_page
    assert get(client, publication, "/authors/nobody/").status_code == 404
    assert get(client, publication, "/tags/no-such-tag/").status_code == 404


def test_publications_do_not_share_content(client, publication, other_publication, section):
    make_article(section, "Meridian only story", tags=["shared-tag"])
    courier_section = make_section(other_publication, "Harbour")
    make_article(courier_section, "Courier only story", tags=["shared-tag"])
    meridian = get(client, publication, "/").content.decode()
    courier = get(client, other_publication, "/").content.decode()
    assert "Meridian only story" in meridian and "Courier only story" not in meridian
    assert "Courier only story" in courier and "Meridian only story" not in courier
    tag = get(client, publication, "/tags/shared-tag/").content.decode()
    assert "Courier only story" not in tag


def test_unknown_url_gets_styled_404(client, publication, section):
    response = get(client, publication, "/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We couldn’t find that page" in html and 'class="masthead"' in html


def test_drafts_scheduled_and_unpublished_articles_never_reach_readers(
    client, publication, section
):
    author = AuthorFactory(publication=publication, slug="writer")
    make_article(section, "Live story", authors=[author], tags=["topic"])
    draft = make_article(section, "Secret draft", authors=[author], tags=["topic"], publish=False)
    scheduled = make_article(
        section,
        "Secret scheduled",
        authors=[author],
        tags=["topic"],
        publish=False,
        go_live_at=days_ago(-2),
    )
    scheduled.get_latest_revision().publish()
    withdrawn = make_article(section, "Secret withdrawn", authors=[author], tags=["topic"])
    withdrawn.unpublish()
    assert not ArticlePage.objects.get(pk=scheduled.pk).live

    for url in ("/", section.url, "/authors/writer/", "/tags/topic/", "/sitemap.xml"):
        html = get(client, publication, url).content.decode()
        assert "Live story" in html or "live-story" in html, url
        assert "Secret" not in html and "secret" not in html, url
    for page in (draft, scheduled, withdrawn):
        url = f"/{section.slug}/{page.slug}/"
        assert get(client, publication, url).status_code == 404, url


def test_articles_of_a_section_taken_down_reach_readers_nowhere(client, publication):
    author = AuthorFactory(publication=publication, slug="writer")
    kept = make_section(publication, "Local")
    dropped = make_section(publication, "Weather")
    make_article(kept, "Live story", authors=[author], tags=["topic"])
    hidden = make_article(dropped, "Stranded story", authors=[author], tags=["topic"])
    menu_less = make_section(publication, "Archive", show_in_menus=False)
    hidden_too = make_article(menu_less, "Archived story", authors=[author], tags=["topic"])
    dropped.unpublish()  # the section alone, as the page API allows
    menu_less.unpublish()
    assert ArticlePage.objects.get(pk=hidden.pk).live  # Wagtail leaves the article live

    for url in ("/", "/authors/writer/", "/tags/topic/", "/sitemap.xml"):
        html = get(client, publication, url).content.decode()
        assert "Live story" in html or "live-story" in html, url
        assert "Stranded" not in html and "stranded" not in html, url
        assert "Archived" not in html and "archived" not in html, url
    assert get(client, publication, hidden.url).status_code == 404
    assert get(client, publication, hidden_too.url).status_code == 404
    assert not ArticlePage.objects.live().filter(pk__in=[hidden.pk, hidden_too.pk]).exists()


def test_author_with_only_drafts_has_no_public_page(client, publication, section):
    author = AuthorFactory(publication=publication, slug="newcomer")
    draft = make_article(section, "First draft", authors=[author], publish=False)
    assert get(client, publication, "/authors/newcomer/").status_code == 404
    draft.get_latest_revision().publish()
    assert get(client, publication, "/authors/newcomer/").status_code == 200


def test_article_dates_are_shown_in_the_publication_zone(client, publication, section):
    published = datetime.datetime(2025, 5, 31, 2, 30, tzinfo=datetime.UTC)
    article = make_article(section, published_at=published)
    html = get(client, publication, article.url).content.decode()
    # 02:30 UTC is still the evening of May 30 in New York.
    assert "May 30, 2025, 10:30 p.m. EDT" in html


def test_publication_snapshot_saves_queries_on_the_next_uncached_page(client, publication, section):
    article = make_article(section)
    get(client, publication, article.url)  # renders, and keeps the publication's snapshot
    with CaptureQueriesContext(connection) as queries:
        # Another address is another cached page: rendered afresh, with the snapshot at hand.
        response = get(client, publication, article.url + "?from=newsletter")
    assert response["X-Page-Cache"] == "miss"
    # The article, its narration and its images: the site, menu, settings and signup forms
    # come from the cache.
    assert len(queries) <= 5


def test_private_section_stays_private_even_after_the_publication_was_cached(
    client, publication, section
):
    article = make_article(section, "Members only story")
    assert get(client, publication, article.url).status_code == 200
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    response = get(client, publication, article.url)
    assert response.status_code == 302 and "login" in response["Location"]
    for url in (section.url, "/"):
        get(client, publication, url)
    section_response = get(client, publication, section.url)
    assert section_response.status_code == 302 and "login" in section_response["Location"]


def test_front_page_refuses_a_lead_story_from_another_publication(
    publication, other_publication, section
):
    stranger = make_article(make_section(other_publication, "Harbour"), "Courier story")
    front = publication.root_page.specific
    front.lead_story = stranger
    with pytest.raises(ValidationError, match="this publication"):
        front.full_clean()
    front.lead_story = make_article(section, "Our story")
    front.full_clean()


def test_masthead_logo_is_shown_and_stays_within_the_query_budget(client, publication, section):
    settings = PublicationSettings.for_site(publication)
    settings.logo = ImageFactory()
    settings.save()
    article = make_article(section, lead_image=ImageFactory())
    get(client, publication, article.url)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        html = get(client, publication, article.url).content.decode()
    assert 'class="masthead__logo"' in html
    assert len(queries) <= QUERY_BUDGET


@pytest.mark.parametrize("url", ["/", "/local/", "/authors/writer/", "/tags/topic/"])
def test_listing_pages_run_the_same_queries_for_few_or_many_articles(
    client, publication, section, url
):
    author = AuthorFactory(publication=publication, slug="writer")
    science = make_section(publication, "Science")

    def add_stories(count):
        for n in range(count):
            for home in (section, science):
                make_article(
                    home,
                    f"{home.title} {n}",
                    authors=[author],
                    tags=["topic"],
                    lead_image=ImageFactory(),
                )

    def queries_for_listing():
        get(client, publication, url)  # renditions exist once the worker has run
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert get(client, publication, url).status_code == 200
        return len(queries)

    # Enough that the front page has stories left for its section rows after lead and latest.
    add_stories(5)
    few = queries_for_listing()
    add_stories(5)
    assert queries_for_listing() == few
    assert few <= LISTING_QUERY_BUDGET


def test_article_page_carries_canonical_and_sharing_metadata(client, publication, section):
    article = make_article(section, "Bridge story", lead_image=ImageFactory())
    html = get(client, publication, article.url).content.decode()
    assert '<link rel="canonical" href="http://daily.localhost/local/bridge-story/">' in html
    assert '<meta property="og:title" content="Bridge story">' in html
    assert '<meta property="og:image" content="http://daily.localhost/media/images/' in html
    assert '<meta property="og:site_name" content="The Daily Meridian">' in html
