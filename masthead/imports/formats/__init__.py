"""One module per source format, each a `Format` subclass; adding a format is one new module and
one line here."""

from django.utils.module_loading import import_string

FORMATS = {
    "wordpress": "masthead.imports.formats.wordpress.WordPressExport",
    "ghost": "masthead.imports.formats.ghost.GhostExport",
    "feed": "masthead.imports.formats.feed.Feed",
    "html": "masthead.imports.formats.html.SavedPages",
}


def format_class(name):
    return import_string(FORMATS[name])
