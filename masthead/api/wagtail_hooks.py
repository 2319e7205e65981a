from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from masthead.publications.roles import EDITOR_PERMISSIONS_HOOK, publications_edited_by
from masthead.publications.scheduler import SCHEDULED_WORK_HOOK
from masthead.publications.snippets import PublicationSnippetViewSet, register_publication_snippet

from . import admin_views
from .models import Webhook
from .webhooks import due_deliveries


@hooks.register(EDITOR_PERMISSIONS_HOOK)
def editors_manage_webhooks_and_keys():
    return ["add_webhook", "change_webhook", "delete_webhook", "view_webhook"]


@hooks.register(SCHEDULED_WORK_HOOK)
def retry_webhooks():
    return due_deliveries()


class WebhookViewSet(PublicationSnippetViewSet):
    model = Webhook
    icon = "link-external"
    menu_label = "Webhooks"
    list_display = ["name", "url", "publication", "active"]


register_publication_snippet(WebhookViewSet)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("api/", include((admin_views.urlpatterns, "api_admin"), namespace="api_admin"))]


class EditorsMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(publications_edited_by(request.user))


@hooks.register("register_settings_menu_item")
def register_deliveries_menu_item():
    return EditorsMenuItem(
        "Webhook deliveries", reverse("api_admin:deliveries"), icon_name="list-ul", order=900
    )


@hooks.register("register_settings_menu_item")
def register_keys_menu_item():
    return EditorsMenuItem("API keys", reverse("api_admin:keys"), icon_name="key", order=901)
