"""Snippets that belong to one publication (authors, pronunciations…): each publication's staff
see and change only their own. A capability registers its model with `register_publication_snippet`."""

from django.core.exceptions import PermissionDenied
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views

from .roles import publications_for_user


class PublicationScopedPolicy(ModelPermissionPolicy):
    """Django's model permissions, narrowed to instances of the user's own publications."""

    def _in_users_publications(self, user, instance):
        return publications_for_user(user).filter(pk=instance.publication_id).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self._in_users_publications(
            user, instance
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and self._in_users_publications(
            user, instance
        )

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        return instances.filter(publication__in=publications_for_user(user))


class OwnPublicationOnly:
    """Wagtail's generic object views check model permissions only; add the instance check."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not self.permission_policy.user_has_any_permission_for_instance(
            self.request.user, ["change", "delete", "view"], obj
        ):
            raise PermissionDenied
        return obj


def scoped(view_class):
    return type(view_class.__name__, (OwnPublicationOnly, view_class), {})


class OwnPublicationChoices:
    """Choosers list only the user's own publications' items."""

    def get_object_list(self):
        objects = super().get_object_list()
        return objects.filter(publication__in=publications_for_user(self.request.user))


class PublicationSnippetViewSet(snippet_views.SnippetViewSet):
    """Listing, editing and every object view limited to the user's publications."""

    list_filter = ["publication"]
    edit_view_class = scoped(snippet_views.EditView)
    delete_view_class = scoped(snippet_views.DeleteView)
    copy_view_class = scoped(snippet_views.CopyView)
    usage_view_class = scoped(snippet_views.UsageView)
    history_view_class = scoped(snippet_views.HistoryView)
    inspect_view_class = scoped(snippet_views.InspectView)

    def get_queryset(self, request):
        return self.model.objects.filter(publication__in=publications_for_user(request.user))


def register_publication_snippet(viewset):
    register_permission_policy(viewset.model, PublicationScopedPolicy(viewset.model))
    register_snippet(viewset)
