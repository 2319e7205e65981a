"""Authors are snippets, but each publication's editors see and change only their own."""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser as chooser_views
from wagtail.snippets.views import snippets as snippet_views

from masthead.publications.roles import publications_for_user

from .models import ArticlePage, Author


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


class AuthorDeleteView(scoped(snippet_views.DeleteView)):
    """An author named in bylines cannot go (the byline protects them): say so, not a 500."""

    @cached_property
    def byline_count(self):
        return ArticlePage.objects.filter(byline__author=self.object).distinct().count()

    @property
    def protected_reason(self):
        return (
            f"{self.object} cannot be deleted: they are in the byline of {self.byline_count} "
            "article(s). Take them off those bylines first."
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_protected"] = context.get("is_protected") or bool(self.byline_count)
        return context

    def form_valid(self, form):
        if self.byline_count:
            messages.error(self.request, self.protected_reason)
            return redirect(self.request.path)
        return super().form_valid(form)


class OwnPublicationChoices:
    """The byline's author chooser lists only the user's own publications' authors."""

    def get_object_list(self):
        objects = super().get_object_list()
        return objects.filter(publication__in=publications_for_user(self.request.user))


class AuthorChooserViewSet(chooser_views.SnippetChooserViewSet):
    choose_view_class = type(
        "AuthorChooseView", (OwnPublicationChoices, chooser_views.ChooseView), {}
    )
    choose_results_view_class = type(
        "AuthorChooseResultsView", (OwnPublicationChoices, chooser_views.ChooseResultsView), {}
    )


class AuthorViewSet(snippet_views.SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    add_to_admin_menu = True
    list_display = ["name", "job_title", "publication"]
    list_filter = ["publication"]
    search_fields = ["name"]
    edit_view_class = scoped(snippet_views.EditView)
    delete_view_class = AuthorDeleteView
    delete_template_name = "articles/author_confirm_delete.html"
    copy_view_class = scoped(snippet_views.CopyView)
    usage_view_class = scoped(snippet_views.UsageView)
    history_view_class = scoped(snippet_views.HistoryView)
    inspect_view_class = scoped(snippet_views.InspectView)
    chooser_viewset_class = AuthorChooserViewSet

    def get_queryset(self, request):
        return Author.objects.filter(publication__in=publications_for_user(request.user))


register_permission_policy(Author, PublicationScopedPolicy(Author))
register_snippet(AuthorViewSet)
