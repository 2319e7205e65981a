"""Bringing a list over and taking it away: CSV import (all valid rows or, for a broken file,
nothing) and export."""

import csv
import io

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from .models import Subscriber, Subscription

MAX_IMPORT_BYTES = 20 * 1024 * 1024


class ImportRefused(Exception):
    """The file as a whole cannot be read; nothing was imported."""


def read_rows(uploaded):
    if uploaded.size > MAX_IMPORT_BYTES:
        raise ImportRefused("The file is larger than 20 MB; split it.")
    try:
        text = uploaded.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused("The file is not UTF-8 text. Save it as CSV (UTF-8).") from error
    try:
        reader = csv.DictReader(io.StringIO(text))
        fields = [name.strip().lower() for name in reader.fieldnames or []]
        if "email" not in fields:
            raise ImportRefused("The first row must name the columns, with one called 'email'.")
        reader.fieldnames = fields
        return list(reader)
    except csv.Error as error:
        raise ImportRefused(f"The file is not valid CSV: {error}") from error


def import_subscribers(newsletter, uploaded):
    """Imports every valid row as a confirmed, active subscriber of the newsletter (they gave
    consent where the list came from); returns (imported, [(line, email, reason)])."""
    rows = read_rows(uploaded)
    rejected, wanted = [], {}
    for line, row in enumerate(rows, start=2):
        email = (row.get("email") or "").strip()
        try:
            validate_email(email)
        except ValidationError:
            rejected.append((line, email, "not a valid email address"))
            continue
        if email.lower() in wanted:
            rejected.append((line, email, f"repeats line {wanted[email.lower()][0]}"))
            continue
        wanted[email.lower()] = (line, email)
    now = timezone.now()
    with transaction.atomic():
        for _, email in wanted.values():
            subscriber, _ = Subscriber.objects.get_or_create(
                publication=newsletter.publication,
                email__iexact=email,
                defaults={"email": email, "confirmed_at": now},
            )
            Subscription.objects.update_or_create(
                subscriber=subscriber,
                newsletter=newsletter,
                defaults={"status": Subscription.Status.ACTIVE},
            )
    return len(wanted), rejected


def export_rows(newsletter):
    yield ["email", "status", "confirmed_at", "subscribed_since"]
    subscriptions = newsletter.subscriptions.select_related("subscriber").order_by(
        "subscriber__email"
    )
    for subscription in subscriptions.iterator():
        subscriber = subscription.subscriber
        yield [
            subscriber.email,
            subscription.status,
            subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else "",
            subscriber.created_at.date().isoformat(),
        ]


def growth(newsletter, weeks=12, now=None):
    """Active subscribers at the end of each of the last `weeks` weeks, oldest first."""
    now = now or timezone.now()
    joined = sorted(
        newsletter.subscriptions.filter(status=Subscription.Status.ACTIVE).values_list(
            "subscriber__created_at", flat=True
        )
    )
    points = []
    for week in range(weeks - 1, -1, -1):
        end = now - timezone.timedelta(weeks=week)
        points.append((end.date(), sum(1 for when in joined if when <= end)))
    return points
