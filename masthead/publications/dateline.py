"""Today's date as the publication prints it, and how long a page may be cached before it changes."""

import datetime

from django.utils import dateformat, timezone, translation


def local_now(publication_settings, now=None):
    return (now or timezone.now()).astimezone(publication_settings.zone)


def dateline(publication_settings, now=None):
    today = local_now(publication_settings, now).date()
    with translation.override(publication_settings.language):
        text = dateformat.format(today, publication_settings.dateline_format)
    return today, text


def seconds_until_local_midnight(publication_settings, now=None):
    """A cached page must expire when the publication's day turns, or its dateline lies."""
    local = local_now(publication_settings, now)
    tomorrow = datetime.datetime.combine(
        local.date() + datetime.timedelta(days=1), datetime.time(), tzinfo=local.tzinfo
    )
    return max(1, int((tomorrow - local).total_seconds()))
