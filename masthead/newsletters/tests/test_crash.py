"""A real worker process killed mid-send: on resuming, every remaining message goes exactly once."""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.utils import timezone

from masthead.articles.tests.factories import make_article, make_publication, make_section
from masthead.newsletters import sending
from masthead.newsletters.models import Delivery, Issue, Newsletter, Subscriber, Subscription
from masthead.newsletters.tasks import send_issue

pytestmark = pytest.mark.django_db(transaction=True)
READERS = 150


def test_killing_the_worker_mid_send_loses_nothing_and_sends_nothing_twice(
    wagtail_base_rows, smtp_server, monkeypatch, database_url
):
    site = make_publication("The Daily Meridian", "daily.localhost")
    section = make_section(site, "Local")
    article = make_article(section, "Harbour reopens")
    morning = Newsletter.objects.create(publication=site, name="Morning Briefing", slug="morning")
    for n in range(READERS):
        reader = Subscriber.objects.create(
            publication=site, email=f"reader{n:03d}@example.org", confirmed_at=timezone.now()
        )
        Subscription.objects.create(subscriber=reader, newsletter=morning, status="active")
    issue = Issue.compose(morning, "Morning Briefing", [article.pk])
    sending.queue_issue(issue)
    smtp_server.slow_down = 0.02  # seconds per message, so the worker is caught mid-send
    port = settings.MAILERS["default"]["OPTIONS"]["port"]

    worker = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import django; django.setup();"
            "from masthead.newsletters.tasks import send_issue;"
            f"send_issue.call({issue.pk})",
        ],  # fmt: skip
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "masthead.settings.dev",
            "DATABASE_URL": database_url,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(port),
            "MASTHEAD_VAR_DIR": str(settings.VAR_DIR),
        },
        cwd=settings.BASE_DIR,
    )
    deadline = time.monotonic() + 60
    while len(smtp_server) < 40 and time.monotonic() < deadline and worker.poll() is None:
        time.sleep(0.01)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    before = len(smtp_server)
    assert 40 <= before < READERS, "the worker should have been killed mid-send"

    # The task runs again on a live worker (the scheduler requeues it); the message that was
    # in flight is found SENDING and marked uncertain rather than sent again.
    monkeypatch.setattr(sending, "STALLED_AFTER", timezone.timedelta(0))
    smtp_server.slow_down = 0
    send_issue.call(issue.pk)

    recipients = [message["To"] for message in smtp_server]
    assert len(recipients) == len(set(recipients)), "someone got the issue twice"
    statuses = list(Delivery.objects.filter(issue=issue).values_list("status", flat=True))
    uncertain = statuses.count("uncertain")
    assert uncertain <= 1
    assert statuses.count("sent") == READERS - uncertain
    assert len(recipients) in (READERS - uncertain, READERS)  # the one in flight may have gone
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.SENT


def test_a_big_list_goes_over_several_connections_each_reader_once(
    wagtail_base_rows, smtp_server, monkeypatch
):
    site = make_publication("The Daily Meridian", "daily.localhost")
    article = make_article(make_section(site, "Local"), "Harbour reopens")
    morning = Newsletter.objects.create(publication=site, name="Morning Briefing", slug="morning")
    for n in range(40):
        reader = Subscriber.objects.create(
            publication=site, email=f"reader{n:03d}@example.org", confirmed_at=timezone.now()
        )
        Subscription.objects.create(subscriber=reader, newsletter=morning, status="active")
    monkeypatch.setattr(sending, "PARALLEL_FROM", 10)  # "big" for this test: four lanes
    issue = Issue.compose(morning, "Morning Briefing", [article.pk])
    send_issue.call(issue.pk)
    recipients = sorted(message["To"] for message in smtp_server)
    assert recipients == [f"reader{n:03d}@example.org" for n in range(40)]
    assert set(Delivery.objects.filter(issue=issue).values_list("status", flat=True)) == {"sent"}
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.SENT
