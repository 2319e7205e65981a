"""Joining newsletters: the request (validated, rate-limited, never telling whether an address
is already on a list), the confirmation that makes it active, and leaving."""

from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from .models import Newsletter, Subscriber, Subscription

CONFIRM_SALT = "masthead.newsletters.confirm"
CONFIRM_MAX_AGE = 3 * 24 * 3600  # seconds a confirmation link works
LIMITS = {"ip": (20, 3600), "address": (3, 3600)}  # signups per window (seconds)


class SignupRefused(Exception):
    """Something the reader can fix or must wait for; the message says what."""


def _over_limit(kind, key):
    most, window = LIMITS[kind]
    cache_key = f"masthead:signup:{kind}:{key}"
    cache.add(cache_key, 0, timeout=window)
    try:
        return cache.incr(cache_key) > most
    except ValueError:  # evicted between add and incr
        return False


def request_signup(site, email, newsletter_ids, *, ip):
    """Records what the reader asked for as pending and returns what to email them; raises
    SignupRefused with a message for the reader. The same outcome whether or not the address
    is already subscribed."""
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError as error:
        raise SignupRefused("Enter a valid email address, like name@example.org.") from error
    newsletters = list(
        Newsletter.objects.filter(publication=site, offered=True, pk__in=newsletter_ids or [])
    )
    if not newsletters:
        raise SignupRefused("Choose at least one newsletter.")
    if _over_limit("ip", ip) or _over_limit("address", email.lower()):
        raise SignupRefused("Too many signups from here just now. Please try again in an hour.")
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.get_or_create(
            publication=site, email__iexact=email, defaults={"email": email}
        )
        for newsletter in newsletters:
            subscription, _ = Subscription.objects.get_or_create(
                subscriber=subscriber, newsletter=newsletter
            )
            if subscription.status == Subscription.Status.LEFT:
                subscription.status = Subscription.Status.PENDING
                subscription.save(update_fields=["status", "changed_at"])
    return subscriber, [n.pk for n in newsletters]


def confirmation_token(subscriber, newsletter_ids):
    return signing.dumps({"s": subscriber.pk, "n": newsletter_ids}, salt=CONFIRM_SALT)


def read_confirmation(token):
    """(subscriber, newsletter ids) from a confirmation link; None if forged or expired."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    subscriber = Subscriber.objects.filter(pk=data.get("s")).first()
    return (subscriber, data.get("n", [])) if subscriber else None


@transaction.atomic
def confirm(subscriber, newsletter_ids):
    from django.utils import timezone

    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
    return (
        subscriber.subscriptions.filter(newsletter_id__in=newsletter_ids)
        .exclude(status=Subscription.Status.ACTIVE)
        .update(status=Subscription.Status.ACTIVE)
    )


def set_subscriptions(subscriber, wanted_ids):
    """The preferences page: active on what the reader ticked, left on the rest."""
    with transaction.atomic():
        for subscription in subscriber.subscriptions.select_for_update():
            wanted = subscription.newsletter_id in wanted_ids
            status = Subscription.Status.ACTIVE if wanted else Subscription.Status.LEFT
            if subscription.status != status:
                subscription.status = status
                subscription.save(update_fields=["status", "changed_at"])
        known = set(subscriber.subscriptions.values_list("newsletter_id", flat=True))
        offered = Newsletter.objects.filter(publication=subscriber.publication, offered=True)
        for newsletter in offered.filter(pk__in=set(wanted_ids) - known):
            Subscription.objects.create(
                subscriber=subscriber, newsletter=newsletter, status=Subscription.Status.ACTIVE
            )


def leave(subscriber, newsletter=None):
    """One-click unsubscribe: from one newsletter, or from all of this publication's."""
    subscriptions = subscriber.subscriptions.exclude(status=Subscription.Status.LEFT)
    if newsletter is not None:
        subscriptions = subscriptions.filter(newsletter=newsletter)
    return subscriptions.update(status=Subscription.Status.LEFT)
