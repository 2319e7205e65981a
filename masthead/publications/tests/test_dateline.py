import datetime

import pytest
import time_machine

from masthead.articles.tests.factories import make_article
from masthead.publications.dateline import dateline, seconds_until_local_midnight
from masthead.publications.models import PublicationSettings

pytestmark = pytest.mark.django_db

# 03:30 UTC on Saturday 31 May 2025 is still Friday evening in New York.
LATE_FRIDAY_IN_NEW_YORK = datetime.datetime(2025, 5, 31, 3, 30, tzinfo=datetime.UTC)


def settings_for(**fields):
    return PublicationSettings(**{"time_zone": "UTC", "language": "en", **fields})


def test_dateline_uses_the_publication_zone_and_format():
    new_york = settings_for(time_zone="America/New_York", dateline_format="l, F j, Y")
    london = settings_for(time_zone="Europe/London", dateline_format="l j F Y")
    assert dateline(new_york, LATE_FRIDAY_IN_NEW_YORK)[1] == "Friday, May 30, 2025"
    assert dateline(london, LATE_FRIDAY_IN_NEW_YORK)[1] == "Saturday 31 May 2025"


def test_dateline_speaks_the_publication_language():
    berlin = settings_for(time_zone="Europe/Berlin", language="de", dateline_format="l, j F Y")
    assert dateline(berlin, LATE_FRIDAY_IN_NEW_YORK)[1] == "Samstag, 31 Mai 2025"


def test_cache_lifetime_ends_at_local_midnight():
    new_york = settings_for(time_zone="America/New_York")
    # 23:30 in New York (EDT, UTC-4) is 03:30 UTC: half an hour to midnight.
    assert seconds_until_local_midnight(new_york, LATE_FRIDAY_IN_NEW_YORK) == 30 * 60


def test_cached_page_shows_the_new_date_after_midnight(client, settings, publication, section):
    settings.PAGE_CACHE_SECONDS = 3600
    article = make_article(section)
    with time_machine.travel(LATE_FRIDAY_IN_NEW_YORK, tick=False):
        before = client.get(article.url, HTTP_HOST=publication.hostname)
        again = client.get(article.url, HTTP_HOST=publication.hostname)
    assert "Friday, May 30, 2025" in before.content.decode()
    assert again["X-Page-Cache"] == "hit"
    assert "max-age=60" in before["Cache-Control"] and "s-maxage=1800" in before["Cache-Control"]
    with time_machine.travel(LATE_FRIDAY_IN_NEW_YORK + datetime.timedelta(minutes=31)):
        after = client.get(article.url, HTTP_HOST=publication.hostname)
    assert "Saturday, May 31, 2025" in after.content.decode()
