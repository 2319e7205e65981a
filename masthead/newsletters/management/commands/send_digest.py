from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ...models import Newsletter
from ...sending import compose_digest
from ...tasks import send_issue


class Command(BaseCommand):
    help = (
        "Send a newsletter's digest: the publication's articles published since its last "
        "issue (or the last day), newest first. Nothing is sent when nothing is new."
    )

    def add_arguments(self, parser):
        parser.add_argument("hostname", help="The publication, by its hostname")
        parser.add_argument("newsletter", help="The newsletter's slug, e.g. morning")
        parser.add_argument("--intro", default="")

    def handle(self, *args, hostname, newsletter, intro, **options):
        slug = newsletter
        newsletter = (
            Newsletter.objects.filter(publication__hostname=hostname, slug=slug)
            .select_related("publication")
            .first()
        )
        if newsletter is None:
            raise CommandError(f"No newsletter '{slug}' at {hostname}.")
        with transaction.atomic():
            issue = compose_digest(newsletter, intro)
            if issue is None:
                self.stdout.write("Nothing new since the last issue; nothing sent.")
                return
            transaction.on_commit(lambda: send_issue.enqueue(issue.pk))
        ids = issue.article_ids
        self.stdout.write(f"Issue {issue.pk} of {newsletter.name} with {len(ids)} articles queued.")
