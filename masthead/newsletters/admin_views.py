"""Editors preview an issue, send it to themselves, then send or schedule it."""

import csv
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from masthead.publications.roles import publications_for_user

from .models import Delivery, Issue, Newsletter, Subscriber
from .sending import (
    PREFERENCES,
    UNSUBSCRIBE,
    PreparedIssue,
    compose_digest,
    recipients,
    rendered_issue,
)
from .subscribers import ImportRefused, export_rows, growth, import_subscribers
from .tasks import send_issue


def _issue(request, pk):
    issue = get_object_or_404(
        Issue.objects.filter(publication__in=publications_for_user(request.user)), pk=pk
    )
    if not request.user.has_perm("newsletters.change_issue"):
        raise PermissionDenied
    return issue


def send_page(request, pk):
    issue = _issue(request, pk)
    return TemplateResponse(
        request,
        "newsletters/admin/send.html",
        {
            "issue": issue,
            "recipients": recipients(issue.newsletter).count(),
            "counts": {
                s: issue.deliveries.filter(status=s).count()
                for s in issue.deliveries.model.Status.values
            },
        },
    )


def preview(request, pk):
    """The email as subscribers will see it (their own links are filled in when sent)."""
    issue = _issue(request, pk)
    html = rendered_issue(issue)[2].replace(UNSUBSCRIBE, "#").replace(PREFERENCES, "#")
    return HttpResponse(html)


@require_POST
def send_test(request, pk):
    issue = _issue(request, pk)
    if not request.user.email:
        messages.error(request, "Add an email address to your account to receive test sends.")
        return redirect("newsletter_issues:send", pk)
    me = Subscriber(publication=issue.publication, email=request.user.email, token="test-send")
    message = PreparedIssue(issue, rendered_issue(issue)).message(me)
    message.subject = f"[Test] {message.subject}"
    message.send()
    messages.success(request, f"A test was sent to {request.user.email}.")
    return redirect("newsletter_issues:send", pk)


@require_POST
def send_now(request, pk):
    issue = _issue(request, pk)
    if issue.status != Issue.Status.DRAFT:
        messages.error(request, "This issue is already scheduled or sent.")
    elif issue.send_at and issue.send_at > timezone.now():
        Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SCHEDULED)
        when = timezone.localtime(issue.send_at)
        messages.success(request, f"Scheduled: it goes out at {when:%Y-%m-%d %H:%M}.")
    else:
        transaction.on_commit(lambda: send_issue.enqueue(issue.pk))
        messages.success(request, "Sending now.")
    return redirect("newsletter_issues:send", pk)


urlpatterns = [
    path("<int:pk>/", send_page, name="send"),
    path("<int:pk>/preview/", preview, name="preview"),
    path("<int:pk>/test/", send_test, name="test"),
    path("<int:pk>/send/", send_now, name="send_now"),
]


# The newsletter's own page: subscribers, growth, send history, import and export.


def _newsletter(request, pk):
    newsletter = get_object_or_404(
        Newsletter.objects.filter(publication__in=publications_for_user(request.user)), pk=pk
    )
    if not request.user.has_perm("newsletters.change_newsletter"):
        raise PermissionDenied
    return newsletter


def newsletter_page(request, pk, report=None):
    newsletter = _newsletter(request, pk)
    statuses = dict(
        newsletter.subscriptions.values_list("status").annotate(n=Count("pk")).order_by()
    )
    history = newsletter.issues.exclude(status=Issue.Status.DRAFT).annotate(
        **{
            status: Count("deliveries", filter=Q(deliveries__status=status))
            for status in Delivery.Status.values
        }
    )
    points = growth(newsletter)
    top = max([count for _, count in points] + [1])
    bars = [
        {
            "date": day,
            "count": count,
            "height": round(120 * count / top),
            "y": 130 - round(120 * count / top),
            "x": n * 40,
        }
        for n, (day, count) in enumerate(points)
    ]
    return TemplateResponse(
        request,
        "newsletters/admin/newsletter.html",
        {
            "newsletter": newsletter,
            "statuses": statuses,
            "history": history[:50],
            "bars": bars,
            "report": report,
        },
    )


@require_POST
def import_csv(request, pk):
    newsletter = _newsletter(request, pk)
    uploaded = request.FILES.get("file")
    if uploaded is None:
        messages.error(request, "Choose a CSV file to import.")
        return redirect("newsletter_lists:page", pk)
    try:
        imported, rejected = import_subscribers(newsletter, uploaded)
    except ImportRefused as refusal:
        messages.error(request, f"Nothing was imported: {refusal}")
        return redirect("newsletter_lists:page", pk)
    messages.success(
        request, f"{imported} subscriber(s) imported, {len(rejected)} row(s) rejected."
    )
    return newsletter_page(request, pk, report=rejected)


def export_csv(request, pk):
    newsletter = _newsletter(request, pk)
    out = io.StringIO()
    csv.writer(out).writerows(export_rows(newsletter))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{newsletter.slug}-subscribers.csv"'
    return response


@require_POST
def new_digest(request, pk):
    newsletter = _newsletter(request, pk)
    issue = compose_digest(newsletter)
    if issue is None:
        messages.error(request, "Nothing has been published since the last issue.")
        return redirect("newsletter_lists:page", pk)
    return redirect("wagtailsnippets_newsletters_issue:edit", issue.pk)


newsletter_urlpatterns = [
    path("<int:pk>/", newsletter_page, name="page"),
    path("<int:pk>/import/", import_csv, name="import"),
    path("<int:pk>/export/", export_csv, name="export"),
    path("<int:pk>/digest/", new_digest, name="digest"),
]
