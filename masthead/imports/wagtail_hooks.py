from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from masthead.publications.roles import publications_edited_by
from masthead.publications.scheduler import SCHEDULED_WORK_HOOK

from . import admin_views
from .tasks import requeue_stalled_runs


@hooks.register(SCHEDULED_WORK_HOOK)
def restart_stalled_imports():
    return requeue_stalled_runs()


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("imports/", include((admin_views.urlpatterns, "imports"), namespace="imports"))]


class ImportsMenuItem(MenuItem):
    def is_shown(self, request):
        # Importing publishes, so it takes the right to publish there.
        return bool(publications_edited_by(request.user))


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return ImportsMenuItem(
        "Import articles", reverse("imports:index"), icon_name="download", order=260
    )
