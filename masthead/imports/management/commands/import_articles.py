import sys
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from masthead.imports.formats import FORMATS
from masthead.imports.items import UnreadableSource
from masthead.imports.running import publication_for, run_import, summary


class Command(BaseCommand):
    help = (
        "Import articles into a publication from a WordPress export, a Ghost export, an RSS or "
        "Atom feed, or saved article pages. Prints one line per item, then a summary. Exits 0 "
        "when every item imported, 1 when some failed (the others are in), 2 when the source "
        "could not be read at all (nothing changed)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "source", help="A file, a folder (html) or an http(s) URL (feed, html)."
        )
        parser.add_argument("--publication", required=True, help="The publication's hostname.")
        parser.add_argument("--format", required=True, choices=sorted(FORMATS))
        parser.add_argument(
            "--section", default="", help="File every story in this section (slug)."
        )
        parser.add_argument("--draft", action="store_true", help="Import for review, unpublished.")
        parser.add_argument("--dry-run", action="store_true", help="Report without writing.")

    def handle(self, *args, **options):
        counts = Counter()
        bar = None

        def progress(total):
            nonlocal bar
            bar = tqdm(total=total, unit="item", file=sys.stderr, disable=None, leave=False)

        try:
            site = publication_for(options["publication"])
            for outcome in run_import(
                options["source"],
                site,
                options["format"],
                section_slug=options["section"],
                draft=options["draft"],
                dry_run=options["dry_run"],
                progress=progress,
            ):
                counts[outcome.status] += 1
                line = outcome.line()
                if bar is not None:
                    bar.update()
                    bar.write(line, file=self.stdout._out)
                else:
                    self.stdout.write(line)
        except UnreadableSource as error:
            raise CommandError(f"Nothing imported: {error}", returncode=2) from error
        finally:
            if bar is not None:
                bar.close()
        prefix = "Dry run, nothing written: " if options["dry_run"] else ""
        self.stdout.write(f"{prefix}{summary(counts)}.")
        if counts["failed"]:
            raise CommandError(
                f"{counts['failed']} item(s) failed; see the lines above.", returncode=1
            )
