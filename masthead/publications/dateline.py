"""Today's date as the publication prints it, and how long a page may be cached before it changes."""

import datetime
import functools

from django.utils import dateformat, timezone, translation


def local_now(publication_settings, now=None):
    return (now or timezone.now()).astimezone(publication_settings.zone)


def dateline(publication_settings, now=None):
    today = local_now(publication_settings, now).date()
    language, form = publication_settings.language, publication_settings.dateline_format
    return today, _printed_date(today, language, form)


@functools.lru_cache(maxsize=256)
def _printed_date(day, language, form):
    # Every page prints it; it changes once a day.
    with translation.override(language):
        return dateformat.format(day, form)


def seconds_until_local_midnight(publication_settings, now=None):
    """A cached page must expire when the publication's day turns, or its dateline lies."""
    local = local_now(publication_settings, now)
    tomorrow = datetime.datetime.combine(
        local.date() + datetime.timedelta(days=1), datetime.time(), tzinfo=local.tzinfo
    )
    return max(1, int((tomorrow - local).total_seconds()))
