"""Sending an issue: every recipient once, whatever happens to the worker or the mail server.

The email is rendered once per issue and personalised per recipient (their unsubscribe and
preferences links). Each recipient has a Delivery row: it is claimed (QUEUED → SENDING) just
before its SMTP transaction and marked SENT after the server accepted it. A transient failure
(server gone, 4xx) puts the row back to QUEUED, since the server did not accept the message; a
permanent one (5xx for that address) marks it FAILED and suppresses the address. A worker
killed mid-send leaves at most the one row it was sending as SENDING; the next run marks it
UNCERTAIN instead of sending it twice.
"""

import base64
import contextlib
import datetime
import smtplib
import uuid
from concurrent.futures import ThreadPoolExecutor
from email.header import Header
from email.utils import formataddr, formatdate
from typing import NamedTuple

from django import db
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import connection, transaction
from django.db.models.functions import Mod
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from masthead.articles.models import ArticlePage
from masthead.publications.chrome import site_relative_url, site_root_url
from masthead.publications.models import PublicationSettings

from .models import Delivery, Issue, Subscriber, Subscription

UNSUBSCRIBE = "__unsubscribe_url__"
PREFERENCES = "__preferences_url__"
BATCH = 500
QUEUE_CHUNK = 2000
# Lists this long are sent over several SMTP connections at once.
PARALLEL_FROM = 1000
PARALLEL_CONNECTIONS = 4
# A SENDING row untouched this long belongs to a worker that died.
STALLED_AFTER = datetime.timedelta(minutes=2)


class TransientSendError(Exception):
    """The mail server could not take messages now; what is left stays queued."""


DIGEST_MOST = 20


def compose_digest(newsletter, intro="", now=None):
    """A digest of what the publication published since the newsletter last went out (or the
    last day), newest first; None when nothing is new."""
    now = now or timezone.now()
    last = newsletter.issues.filter(status=Issue.Status.SENT).order_by("-sent_at").first()
    since = last.sent_at if last else now - datetime.timedelta(days=1)
    articles = (
        ArticlePage.objects.live()
        .descendant_of(newsletter.publication.root_page)
        .filter(first_published_at__gt=since, first_published_at__lte=now)
        .newest_first()
    )
    ids = list(articles.values_list("pk", flat=True)[:DIGEST_MOST])
    if not ids:
        return None
    today = now.astimezone(PublicationSettings.for_site(newsletter.publication).zone).date()
    return Issue.compose(newsletter, f"{newsletter.name}, {today:%B} {today.day}", ids, intro=intro)


def due_slot(newsletter, now):
    """The scheduled moment the digest is due for, if it has come and not been handled."""
    if not newsletter.schedule:
        return None
    zone = PublicationSettings.for_site(newsletter.publication).zone
    local = now.astimezone(zone)
    slot = datetime.datetime.combine(local.date(), newsletter.send_time, tzinfo=zone)
    if newsletter.schedule == newsletter.Schedule.WEEKLY:
        slot -= datetime.timedelta(days=(local.weekday() - newsletter.weekday) % 7)
    if slot > local:
        return None
    last = newsletter.last_scheduled_run
    if last is None:
        # A new schedule starts with the next slot, not with one long past.
        return slot if local - slot < datetime.timedelta(hours=1) else None
    return slot if last < slot else None


def recipients(newsletter):
    return (
        Subscriber.objects.filter(
            confirmed_at__isnull=False,
            suppressed_at__isnull=True,
            subscriptions__newsletter=newsletter,
            subscriptions__status=Subscription.Status.ACTIVE,
        )
        .distinct()
        .values_list("pk", flat=True)
    )


def queue_issue(issue):
    """One delivery row per recipient, once; returns how many were queued."""
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.status not in (Issue.Status.DRAFT, Issue.Status.SCHEDULED):
            return 0
        queued = 0
        chunk = []
        # In chunks, so memory does not grow with the list.
        for pk in recipients(issue.newsletter).iterator(chunk_size=QUEUE_CHUNK):
            chunk.append(Delivery(issue=issue, subscriber_id=pk))
            if len(chunk) == QUEUE_CHUNK:
                Delivery.objects.bulk_create(chunk, ignore_conflicts=True)
                queued, chunk = queued + len(chunk), []
        Delivery.objects.bulk_create(chunk, ignore_conflicts=True)
        issue.status = Issue.Status.SENDING
        issue.save(update_fields=["status"])
    return queued + len(chunk)


def rendered_issue(issue):
    """(subject, text, html) with placeholders where each recipient's links go."""
    newsletter = issue.newsletter
    site = newsletter.publication
    root = site_root_url(site)
    found = ArticlePage.objects.live().filter(pk__in=issue.article_ids).specific()
    by_id = {article.pk: article for article in found}
    articles = [
        {
            "title": by_id[pk].title,
            "label": by_id[pk].type_of_work_label,  # a sponsored story always says so
            "standfirst": by_id[pk].standfirst,
            "url": root + site_relative_url(by_id[pk], site),
        }
        for pk in issue.article_ids
        if pk in by_id
    ]
    context = {
        "masthead": site.site_name,
        "brand_colour": PublicationSettings.for_site(site).brand_colour,
        "newsletter": newsletter,
        "issue": issue,
        "articles": articles,
        "home_url": root + "/",
        "unsubscribe_url": UNSUBSCRIBE,
        "preferences_url": PREFERENCES,
    }
    return (
        issue.subject,
        render_to_string("newsletters/emails/issue.txt", context),
        render_to_string("newsletters/emails/issue.html", context),
    )


class PreparedIssue:
    """The issue's message built once as text, so each recipient costs string replacement and
    base64, not a MIME tree (about ten times cheaper per message)."""

    def __init__(self, issue, rendered):
        site = issue.newsletter.publication
        self.issue, self.rendered = issue, rendered
        self.root = site_root_url(site)
        self.envelope_from = settings.DEFAULT_FROM_EMAIL
        self.domain = self.envelope_from.rpartition("@")[2] or "localhost"
        self.from_header = formataddr((site.site_name, self.envelope_from), charset="utf-8")
        subject = rendered[0]
        self.subject_header = subject if subject.isascii() else Header(subject, "utf-8").encode()

    def links(self, subscriber):
        # reverse() once per issue, not per recipient: only the token differs.
        if not hasattr(self, "_link_patterns"):
            unsubscribe = reverse("newsletters:unsubscribe", args=["__token__"])
            preferences = reverse("newsletters:preferences", args=["__token__"])
            self._link_patterns = (
                f"{self.root}{unsubscribe}?newsletter={self.issue.newsletter.slug}",
                f"{self.root}{preferences}",
            )
        return tuple(
            link.replace("__token__", str(subscriber.token)) for link in self._link_patterns
        )

    def bodies(self, subscriber):
        """(unsubscribe link, text, html) with this recipient's links in."""
        unsubscribe, preferences = self.links(subscriber)
        _, text, html = self.rendered
        text, html = (
            body.replace(UNSUBSCRIBE, unsubscribe).replace(PREFERENCES, preferences)
            for body in (text, html)
        )
        return unsubscribe, text, html

    def message(self, subscriber, connection=None):
        """A Django email message, for mail backends other than SMTP and for test sends."""
        unsubscribe, text, html = self.bodies(subscriber)
        message = EmailMultiAlternatives(
            subject=self.rendered[0],
            body=text,
            from_email=self.from_header,
            to=[subscriber.email],
            connection=connection,
            headers=list_unsubscribe_headers(unsubscribe),
        )
        message.attach_alternative(html, "text/html")
        return message

    def raw(self, subscriber):
        """The same message as SMTP bytes, built by hand: the fast path for big sends."""
        unsubscribe, text, html = self.bodies(subscriber)
        boundary = uuid.uuid4().hex
        parts = []
        for kind, body in (("plain", text), ("html", html)):
            encoded = base64.encodebytes(body.encode()).decode().replace("\n", "\r\n")
            parts.append(
                f"--{boundary}\r\nContent-Type: text/{kind}; charset=utf-8\r\n"
                f"Content-Transfer-Encoding: base64\r\n\r\n{encoded}"
            )
        headers = [
            f"From: {self.from_header}",
            f"To: {subscriber.email}",
            f"Subject: {self.subject_header}",
            f"Date: {formatdate()}",
            f"Message-ID: <{uuid.uuid4().hex}@{self.domain}>",
            "MIME-Version: 1.0",
            f'Content-Type: multipart/alternative; boundary="{boundary}"',
            *(f"{name}: {value}" for name, value in list_unsubscribe_headers(unsubscribe).items()),
        ]
        message = "\r\n".join(headers) + "\r\n\r\n" + "".join(parts) + f"--{boundary}--\r\n"
        return message.encode("ascii")

    def deliver(self, subscriber, connection):
        smtp = getattr(connection, "connection", None)
        if isinstance(smtp, smtplib.SMTP) and subscriber.email.isascii():
            self._smtp_transaction(smtp, subscriber)
        else:  # another mail backend (the demo's files), or an address needing SMTPUTF8
            self.message(subscriber, connection).send()

    def _smtp_transaction(self, smtp, subscriber):
        """MAIL, RCPT, DATA for one recipient. smtplib's sendmail() parses both addresses
        again for every message; ours are already valid (checked at signup) and plain ASCII.
        Where the server offers PIPELINING (RFC 2920; every common relay does), the three
        commands go in one write: two round trips a message instead of four."""
        smtp.ehlo_or_helo_if_needed()
        commands = (f"MAIL FROM:<{self.envelope_from}>", f"RCPT TO:<{subscriber.email}>", "DATA")
        if smtp.has_extn("pipelining"):
            smtp.send("".join(command + "\r\n" for command in commands))
            replies = [smtp.getreply() for _ in commands]
        else:
            replies = []
            for command in commands:
                replies.append(smtp.docmd(command))
                if replies[-1][0] not in (250, 251, 354):
                    break
        (mail, mail_reply), *rest = replies
        rcpt, rcpt_reply = rest[0] if rest else (None, b"")
        data = rest[1][0] if len(rest) > 1 else None
        if data == 354 and (mail != 250 or rcpt not in (250, 251)):
            smtp.send(".\r\n")  # a server that took DATA anyway: end it empty
            smtp.getreply()
        if mail != 250:
            smtp.rset()
            raise smtplib.SMTPSenderRefused(mail, mail_reply, self.envelope_from)
        if rcpt not in (250, 251):
            smtp.rset()
            raise smtplib.SMTPRecipientsRefused({subscriber.email: (rcpt, rcpt_reply)})
        if data != 354:
            smtp.rset()
            raise smtplib.SMTPDataError(*rest[1])
        # raw() starts no line with "." (headers, base64, boundaries), so there is nothing to
        # dot-stuff; the message ends with CRLF.
        smtp.send(self.raw(subscriber) + b".\r\n")
        code, reply = smtp.getreply()
        if code != 250:
            smtp.rset()
            raise smtplib.SMTPDataError(code, reply)


def list_unsubscribe_headers(unsubscribe):
    # RFC 8058: mail programs show an unsubscribe button that POSTs to this address.
    return {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def mark_stalled_as_uncertain(issue, now=None):
    cutoff = (now or timezone.now()) - STALLED_AFTER
    return Delivery.objects.filter(
        issue=issue, status=Delivery.Status.SENDING, changed_at__lt=cutoff
    ).update(status=Delivery.Status.UNCERTAIN, error="The worker stopped while sending it.")


def send_queued(issue):
    """Sends what is still queued; raises TransientSendError if the server went away. A big
    list is sent over several SMTP connections at once, each taking its share of the rows."""
    mark_stalled_as_uncertain(issue)
    prepared = PreparedIssue(issue, rendered_issue(issue))
    queued = Delivery.objects.filter(issue=issue, status=Delivery.Status.QUEUED)
    lanes = PARALLEL_CONNECTIONS if queued.count() >= PARALLEL_FROM else 1
    if lanes == 1:
        sent = _send_lane(prepared, queued)
    else:
        with ThreadPoolExecutor(lanes) as pool:
            shares = [
                queued.annotate(lane=Mod("pk", lanes)).filter(lane=lane) for lane in range(lanes)
            ]
            sent = sum(
                pool.map(lambda share: _in_own_db_connection(_send_lane, prepared, share), shares)
            )
    if not Delivery.objects.filter(
        issue=issue, status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING]
    ).exists():
        Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENT, sent_at=timezone.now())
    return sent


def _in_own_db_connection(function, *args):
    try:
        return function(*args)
    finally:
        db.connection.close()  # this thread's


class Recipient(NamedTuple):
    delivery: int
    email: str
    token: str


class Claims:
    """The delivery rows' state changes on the hot path, as plain SQL: at a thousand messages
    a second, building an ORM update per change cost as much as the SMTP transaction."""

    def __init__(self):
        table = connection.ops.quote_name(Delivery._meta.db_table)
        self.claim_sql = (
            f"UPDATE {table} SET status = %s, attempts = attempts + 1, changed_at = %s "
            "WHERE id = %s AND status = %s"
        )
        self.settle_sql = (
            f"UPDATE {table} SET status = %s, error = %s, changed_at = %s WHERE id = %s"
        )

    def claim(self, delivery):
        """QUEUED → SENDING; False when another worker has it."""
        with connection.cursor() as cursor:
            cursor.execute(
                self.claim_sql,
                [Delivery.Status.SENDING, timezone.now(), delivery, Delivery.Status.QUEUED],
            )
            return cursor.rowcount == 1

    def settle(self, delivery, status, error=""):
        with connection.cursor() as cursor:
            cursor.execute(self.settle_sql, [status, error[:500], timezone.now(), delivery])


def _send_lane(prepared, queued):
    sent = 0
    claims = Claims()
    rows = queued.order_by("pk").values_list("pk", "subscriber__email", "subscriber__token")
    smtp = mailers.default  # one SMTP connection for the lane's whole share
    try:
        smtp.open()
        while batch := [Recipient(*row) for row in rows[:BATCH]]:
            for recipient in batch:
                sent += _send_one(prepared, recipient, smtp, claims)
    except (smtplib.SMTPException, OSError) as error:
        raise TransientSendError(str(error)) from error
    finally:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            smtp.close()
    return sent


def _send_one(prepared, recipient, smtp, claims):
    if not claims.claim(recipient.delivery):
        return 0  # another worker took it
    try:
        prepared.deliver(recipient, smtp)
    except smtplib.SMTPRecipientsRefused as refusal:
        code, reason = next(iter(refusal.recipients.values()))
        error = f"{code} {reason!r}"
        if 400 <= code < 500:
            claims.settle(recipient.delivery, Delivery.Status.QUEUED, error)
            raise
        claims.settle(recipient.delivery, Delivery.Status.FAILED, error)
        Subscriber.objects.filter(deliveries=recipient.delivery).update(
            suppressed_at=timezone.now(), suppressed_reason=error[:300]
        )
        return 0
    except (smtplib.SMTPException, OSError) as error:
        # The server did not accept it (no final 250): it is safe to send again later.
        claims.settle(recipient.delivery, Delivery.Status.QUEUED, str(error))
        raise
    claims.settle(recipient.delivery, Delivery.Status.SENT)
    return 1
