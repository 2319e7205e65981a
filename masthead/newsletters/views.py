"""Readers' newsletter pages: signup (from any page, with or without JavaScript), confirmation,
one-click unsubscribe and preferences. None of them is cached."""

from urllib.parse import urlsplit

from django.db import transaction
from django.http import HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from masthead.publications.chrome import Publication

from .models import Newsletter, Subscriber, Subscription
from .signup import (
    SignupRefused,
    confirm,
    leave,
    read_confirmation,
    request_signup,
    set_subscriptions,
)
from .tasks import send_confirmation

HONEYPOT = "website"  # hidden from people; bots fill it in
SAME_ANSWER = (
    "Thanks! Check your inbox: we have sent a link to confirm your signup. "
    "Nothing is sent until you follow it."
)


def _publication(request):
    publication = Publication.for_request_or_404(request)
    return publication


def _from_our_pages(request):
    """Article pages are cached without per-reader tokens, so the signup form cannot carry a
    CSRF token: accept it only from this publication's own pages instead."""
    origin = request.headers.get("Origin") or request.headers.get("Referer") or ""
    return urlsplit(origin).netloc == request.get_host()


def _answer(request, message, status=200, ok=True):
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"ok": ok, "message": message}, status=status)
    return TemplateResponse(
        request,
        "newsletters/message.html",
        {"title": "Newsletters", "message": message, "ok": ok},
        status=status,
    )


@csrf_exempt
@require_POST
def subscribe(request):
    publication = _publication(request)
    if not _from_our_pages(request):
        return HttpResponseForbidden("Sign up from the publication's own pages.")
    if request.POST.get(HONEYPOT):
        return _answer(request, SAME_ANSWER)  # a bot: tell it nothing, store nothing
    ids = [int(value) for value in request.POST.getlist("newsletter") if value.isdigit()]
    try:
        subscriber, newsletter_ids = request_signup(
            publication.site, request.POST.get("email"), ids, ip=request.META.get("REMOTE_ADDR", "")
        )
    except SignupRefused as refusal:
        return _answer(request, str(refusal), status=400, ok=False)
    transaction.on_commit(lambda: send_confirmation.enqueue(subscriber.pk, newsletter_ids))
    return _answer(request, SAME_ANSWER)


@require_http_methods(["GET", "POST"])
def confirm_view(request, token):
    """A page with a button: mail scanners that follow links must not confirm for the reader."""
    publication = _publication(request)
    found = read_confirmation(token)
    if found is None or found[0].publication_id != publication.site.pk:
        return _answer(
            request, "This link has expired or is not valid. Please sign up again.", 400, False
        )
    subscriber, newsletter_ids = found
    newsletters = Newsletter.objects.filter(pk__in=newsletter_ids)
    if request.method == "POST":
        confirm(subscriber, newsletter_ids)
        template, title = "newsletters/confirmed.html", "Subscribed"
    else:
        template, title = "newsletters/confirm.html", "Confirm your signup"
    context = {"title": title, "newsletters": newsletters, "subscriber": subscriber}
    return TemplateResponse(request, template, context)


def _subscriber(request, token):
    publication = _publication(request)
    return get_object_or_404(Subscriber, token=token, publication=publication.site)


@csrf_exempt  # RFC 8058: mail providers POST "List-Unsubscribe=One-Click" with no token
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    subscriber = _subscriber(request, token)
    newsletter = None
    if slug := request.GET.get("newsletter"):
        newsletter = Newsletter.objects.filter(
            publication=subscriber.publication, slug=slug
        ).first()
    if request.method == "POST":
        leave(subscriber, newsletter)
        template, title = "newsletters/unsubscribed.html", "Unsubscribed"
    else:
        template, title = "newsletters/unsubscribe.html", "Unsubscribe"
    context = {"title": title, "subscriber": subscriber, "newsletter": newsletter}
    return TemplateResponse(request, template, context)


@require_http_methods(["GET", "POST"])
def preferences(request, token):
    subscriber = _subscriber(request, token)
    if request.method == "POST":
        wanted = {int(v) for v in request.POST.getlist("newsletter") if v.isdigit()}
        set_subscriptions(subscriber, wanted)
        return redirect(request.path + "?saved=1")
    active = set(
        subscriber.subscriptions.filter(status=Subscription.Status.ACTIVE).values_list(
            "newsletter_id", flat=True
        )
    )
    offered = Newsletter.objects.filter(publication=subscriber.publication, offered=True)
    return TemplateResponse(
        request,
        "newsletters/preferences.html",
        {
            "title": "Your newsletters",
            "subscriber": subscriber,
            "choices": [(n, n.pk in active) for n in offered],
            "saved": request.GET.get("saved"),
        },
    )
