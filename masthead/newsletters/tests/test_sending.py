"""Issues reach every subscriber exactly once over real SMTP, whatever fails mid-send."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from masthead.articles.tests.factories import days_ago, make_article
from masthead.newsletters.models import Delivery, Issue, Newsletter, Subscriber, Subscription
from masthead.newsletters.tasks import send_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def morning(publication):
    return Newsletter.objects.create(
        publication=publication, name="Morning Briefing", slug="morning"
    )


def subscriber(newsletter, email, *, confirmed=True, status=Subscription.Status.ACTIVE):
    reader = Subscriber.objects.create(
        publication=newsletter.publication,
        email=email,
        confirmed_at=timezone.now() if confirmed else None,
    )
    Subscription.objects.create(subscriber=reader, newsletter=newsletter, status=status)
    return reader


def test_a_digest_reaches_each_confirmed_subscriber_once_with_one_click_unsubscribe(
    client, morning, section, smtp_server, django_capture_on_commit_callbacks
):
    make_article(section, "Harbour reopens", published_at=days_ago(0))
    readers = [subscriber(morning, f"reader{n}@example.org") for n in range(3)]
    subscriber(morning, "pending@example.org", confirmed=False)
    subscriber(morning, "gone@example.org", status=Subscription.Status.LEFT)
    # On two lists: still one message for this issue.
    breaking = Newsletter.objects.create(
        publication=morning.publication, name="Breaking", slug="breaking"
    )
    Subscription.objects.create(subscriber=readers[0], newsletter=breaking, status="active")

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digest", morning.publication.hostname, "morning", stdout=out)
    assert "with 1 articles queued" in out.getvalue()
    assert sorted(m["To"] for m in smtp_server) == [f"reader{n}@example.org" for n in range(3)]
    issue = Issue.objects.get()
    assert issue.status == Issue.Status.SENT
    assert set(issue.deliveries.values_list("status", flat=True)) == {"sent"}

    message = next(m for m in smtp_server if m["To"] == "reader1@example.org")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith(f"http://{morning.publication.hostname}/newsletters/unsubscribe/")
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    assert "Harbour reopens" in html and "Harbour reopens" in text
    assert f"http://{morning.publication.hostname}/local/harbour-reopens/" in text
    assert unsubscribe.replace("&", "&amp;") in html and unsubscribe in text
    assert "<img" not in html  # no tracking pixel

    path = unsubscribe.split(morning.publication.hostname, 1)[1]
    client.post(path, {"List-Unsubscribe": "One-Click"}, HTTP_HOST=morning.publication.hostname)
    assert Subscription.objects.get(subscriber=readers[1], newsletter=morning).status == "left"

    # Running the send again sends nothing twice; nothing new means no digest at all.
    send_issue.call(issue.pk)
    assert len(smtp_server) == 3
    out = io.StringIO()
    call_command("send_digest", morning.publication.hostname, "morning", stdout=out)
    assert "nothing sent" in out.getvalue() and Issue.objects.count() == 1


# Pipelined (as relays offer) and one command at a time.
SERVER_KINDS = pytest.mark.parametrize("pipelining", [True, False], ids=["pipelining", "plain"])


@SERVER_KINDS
def test_when_the_mail_server_goes_away_the_rest_is_sent_once_later(
    morning, section, smtp_server, django_capture_on_commit_callbacks, pipelining
):
    smtp_server.pipelining = pipelining
    make_article(section, "Harbour reopens", published_at=days_ago(0))
    for n in range(6):
        subscriber(morning, f"reader{n}@example.org")
    smtp_server.refuse_after = 2  # the server stops taking mail after two messages
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digest", morning.publication.hostname, "morning", stdout=io.StringIO())
    issue = Issue.objects.get()
    assert len(smtp_server) == 2
    assert issue.status == Issue.Status.SENDING
    counts = {s: issue.deliveries.filter(status=s).count() for s in ("sent", "queued")}
    assert counts == {"sent": 2, "queued": 4}

    smtp_server.refuse_after = None  # back up
    send_issue.call(issue.pk)
    assert sorted(m["To"] for m in smtp_server) == [f"reader{n}@example.org" for n in range(6)]
    assert Issue.objects.get().status == Issue.Status.SENT


def test_a_message_in_flight_when_the_worker_died_is_marked_uncertain_not_sent_twice(
    morning, section, smtp_server
):
    article = make_article(section, "Harbour reopens", published_at=days_ago(0))
    readers = [subscriber(morning, f"reader{n}@example.org") for n in range(4)]
    issue = Issue.compose(morning, "Morning", [article.pk])
    from masthead.newsletters.sending import queue_issue

    queue_issue(issue)
    # A worker sent reader0's, then died while sending reader1's.
    Delivery.objects.filter(subscriber=readers[0]).update(status="sent")
    Delivery.objects.filter(subscriber=readers[1]).update(status="sending")
    Delivery.objects.filter(subscriber=readers[1]).update(
        changed_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    send_issue.call(issue.pk)  # the requeued task, on a live worker
    assert sorted(m["To"] for m in smtp_server) == ["reader2@example.org", "reader3@example.org"]
    statuses = dict(issue.deliveries.values_list("subscriber__email", "status"))
    assert statuses["reader1@example.org"] == "uncertain"
    assert Issue.objects.get().status == Issue.Status.SENT


@SERVER_KINDS
def test_a_refused_address_is_recorded_and_suppressed(morning, section, smtp_server, pipelining):
    smtp_server.pipelining = pipelining
    article = make_article(section, "Harbour reopens", published_at=days_ago(0))
    good = subscriber(morning, "good@example.org")
    bad = subscriber(morning, "nobody@example.org")
    issue = Issue.compose(morning, "Morning", [article.pk])
    smtp_server.unknown = {"nobody@example.org"}
    send_issue.call(issue.pk)
    assert [m["To"] for m in smtp_server] == ["good@example.org"]
    failed = Delivery.objects.get(subscriber=bad)
    assert failed.status == "failed" and "550" in failed.error
    assert Subscriber.objects.get(pk=bad.pk).suppressed_at is not None
    assert Subscriber.objects.get(pk=good.pk).suppressed_at is None


def test_a_scheduled_digest_goes_out_on_time_and_only_when_there_is_news(
    morning, section, smtp_server, django_capture_on_commit_callbacks, time_machine
):
    import zoneinfo

    zone = zoneinfo.ZoneInfo("America/New_York")  # the publication's zone
    morning.schedule = Newsletter.Schedule.DAILY
    morning.send_time = datetime.time(7, 0)
    morning.save()
    subscriber(morning, "reader@example.org")
    time_machine.move_to(datetime.datetime(2026, 3, 2, 6, 0, tzinfo=zone))
    make_article(section, "Overnight storm closes the ferry")
    log = io.StringIO()
    call_command("run_scheduler", "--once", stdout=log)  # 06:00: not yet
    assert smtp_server == [] and log.getvalue() == ""

    time_machine.move_to(datetime.datetime(2026, 3, 2, 7, 0, 30, tzinfo=zone))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_scheduler", "--once", stdout=log)
    assert [m["Subject"] for m in smtp_server] == ["Morning Briefing, March 2"]
    assert "digest Morning Briefing: issue" in log.getvalue()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_scheduler", "--once", stdout=log)  # the same morning: once only
    assert len(smtp_server) == 1

    time_machine.move_to(datetime.datetime(2026, 3, 3, 7, 1, tzinfo=zone))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_scheduler", "--once", stdout=log)  # nothing new since yesterday
    assert len(smtp_server) == 1
    assert "nothing new, nothing sent" in log.getvalue()


def test_each_new_article_can_go_out_on_its_own_once(
    section, morning, smtp_server, django_capture_on_commit_callbacks
):
    morning.send_each_article = True
    morning.save()
    subscriber(morning, "reader@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(section, "Bridge collapses in storm")
    assert [m["Subject"] for m in smtp_server] == ["Bridge collapses in storm"]
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()  # an update is not news again
    assert len(smtp_server) == 1


def test_a_sponsored_story_goes_out_labelled(morning, section, smtp_server):
    advert = make_article(section, "Ferry line's new cabins", type_of_work="sponsored")
    subscriber(morning, "reader@example.org")
    send_issue.call(Issue.compose(morning, "Morning", [advert.pk]).pk)
    (message,) = smtp_server
    assert "[Sponsored] Ferry line's new cabins" in message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert re.search(r">Sponsored</p>\s*<h2[^>]*><a[^>]*>Ferry line&#x27;s new cabins", html)
