"""Dismissing a finding: an editor says why it does not apply; the story's history records it."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail.admin import messages
from wagtail.log_actions import log

from masthead.articles.models import ArticlePage

from .checks import CHECKS
from .models import Dismissal


class DismissForm(forms.Form):
    check_code = forms.ChoiceField(choices=list(CHECKS.items()), widget=forms.HiddenInput)
    concerns = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why this finding does not apply to this story. Kept in its history.",
    )


def dismiss(request, article_id):
    article = get_object_or_404(ArticlePage, pk=article_id)
    if not article.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    if request.method == "POST":
        form = DismissForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            Dismissal.objects.create(
                article=article,
                check_code=data["check_code"],
                concerns=data["concerns"],
                reason=data["reason"],
                dismissed_by=request.user,
            )
            log(
                article,
                "masthead.dismiss_finding",
                user=request.user,
                data={
                    "check": data["check_code"],
                    "concerns": data["concerns"][:300],
                    "reason": data["reason"],
                },
            )
            messages.success(request, "Finding dismissed; the story's history records why.")
            return redirect(edit_url)
    else:
        form = DismissForm(
            initial={
                "check_code": request.GET.get("check"),
                "concerns": request.GET.get("concerns"),
            }
        )
    return TemplateResponse(
        request,
        "standards/dismiss.html",
        {
            "article": article,
            "form": form,
            "check_title": CHECKS.get(
                request.GET.get("check") or request.POST.get("check_code"), ""
            ),
            "concerns": request.GET.get("concerns") or request.POST.get("concerns"),
            "edit_url": edit_url,
        },
    )


urlpatterns = [path("<int:article_id>/dismiss/", dismiss, name="dismiss")]
