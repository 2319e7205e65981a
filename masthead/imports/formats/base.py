"""What a format does: check its source whole, then read it into stories one at a time."""

import datetime
from email.utils import parsedate_to_datetime


class Format:
    # Whether the source is the publication's own archive moving over (old paths redirect, no
    # "first published elsewhere"), or other outlets' stories (kept with their provenance).
    own_archive = True

    def __init__(self, source):
        self.source = source
        self.total = None  # stories expected, for the progress bar, once check() has run

    def check(self):
        """Reads the whole source once and raises UnreadableSource if it cannot be read, before
        anything is written."""
        raise NotImplementedError

    def stories(self):
        """Yields a Story or a Refusal per item, in the source's order."""
        raise NotImplementedError


def parse_date(value):
    """An aware datetime from the forms exports use (ISO 8601, RFC 822, "YYYY-MM-DD HH:MM:SS"
    taken as UTC), or None."""
    value = (value or "").strip()
    if not value or value.startswith("0000"):
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed
