"""One import from start to end, shared by the management command and the admin's task."""

from wagtail.models import Site

from .formats import FORMATS, format_class
from .importer import Importer
from .items import UnreadableSource
from .sources import Source

OUTCOMES = ("created", "updated", "unchanged", "skipped", "failed")


def publication_for(hostname):
    site = Site.objects.filter(hostname=hostname).select_related("root_page").first()
    if site is None:
        known = ", ".join(Site.objects.values_list("hostname", flat=True)) or "none yet"
        raise UnreadableSource(f"No publication answers at {hostname!r} (publications: {known}).")
    return site


def run_import(location, site, fmt, *, section_slug="", draft=False, dry_run=False, progress=None):
    """Yields an Outcome per item. Raises UnreadableSource, having written nothing, when the
    source or the options cannot be used. `progress(total)` is called once the size is known."""
    if fmt not in FORMATS:
        raise UnreadableSource(f"Unknown format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    with Source(location) as source:
        reader = format_class(fmt)(source)
        importer = Importer(
            site,
            source,
            own_archive=reader.own_archive,
            section_slug=section_slug,
            draft=draft,
            dry_run=dry_run,
        )
        reader.check()
        if progress:
            progress(reader.total)
        for story in reader.stories():
            yield importer.import_story(story)


def summary(counts):
    return ", ".join(f"{counts.get(name, 0)} {name}" for name in OUTCOMES)
