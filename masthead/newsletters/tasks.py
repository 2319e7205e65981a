import datetime
import logging

from django.tasks import task
from django.utils import timezone

from .emails import confirmation_message
from .models import Issue, Newsletter, Subscriber
from .sending import TransientSendError, queue_issue, send_queued
from .signup import confirmation_token

logger = logging.getLogger(__name__)
SEND_ATTEMPTS = 6

# Transactional mail goes before everything else a worker has queued (narration of a backlog,
# imports, big sends): a reader waiting for a confirmation gets it in seconds.
TRANSACTIONAL_PRIORITY = 100


@task(priority=TRANSACTIONAL_PRIORITY)
def send_confirmation(subscriber_id, newsletter_ids):
    subscriber = Subscriber.objects.select_related("publication").filter(pk=subscriber_id).first()
    if subscriber is None:
        return "gone"
    newsletters = list(Newsletter.objects.filter(pk__in=newsletter_ids))
    token = confirmation_token(subscriber, [n.pk for n in newsletters])
    confirmation_message(subscriber, newsletters, token).send()
    return "sent"


@task()
def send_issue(issue_id, attempt=1):
    """Queue the issue's deliveries (once) and send what is queued; if the mail server goes
    away, what is left stays queued and the task tries again later."""
    issue = Issue.objects.select_related("newsletter__publication").filter(pk=issue_id).first()
    if issue is None:
        return "gone"
    queue_issue(issue)
    try:
        return send_queued(issue)
    except TransientSendError as error:
        logger.warning("Issue %s: mail server unavailable (%s); will try again", issue_id, error)
        retry = send_issue
        if retry.get_backend().supports_defer and attempt < SEND_ATTEMPTS:
            delay = datetime.timedelta(minutes=2**attempt)
            retry.using(run_after=timezone.now() + delay).enqueue(issue_id, attempt + 1)
        return "interrupted"
