"""Editors see every article's narration: where it stands, its audio, and two actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.http import require_POST

from masthead.articles.tasks import renew_stored_pages
from masthead.publications.cache import invalidate_pages
from masthead.publications.roles import publications_for_user

from .models import Narration
from .tasks import narrate_article


def narrations_for_user(user):
    roots = publications_for_user(user).values_list("root_page__path", flat=True)
    condition = Q(pk__in=[])
    for root in roots:
        condition |= Q(article__path__startswith=root)
    return Narration.objects.filter(condition)


def index(request):
    narrations = narrations_for_user(request.user).select_related("article")
    status = request.GET.get("status", "")
    if status in Narration.Status.values:
        narrations = narrations.filter(status=status)
    return TemplateResponse(
        request,
        "narration/admin/index.html",
        {
            "narrations": narrations[:200],
            "statuses": Narration.Status.choices,
            "current_status": status,
        },
    )


def _narration_the_user_may_change(request, pk):
    narration = get_object_or_404(narrations_for_user(request.user), pk=pk)
    if not narration.article.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    return narration


@require_POST
def regenerate(request, pk):
    narration = _narration_the_user_may_change(request, pk)
    # Forget what the audio was made from, so the task speaks it again.
    Narration.objects.filter(pk=narration.pk).update(
        input_fingerprint="", status=Narration.Status.PENDING, error=""
    )
    transaction.on_commit(lambda: narrate_article.enqueue(narration.article_id))
    messages.success(request, f"“{narration.article.title}” will be narrated again.")
    return redirect("narration:index")


@require_POST
def switch(request, pk):
    """Turn one article's narration off (its audio goes) or back on (it is narrated again)."""
    narration = _narration_the_user_may_change(request, pk)
    if narration.enabled:
        old = narration.audio.name
        Narration.objects.filter(pk=narration.pk).update(
            enabled=False, status=Narration.Status.OFF, audio="", input_fingerprint=""
        )
        if old:
            transaction.on_commit(lambda: default_storage.delete(old))
        transaction.on_commit(invalidate_pages)
        renew_stored_pages([narration.article_id])
        messages.success(request, f"Narration is off for “{narration.article.title}”.")
    else:
        Narration.objects.filter(pk=narration.pk).update(
            enabled=True, status=Narration.Status.PENDING
        )
        transaction.on_commit(lambda: narrate_article.enqueue(narration.article_id))
        messages.success(request, f"“{narration.article.title}” will be narrated.")
    return redirect("narration:index")


urlpatterns = [
    path("", index, name="index"),
    path("<int:pk>/regenerate/", regenerate, name="regenerate"),
    path("<int:pk>/switch/", switch, name="switch"),
]
