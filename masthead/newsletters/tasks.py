from django.tasks import task

from .emails import confirmation_message
from .models import Newsletter, Subscriber
from .signup import confirmation_token

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
