from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from masthead.articles.models import ARTICLE_CONTEXT_HOOK
from masthead.publications.roles import EDITOR_PERMISSIONS_HOOK
from masthead.publications.snippets import PublicationScopedPolicy, PublicationSnippetViewSet

from .models import Correction


@hooks.register(ARTICLE_CONTEXT_HOOK)
def add_corrections(article, request, context):
    """The story's notes, oldest first, split by where they stand: one query, and none for a
    story never updated (every note dates an update)."""
    if article.text_updated_at is None:
        context["corrections"] = context["notices_above"] = context["notices_below"] = []
        return
    notices = [
        c.as_notice() for c in Correction.objects.filter(article_id=article.pk).order_by("made_at")
    ]
    context["corrections"] = notices
    context["notices_above"] = [n for n in notices if n["kind"] in Correction.ABOVE_THE_STORY]
    context["notices_below"] = [n for n in notices if n["kind"] not in Correction.ABOVE_THE_STORY]


@hooks.register("masthead_has_update_note_since")
def has_note_since(article, since):
    """For the standards checks: a changed story carries a note saying what changed."""
    return Correction.objects.filter(article_id=article.pk, made_at__gte=since).exists()


@hooks.register(EDITOR_PERMISSIONS_HOOK)
def editors_correct_their_stories():
    return ["add_correction", "change_correction", "view_correction"]


class AmendedNeverDeleted(PublicationScopedPolicy):
    """Nobody deletes a correction, superusers included: the public record stays."""

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, [a for a in actions if a != "delete"])


class CorrectionViewSet(PublicationSnippetViewSet):
    model = Correction
    icon = "warning"
    menu_label = "Corrections"
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["article", "kind", "made_at", "amended_at", "publication"]
    list_filter = ["publication", "kind"]


register_permission_policy(Correction, AmendedNeverDeleted(Correction))
register_snippet(CorrectionViewSet)
