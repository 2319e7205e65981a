import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone

from masthead.api.models import Webhook, WebhookDelivery
from masthead.api.webhooks import due_deliveries, verify
from masthead.articles.tests.factories import make_article
from masthead.publications.roles import group_names


@pytest.fixture
def receiver():
    """A real HTTP receiver on loopback: records each POST; answers with the next of
    `receiver.answers` (200 once they run out)."""

    class Received(list):
        answers = []
        url = ""

    received = Received()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append({"headers": dict(self.headers), "body": body})
            status = received.answers.pop(0) if received.answers else 200
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    received.url = f"http://127.0.0.1:{server.server_port}/hooks/masthead"
    yield received
    server.shutdown()
    server.server_close()


@pytest.fixture
def webhook(publication, receiver, settings):
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = True  # the receiver is on loopback
    return Webhook.objects.create(publication=publication, name="Partner wire", url=receiver.url)


def publish(section, title="Harbour reopens", **kwargs):
    return make_article(section, title, **kwargs)


def events(receiver):
    return [json.loads(r["body"])["event"] for r in receiver]


def test_publishing_posts_a_signed_event(
    section, webhook, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = publish(section)
    (delivery,) = receiver
    headers, body = delivery["headers"], delivery["body"]
    assert headers["X-Masthead-Event"] == "article.published"
    assert verify(
        webhook.secret, headers["X-Masthead-Timestamp"], body, headers["X-Masthead-Signature"]
    )
    payload = json.loads(body)
    assert payload["article"]["id"] == article.pk
    assert payload["article"]["headline"] == "Harbour reopens"
    assert payload["article"]["url"] == "http://daily.localhost/local/harbour-reopens/"
    logged = WebhookDelivery.objects.get()
    assert logged.status == "delivered" and logged.response_status == 200
    assert headers["X-Masthead-Delivery"] == str(logged.pk)


def test_updates_unpublishing_and_publishing_again(
    section, webhook, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = publish(section)
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert events(receiver) == [
        "article.published",
        "article.updated",
        "article.unpublished",
        "article.published",
    ]


def test_drafts_and_other_publications_send_nothing(
    section, other_publication, webhook, receiver, django_capture_on_commit_callbacks
):
    from masthead.articles.tests.factories import make_section

    with django_capture_on_commit_callbacks(execute=True):
        publish(section, "Unpublished draft", publish=False)
        publish(make_section(other_publication, "News"), "Courier story")
    assert receiver == [] and not WebhookDelivery.objects.exists()


def test_a_failed_delivery_is_retried_later_with_the_same_id(
    section, webhook, receiver, django_capture_on_commit_callbacks
):
    receiver.answers = [503]
    with django_capture_on_commit_callbacks(execute=True):
        publish(section)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts == 1
    assert delivery.error == "The receiver answered 503."
    assert delivery.next_attempt_at > timezone.now()
    assert due_deliveries() == []  # not due yet
    WebhookDelivery.objects.update(next_attempt_at=timezone.now())
    assert due_deliveries() == [f"retrying webhook delivery {delivery.pk}"]
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and delivery.attempts == 2
    first, second = receiver
    assert first["body"] == second["body"]
    assert first["headers"]["X-Masthead-Delivery"] == second["headers"]["X-Masthead-Delivery"]


def test_it_gives_up_after_the_last_attempt(
    section, webhook, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    receiver.answers = [500, 500, 500]
    with django_capture_on_commit_callbacks(execute=True):
        publish(section)
    WebhookDelivery.objects.update(next_attempt_at=timezone.now())
    due_deliveries()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed" and delivery.attempts == 2 and len(receiver) == 2
    WebhookDelivery.objects.update(next_attempt_at=timezone.now())
    assert due_deliveries() == []


def test_a_worker_that_died_mid_send_is_sent_again(section, webhook, receiver):
    delivery = WebhookDelivery.objects.create(
        webhook=webhook,
        event="article.published",
        article_id=1,
        body="{}",
        status="sending",
        attempts=1,
        claimed_at=timezone.now() - timezone.timedelta(minutes=10),
        next_attempt_at=timezone.now(),
    )
    assert due_deliveries()[0] == "requeued 1 webhook deliveries whose worker stopped"
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and len(receiver) == 1


def test_signatures_refuse_a_replay_or_a_changed_body(webhook):
    body = b'{"event": "article.published"}'
    now = int(time.time())
    from masthead.api.webhooks import signature

    good = signature(webhook.secret, str(now), body)
    assert verify(webhook.secret, str(now), body, good)
    assert not verify(webhook.secret, str(now), body + b" ", good)
    assert not verify("another-secret", str(now), body, good)
    old = str(now - 600)
    assert not verify(webhook.secret, old, body, signature(webhook.secret, old, body))


def test_private_addresses_are_refused_unless_settings_allow(publication, settings):
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = False
    for url in (
        "http://127.0.0.1:8000/hook",
        "http://10.0.0.5/hook",
        "http://[::1]/hook",
        "http://169.254.169.254/",
    ):
        hook = Webhook(publication=publication, name="Inside", url=url)
        with pytest.raises(ValidationError, match="loopback or private"):
            hook.full_clean()


def test_a_target_that_became_private_fails_the_delivery_not_the_worker(
    section, webhook, receiver, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = False
    with django_capture_on_commit_callbacks(execute=True):
        publish(section)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending" and "loopback or private" in delivery.error
    assert receiver == []


def test_editors_read_their_own_publications_delivery_log(
    section, other_publication, webhook, receiver, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(section)
    editor = get_user_model().objects.create_user("editor", password="pw")
    editor.groups.add(Group.objects.get(name=group_names(section.get_site())[0]))
    client.force_login(editor)
    page = client.get("/admin/api/deliveries/").content.decode()
    assert "Partner wire" in page and "article.published" in page and "Delivered" in page
    outsider = get_user_model().objects.create_user("outsider", password="pw")
    outsider.groups.add(Group.objects.get(name=group_names(other_publication)[0]))
    client.force_login(outsider)
    assert "Partner wire" not in client.get("/admin/api/deliveries/").content.decode()
