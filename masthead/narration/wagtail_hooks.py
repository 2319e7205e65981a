from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from masthead.articles.models import ARTICLE_CONTEXT_HOOK
from masthead.publications.roles import EDITOR_PERMISSIONS_HOOK, publications_for_user
from masthead.publications.snippets import PublicationSnippetViewSet, register_publication_snippet

from . import admin_views
from .models import Narration, Pronunciation


@hooks.register(ARTICLE_CONTEXT_HOOK)
def add_player(article, request, context):
    """The article page's player: only for audio that is ready and switched on (one query)."""
    context["narration"] = Narration.objects.playable().filter(article_id=article.pk).first()


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("narration/", include((admin_views.urlpatterns, "narration"), namespace="narration"))
    ]


class NarrationMenuItem(MenuItem):
    def is_shown(self, request):
        return publications_for_user(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return NarrationMenuItem("Narration", reverse("narration:index"), icon_name="media", order=250)


@hooks.register(EDITOR_PERMISSIONS_HOOK)
def editors_keep_the_lexicon():
    return [
        "add_pronunciation",
        "change_pronunciation",
        "delete_pronunciation",
        "view_pronunciation",
    ]


class PronunciationViewSet(PublicationSnippetViewSet):
    model = Pronunciation
    icon = "microphone"
    menu_label = "Pronunciations"
    list_display = ["term", "respelling", "publication"]
    search_fields = ["term"]


register_publication_snippet(PronunciationViewSet)
