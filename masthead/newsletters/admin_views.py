"""Editors preview an issue, send it to themselves, then send or schedule it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from masthead.publications.roles import publications_for_user

from .models import Issue, Subscriber
from .sending import PREFERENCES, UNSUBSCRIBE, personalised, recipients, rendered_issue
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
    message = personalised(issue, rendered_issue(issue), me, connection=None)
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
