import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with a cold page cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def publication(db):
    from masthead.articles.tests.factories import make_publication

    return make_publication("The Daily Meridian", "daily.localhost", time_zone="America/New_York")


@pytest.fixture
def other_publication(db):
    from masthead.articles.tests.factories import make_publication

    return make_publication("The Harbour Courier", "courier.localhost", time_zone="Europe/London")


@pytest.fixture
def section(publication):
    from masthead.articles.tests.factories import make_section

    return make_section(publication, "Local")


@pytest.fixture
def wagtail_base_rows(transactional_db):
    """Transactional tests empty every table afterwards, including the rows Wagtail's own
    migrations create (default locale, root page, root collection); put them back."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page

    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    locale, _ = Locale.objects.get_or_create(language_code=language)
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale, live=True))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
