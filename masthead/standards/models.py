"""What a publication's standards desk decides: which checks block publishing, and which
findings an editor dismissed, with their reason."""

from django import forms
from django.conf import settings
from django.db import models
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import GroupApprovalTask

from masthead.articles.models import ArticlePage

from .checks import CHECKS, review


class StandardsSettingsForm(WagtailAdminModelForm):
    blocking = forms.MultipleChoiceField(
        choices=list(CHECKS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Checks that block publishing",
        help_text="Findings of these checks stop a story being published until they are "
        "mended or an editor dismisses them with a reason. The others are warnings.",
    )


@register_setting(icon="tick-inverse")
class StandardsSettings(BaseSiteSetting):
    blocking = models.JSONField(default=list, blank=True)

    panels = [FieldPanel("blocking")]
    base_form_class = StandardsSettingsForm

    class Meta:
        verbose_name = "standards checks"
        verbose_name_plural = "standards checks"


class Dismissal(models.Model):
    """An editor's decision that one finding does not apply, and why. Also written to the
    story's history (a log entry with their name)."""

    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")
    check_code = models.CharField(max_length=40, choices=list(CHECKS.items()))
    concerns = models.TextField()
    reason = models.CharField(max_length=300)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    dismissed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.check_code} on {self.article_id}: {self.reason}"


def findings_for(article, now=None):
    """The story's findings as its publication sees them: blocking checks as errors,
    dismissed findings left out."""
    site = article.get_site()
    blocking = StandardsSettings.for_site(site).blocking if site else []
    dismissed = (
        set(Dismissal.objects.filter(article_id=article.pk).values_list("check_code", "concerns"))
        if article.pk
        else set()
    )
    return review(article, blocking=blocking, dismissed=dismissed, now=now)


def blocking_errors(page):
    """The errors on the version of a story that approving would publish (its latest)."""
    article = page.specific
    if not isinstance(article, ArticlePage):
        return []
    latest = article.get_latest_revision_as_object() if article.pk else article
    return [finding for finding in findings_for(latest) if finding.error]


class StandardsApprovalTask(GroupApprovalTask):
    """Wagtail's group approval, for a publication's editors, except that a story with
    findings of a blocking check can only be sent back for changes: approving publishes."""

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if actions and blocking_errors(obj):
            return [action for action in actions if action[0] != "approve"]
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve" and blocking_errors(task_state.revision.as_object()):
            return None  # not offered to the editor; a hand-made request changes nothing
        return super().on_action(task_state, user, action_name, **kwargs)

    class Meta:
        verbose_name = "editor approval with standards checks"
