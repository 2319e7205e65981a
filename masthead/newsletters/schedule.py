"""Digests on the newsletters' own schedules and new articles sent at once, without anyone
acting. The publishing scheduler (run_scheduler) runs `run_due_digests` on every pass."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Issue, Newsletter
from .sending import compose_digest, due_slot
from .tasks import send_issue


def run_due_digests(now=None):
    now = now or timezone.now()
    lines = []
    due = Issue.objects.filter(status=Issue.Status.SCHEDULED, send_at__lte=now)
    for issue in due.select_related("newsletter"):
        transaction.on_commit(lambda issue_id=issue.pk: send_issue.enqueue(issue_id))
        lines.append(f"scheduled issue {issue.pk} of {issue.newsletter.name} queued")
    scheduled = Newsletter.objects.exclude(schedule="").select_related("publication")
    for newsletter in scheduled:
        slot = due_slot(newsletter, now)
        if slot is None:
            continue
        with transaction.atomic():
            # Claim the slot first: two schedulers running at once never both send it.
            unclaimed = Q(last_scheduled_run__isnull=True) | Q(last_scheduled_run__lt=slot)
            if not Newsletter.objects.filter(unclaimed, pk=newsletter.pk).update(
                last_scheduled_run=slot
            ):
                continue
            issue = compose_digest(newsletter, now=now)
            if issue is None:
                lines.append(f"digest {newsletter.name}: nothing new, nothing sent")
                continue
            transaction.on_commit(lambda issue_id=issue.pk: send_issue.enqueue(issue_id))
            lines.append(
                f"digest {newsletter.name}: issue {issue.pk} with {len(issue.article_ids)} "
                "articles queued"
            )
    return lines


def send_new_article(article, site):
    """For each newsletter that sends every new article: one issue per article, ever."""
    for newsletter in Newsletter.objects.filter(publication=site, send_each_article=True):
        if Issue.objects.filter(newsletter=newsletter, breaking_article=article).exists():
            continue
        issue = Issue.compose(newsletter, article.title, [article.pk], breaking_article=article)
        transaction.on_commit(lambda issue_id=issue.pk: send_issue.enqueue(issue_id))
