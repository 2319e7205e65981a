"""With a CDN in front, publishing and unpublishing purge the article and the lists showing it."""

import pytest

from .factories import AuthorFactory, make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def purged(settings, loopback_http):
    url, received = loopback_http(lambda method, path: (200, "text/plain", b""))
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": url}
    }
    return received


def purged_paths(received, site):
    return {path for method, host, path in received if method == "PURGE" and host == site.hostname}


def test_publishing_purges_article_section_front_author_and_tag_pages(
    purged, publication, section, django_capture_on_commit_callbacks
):
    author = AuthorFactory(publication=publication, slug="ada")
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(section, "Bridge story", authors=[author], tags=["bridges"])
    expected = {"/", "/local/", "/local/bridge-story/", "/authors/ada/", "/tags/bridges/"}
    assert expected <= purged_paths(purged, publication)

    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert {"/", "/local/", "/local/bridge-story/"} <= purged_paths(purged, publication)


def test_taking_a_section_down_purges_its_articles(
    purged, publication, section, django_capture_on_commit_callbacks
):
    make_article(section, "Bridge story")
    make_article(section, "Ferry story")
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        section.unpublish()
    assert {"/local/bridge-story/", "/local/ferry-story/"} <= purged_paths(purged, publication)
