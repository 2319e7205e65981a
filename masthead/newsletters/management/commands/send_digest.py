from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from masthead.articles.models import ArticlePage

from ...models import Issue, Newsletter
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
        found = Newsletter.objects.filter(
            publication__hostname=hostname, slug=newsletter
        ).select_related("publication")
        newsletter = found.first()
        if newsletter is None:
            raise CommandError(f"No newsletter '{newsletter}' at {hostname}.")
        last = newsletter.issues.filter(status=Issue.Status.SENT).order_by("-sent_at").first()
        since = last.sent_at if last else timezone.now() - timezone.timedelta(days=1)
        articles = (
            ArticlePage.objects.live()
            .descendant_of(newsletter.publication.root_page)
            .filter(first_published_at__gt=since)
            .newest_first()
        )
        ids = list(articles.values_list("pk", flat=True)[:20])
        if not ids:
            self.stdout.write(f"Nothing published since {since:%Y-%m-%d %H:%M}; nothing sent.")
            return
        today = timezone.localdate()
        with transaction.atomic():
            issue = Issue.objects.create(
                newsletter=newsletter,
                subject=f"{newsletter.name}, {today:%B} {today.day}",
                intro=intro,
                article_ids=ids,
            )
            transaction.on_commit(lambda: send_issue.enqueue(issue.pk))
        self.stdout.write(f"Issue {issue.pk} of {newsletter.name} with {len(ids)} articles queued.")
