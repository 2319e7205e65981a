"""Editors manage their publications' API keys and read the webhook delivery log."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.http import require_POST
from wagtail.models import Site

from masthead.publications.roles import publications_edited_by

from .keys import make_key
from .models import ApiKey, WebhookDelivery


class KeyForm(forms.Form):
    publication = forms.ModelChoiceField(queryset=Site.objects.none())
    name = forms.CharField(max_length=100, help_text="The tool that will use it.")
    scopes = forms.MultipleChoiceField(
        choices=ApiKey.Scope.choices, widget=forms.CheckboxSelectMultiple
    )
    requests_per_minute = forms.IntegerField(min_value=1, max_value=10_000, initial=120)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = [site.pk for site in publications_edited_by(user)]
        self.fields["publication"].queryset = Site.objects.filter(pk__in=allowed)


def _own_sites(request):
    return [site.pk for site in publications_edited_by(request.user)]


def keys(request):
    form = KeyForm(request.POST or None, user=request.user)
    shown_key = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        api_key, shown_key = make_key(
            data["publication"],
            data["name"],
            data["scopes"],
            requests_per_minute=data["requests_per_minute"],
            acting_user=request.user,
        )
        form = KeyForm(user=request.user)
    listed = ApiKey.objects.filter(publication__in=_own_sites(request)).select_related(
        "publication"
    )
    return TemplateResponse(
        request, "api/admin/keys.html", {"form": form, "keys": listed, "shown_key": shown_key}
    )


@require_POST
def revoke(request, pk):
    api_key = get_object_or_404(ApiKey.objects.filter(publication__in=_own_sites(request)), pk=pk)
    ApiKey.objects.filter(pk=api_key.pk).update(revoked=True)
    messages.success(request, f"The key “{api_key.name}” no longer works.")
    return redirect("api_admin:keys")


def deliveries(request):
    log = WebhookDelivery.objects.filter(
        webhook__publication__in=_own_sites(request)
    ).select_related("webhook")[:200]
    return TemplateResponse(request, "api/admin/deliveries.html", {"deliveries": log})


urlpatterns = [
    path("keys/", keys, name="keys"),
    path("keys/<int:pk>/revoke/", revoke, name="revoke"),
    path("deliveries/", deliveries, name="deliveries"),
]
