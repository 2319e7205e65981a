"""Webhook deliveries: made when an article is published, updated or unpublished, sent by a
background task, signed, and retried with growing delays until the receiver answers 2xx.

Signature: X-Masthead-Signature is "sha256=" + hex HMAC-SHA256, keyed with the webhook's secret,
of "<X-Masthead-Timestamp>.<body>". Receivers recompute it and refuse a timestamp more than five
minutes from their clock (a replayed delivery carries an old one); `verify` does both. Each
delivery keeps one X-Masthead-Delivery id across retries, so a receiver that saw it already can
ignore it: a worker that dies after the receiver answered but before recording it sends again.
"""

import hashlib
import hmac
import json
import time
from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from masthead.publications.outbound import OutboundError, request

from .models import Webhook, WebhookDelivery

REPLAY_TOLERANCE_SECONDS = 300
# A delivery claimed this long ago whose worker never settled it is sent again.
STALLED_AFTER = timedelta(minutes=5)


def signature(secret, timestamp, body):
    message = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(secret, timestamp, body, signature_header, *, now=None):
    """For receivers: whether a delivery is genuine and fresh."""
    try:
        age = abs((now or time.time()) - int(timestamp))
    except (TypeError, ValueError):
        return False
    expected = signature(secret, timestamp, body)
    return age <= REPLAY_TOLERANCE_SECONDS and hmac.compare_digest(expected, signature_header or "")


def retry_delay(attempts):
    return timedelta(seconds=30 * 4 ** max(attempts - 1, 0))


def record_event(site, event, article, payload):
    """Deliveries for every webhook of the publication that wants this event, in the caller's
    transaction; each is sent once that transaction commits."""
    from .tasks import deliver_webhook

    body = json.dumps(
        {"event": event, "occurred_at": timezone.now(), **payload}, cls=DjangoJSONEncoder
    )
    for webhook in Webhook.objects.filter(publication=site, active=True):
        if not webhook.wants(event):
            continue
        delivery = WebhookDelivery.objects.create(
            webhook=webhook,
            event=event,
            article_id=article.pk,
            body=body,
            next_attempt_at=timezone.now(),
        )
        transaction.on_commit(lambda pk=delivery.pk: deliver_webhook.enqueue(pk))


def last_event_for(site, article):
    return (
        WebhookDelivery.objects.filter(webhook__publication=site, article_id=article.pk)
        .order_by("-pk")
        .values_list("event", flat=True)
        .first()
    )


def send(delivery_id):
    """One attempt. Claimed first (pending and due → sending), so two workers never send the
    same attempt; settled after the receiver's answer."""
    now = timezone.now()
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now
    ).update(status=WebhookDelivery.Status.SENDING, claimed_at=now)
    if not claimed:
        return None
    delivery = WebhookDelivery.objects.select_related("webhook").get(pk=delivery_id)
    delivery.attempts += 1
    body = delivery.body.encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "X-Masthead-Event": delivery.event,
        "X-Masthead-Delivery": str(delivery.pk),
        "X-Masthead-Timestamp": timestamp,
        "X-Masthead-Signature": signature(delivery.webhook.secret, timestamp, body),
    }
    try:
        response = request(
            "POST",
            delivery.webhook.url,
            body=body,
            headers=headers,
            max_bytes=64 * 1024,
            timeout=10,
        )
        delivery.response_status, delivery.error = response.status, ""
        ok = 200 <= response.status < 300
        if not ok:
            delivery.error = f"The receiver answered {response.status}."
    except OutboundError as error:
        ok, delivery.response_status, delivery.error = False, None, str(error)[:500]
    if ok:
        delivery.status, delivery.delivered_at = WebhookDelivery.Status.DELIVERED, timezone.now()
    elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
    else:
        delivery.status = WebhookDelivery.Status.PENDING
        delivery.next_attempt_at = timezone.now() + retry_delay(delivery.attempts)
    delivery.save()
    return delivery


def due_deliveries():
    """For the scheduler: sends deliveries whose retry is due, and frees those whose worker
    died mid-send. Returns a line per delivery."""
    from .tasks import deliver_webhook

    now = timezone.now()
    stalled = WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.SENDING, claimed_at__lt=now - STALLED_AFTER
    ).update(status=WebhookDelivery.Status.PENDING, next_attempt_at=now)
    lines = [f"requeued {stalled} webhook deliveries whose worker stopped"] if stalled else []
    due = WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now, attempts__gt=0
    ).values_list("pk", flat=True)
    for pk in due:
        deliver_webhook.enqueue(pk)
        lines.append(f"retrying webhook delivery {pk}")
    return lines
