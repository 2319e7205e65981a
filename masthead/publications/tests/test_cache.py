import pytest
from django.contrib.auth import get_user_model

from masthead.articles.tests.factories import AuthorFactory, make_article
from masthead.publications.models import PublicationSettings

pytestmark = pytest.mark.django_db


def read(client, site, url):
    return client.get(url, HTTP_HOST=site.hostname)


def test_second_anonymous_read_is_a_cache_hit(client, publication, section):
    article = make_article(section)
    first = read(client, publication, article.url)
    second = read(client, publication, article.url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    for header in ("Content-Type", "Cache-Control", "X-Frame-Options", "X-Content-Type-Options"):
        assert second[header] == first[header], header


def test_publishing_anything_retires_cached_pages(client, publication, section):
    make_article(section, "First story")
    assert "First story" in read(client, publication, "/").content.decode()
    make_article(section, "Second story")
    front = read(client, publication, "/")
    assert front["X-Page-Cache"] == "miss"
    assert "Second story" in front.content.decode()


def test_unpublishing_retires_the_cached_article(client, publication, section):
    article = make_article(section)
    assert read(client, publication, article.url).status_code == 200
    article.unpublish()
    assert read(client, publication, article.url).status_code == 404


def test_settings_and_author_changes_retire_cached_pages(
    client, publication, section, django_capture_on_commit_callbacks
):
    author = AuthorFactory(publication=publication, name="Ada Whitfield")
    article = make_article(section, authors=[author])
    read(client, publication, article.url)
    settings = PublicationSettings.for_site(publication)
    settings.tagline = "A brand new tagline"
    settings.save()
    assert "A brand new tagline" in read(client, publication, article.url).content.decode()
    author.name = "Ada Whitfield-Jones"
    with django_capture_on_commit_callbacks(execute=True):
        author.save()
    assert "Ada Whitfield-Jones" in read(client, publication, article.url).content.decode()


def test_publications_never_share_cached_pages(client, publication, other_publication, section):
    read(client, publication, "/")
    other = read(client, other_publication, "/")
    assert other["X-Page-Cache"] == "miss"
    assert "The Harbour Courier" in other.content.decode()


def test_signed_in_editors_bypass_the_cache(client, publication, section):
    article = make_article(section)
    read(client, publication, article.url)
    editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(editor)
    response = read(client, publication, article.url)
    assert "X-Page-Cache" not in response
    # Nor may a CDN or the nginx front keep the editor's page, with its edit bar.
    assert "public" not in response["Cache-Control"] and "s-maxage" not in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "X-Accel-Expires" not in response


def test_head_request_for_a_cached_page_has_no_body(client, publication, section):
    article = make_article(section)
    read(client, publication, article.url)
    response = client.head(article.url, HTTP_HOST=publication.hostname)
    assert response["X-Page-Cache"] == "hit"
    assert response.content == b""


def test_a_publish_retires_pages_again_when_it_commits(django_capture_on_commit_callbacks):
    """A reader who arrives between the publish and its commit sees the old page; that page
    must not stay cached under the publish's generation."""
    from masthead.publications.cache import current_generation, invalidate_pages

    before = current_generation()
    with django_capture_on_commit_callbacks(execute=True):
        invalidate_pages()
        during = current_generation()
    assert before < during < current_generation()


def test_the_front_keeps_a_page_to_the_end_of_the_second_even_when_revalidated(
    client, publication, section
):
    """nginx renews a revalidated copy from the 304's headers: the 304 must carry the short
    lifetime too, or the front would keep the page for the whole s-maxage."""
    article = make_article(section)
    first = read(client, publication, article.url)
    assert first["X-Accel-Expires"].startswith("@")
    again = client.get(
        article.url, HTTP_HOST=publication.hostname, HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert again.status_code == 304
    assert again["X-Accel-Expires"].startswith("@")
    # Pages that are not shared are never kept by the front.
    assert "X-Accel-Expires" not in client.get("/healthz", HTTP_HOST=publication.hostname)
