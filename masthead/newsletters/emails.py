"""Emails to readers: both parts, the publication's masthead and colour, absolute links."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from masthead.publications.chrome import site_root_url
from masthead.publications.models import PublicationSettings


def confirmation_message(subscriber, newsletters, token):
    site = subscriber.publication
    root = site_root_url(site)
    context = {
        "masthead": site.site_name,
        "brand_colour": PublicationSettings.for_site(site).brand_colour,
        "newsletters": newsletters,
        "confirm_url": root + reverse("newsletters:confirm", args=[token]),
        "preferences_url": root + reverse("newsletters:preferences", args=[subscriber.token]),
        "email": subscriber.email,
    }
    message = EmailMultiAlternatives(
        subject=f"Confirm your {site.site_name} newsletter signup",
        body=render_to_string("newsletters/emails/confirm.txt", context),
        from_email=f"{site.site_name} <{settings.DEFAULT_FROM_EMAIL}>",
        to=[subscriber.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(
        render_to_string("newsletters/emails/confirm.html", context), "text/html"
    )
    return message
