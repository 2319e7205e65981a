"""Authors are snippets, but each publication's editors see and change only their own."""

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from masthead.publications.roles import publications_for_user

from .models import Author


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


class AuthorForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None:
            self.fields["publication"].queryset = publications_for_user(for_user)


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    add_to_admin_menu = True
    list_display = ["name", "job_title", "publication"]
    list_filter = ["publication"]
    search_fields = ["name"]

    def get_form_class(self, for_update=False):
        self.form_class = AuthorForm
        return super().get_form_class(for_update)

    def get_queryset(self, request):
        return Author.objects.filter(publication__in=publications_for_user(request.user))


register_permission_policy(Author, PublicationScopedPolicy(Author))
register_snippet(AuthorViewSet)
