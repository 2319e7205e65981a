"""Admin views that name objects before checking who asks: refuse objects of other publications.

Wagtail's move confirmation shows the page's title, and its bulk-action confirmations list the
names of every selected item, including those the user may not act on. Editors of one
publication must not learn what another publication is working on, so such requests are
answered 403 when any object they name lies outside the user's publications.
"""

from django.apps import apps
from django.core.exceptions import PermissionDenied
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.models import Page

from .roles import belongs_to_users_publications


def _bulk_action_objects(request, app_label, model_name, action):
    action_class = bulk_action_registry.get_bulk_action_class(app_label, model_name, action)
    if action_class is None:
        return []
    model = apps.get_model(app_label, model_name)
    ids = request.GET.getlist("id")
    if "all" in ids:
        ids = action_class(request, model).get_all_objects_in_listing_query(
            request.GET.get("childOf")
        )
    return action_class.get_queryset(model, ids)


class PublicationScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not request.user.is_authenticated or request.user.is_superuser:
            return None
        if match.url_name == "wagtail_bulk_action":
            objects = _bulk_action_objects(request, **view_kwargs)
        elif match.view_name == "wagtailadmin_pages:move_confirm":
            ids = [view_kwargs["page_to_move_id"], view_kwargs["destination_id"]]
            objects = Page.objects.filter(pk__in=ids)
        else:
            return None
        if not all(belongs_to_users_publications(request.user, obj) for obj in objects):
            raise PermissionDenied("That belongs to another publication.")
        return None
