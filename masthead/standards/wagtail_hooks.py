from django.shortcuts import redirect
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.log_actions import LogFormatter

from masthead.articles.models import PUBLISH_REFUSALS_HOOK, ArticlePage
from masthead.publications.roles import APPROVAL_TASK_HOOK

from . import admin_views
from .models import StandardsApprovalTask, blocking_errors


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("standards/", include((admin_views.urlpatterns, "standards"), namespace="standards"))
    ]


@hooks.register("register_log_actions")
def register_dismissal_log_action(actions):
    @actions.register_action("masthead.dismiss_finding")
    class DismissedFinding(LogFormatter):
        label = "Dismiss finding"

        def format_message(self, log_entry):
            data = log_entry.data
            return (
                f"Dismissed the finding “{data.get('concerns', '')}” ({data.get('check', '')}): "
                f"{data.get('reason', '')}"
            )


@hooks.register(APPROVAL_TASK_HOOK)
def approval_with_standards_checks():
    return StandardsApprovalTask


@hooks.register(PUBLISH_REFUSALS_HOOK)
def blocking_findings(article):
    return [f"{finding.why} (“{finding.concerns[:120]}”)" for finding in blocking_errors(article)]


@hooks.register("before_publish_page")
def refuse_stories_with_errors(request, page):
    """The version just saved is kept as a draft; a publication's blocking checks stop it
    going live until their findings are mended or dismissed."""
    if not isinstance(page.specific, ArticlePage):
        return None
    errors = blocking_errors(page)
    if not errors:
        return None
    for finding in errors:
        messages.error(request, f"Not published: {finding.why} (“{finding.concerns[:120]}”)")
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
