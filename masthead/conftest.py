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


def host(site):
    return {"HTTP_HOST": site.hostname}
