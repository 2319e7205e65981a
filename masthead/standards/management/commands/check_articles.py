"""Runs the standards checks over a publication's stories, as the editor's panel does."""

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from masthead.articles.models import ArticlePage

from ...models import findings_for


class Command(BaseCommand):
    help = (
        "Check stories against the standards checks: a block per story with findings (its "
        "headline, then one finding per line). Exits 1 when any finding is an error (a check "
        "the publication made blocking)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--publication", metavar="HOSTNAME", help="Only this publication.")
        parser.add_argument(
            "--drafts",
            action="store_true",
            help="Check drafts too: unpublished stories and unpublished changes, as last saved.",
        )

    def handle(self, *args, publication=None, drafts=False, **options):
        sites = Site.objects.select_related("root_page").order_by("hostname")
        if publication:
            sites = sites.filter(hostname=publication)
            if not sites:
                known = ", ".join(Site.objects.values_list("hostname", flat=True)) or "none"
                raise CommandError(f"No publication at {publication!r} (known: {known}).")
        checked = flagged = errors = 0
        for site in sites:
            for article, state in self._stories(site, drafts):
                checked += 1
                findings = findings_for(article)
                if not findings:
                    continue
                flagged += 1
                errors += sum(f.error for f in findings)
                self.stdout.write(f"{article.title}")
                self.stdout.write(f"  {site.hostname} · page {article.pk} · {state}")
                for finding in findings:
                    self.stdout.write(
                        f"  {finding.severity}: [{finding.check}] “{finding.concerns}”: {finding.why}"
                    )
                self.stdout.write("")
        self.stdout.write(
            f"{checked} stor{'y' if checked == 1 else 'ies'} checked, {flagged} with findings, "
            f"{errors} error{'' if errors == 1 else 's'}."
        )
        if errors:
            raise SystemExit(1)

    def _stories(self, site, drafts):
        """(version to check, what it is): live stories as published; with --drafts, the last
        saved version of every story with unpublished work."""
        pages = ArticlePage.objects.descendant_of(site.root_page).order_by("path")
        for article in pages.iterator():
            if article.live:
                yield article, "published"
            if drafts and (not article.live or article.has_unpublished_changes):
                latest = article.get_latest_revision_as_object()
                yield latest, "draft" if not article.live else "unpublished changes"
