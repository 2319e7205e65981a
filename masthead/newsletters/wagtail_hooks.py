from wagtail import hooks

from masthead.publications.roles import EDITOR_PERMISSIONS_HOOK
from masthead.publications.scheduler import SCHEDULED_WORK_HOOK
from masthead.publications.snippets import PublicationSnippetViewSet, register_publication_snippet

from .models import Newsletter, Subscriber
from .schedule import run_due_digests


@hooks.register(SCHEDULED_WORK_HOOK)
def scheduled_digests():
    return run_due_digests()


@hooks.register(EDITOR_PERMISSIONS_HOOK)
def editors_run_their_newsletters():
    return [
        f"{action}_{model}"
        for model in ("newsletter", "subscriber")
        for action in ("add", "change", "delete", "view")
    ]


class NewsletterViewSet(PublicationSnippetViewSet):
    model = Newsletter
    icon = "mail"
    menu_label = "Newsletters"
    add_to_admin_menu = True
    menu_order = 260
    list_display = ["name", "slug", "offered", "publication"]


class SubscriberViewSet(PublicationSnippetViewSet):
    model = Subscriber
    icon = "group"
    menu_label = "Subscribers"
    list_display = ["email", "confirmed_at", "created_at", "publication"]
    search_fields = ["email"]


register_publication_snippet(NewsletterViewSet)
register_publication_snippet(SubscriberViewSet)
