from django.urls import include, path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.tables import Column

from masthead.publications.chrome import PUBLICATION_FINGERPRINT_HOOK
from masthead.publications.roles import EDITOR_PERMISSIONS_HOOK
from masthead.publications.scheduler import SCHEDULED_WORK_HOOK
from masthead.publications.snippets import PublicationSnippetViewSet, register_publication_snippet

from . import admin_views
from .context_processors import signup_for
from .models import Issue, Newsletter, Subscriber
from .schedule import run_due_digests


@hooks.register(PUBLICATION_FINGERPRINT_HOOK)
def signup_offered(request):
    """Every page's signup forms list the newsletters offered and may pop up."""
    signup = signup_for(request)
    return (signup.newsletters, signup.popup_delay)


@hooks.register(SCHEDULED_WORK_HOOK)
def scheduled_digests():
    return run_due_digests()


@hooks.register(EDITOR_PERMISSIONS_HOOK)
def editors_run_their_newsletters():
    return [
        f"{action}_{model}"
        for model in ("newsletter", "subscriber", "issue")
        for action in ("add", "change", "delete", "view")
    ]


class LinkColumn(Column):
    """A listing column linking each row to one of this app's admin pages."""

    def __init__(self, name, label, text, url_name):
        super().__init__(name, label=label)
        self.text, self.url_name = text, url_name

    def get_value(self, instance):
        return format_html(
            '<a href="{}">{}</a>', reverse(self.url_name, args=[instance.pk]), self.text
        )


subscribers_link = LinkColumn(
    "manage", "Manage", "Subscribers, history, digest", "newsletter_lists:page"
)
send_link = LinkColumn("send", "Send", "Preview, test and send", "newsletter_issues:send")


class NewsletterViewSet(PublicationSnippetViewSet):
    model = Newsletter
    icon = "mail"
    menu_label = "Newsletters"
    add_to_admin_menu = True
    menu_order = 260
    list_display = ["name", "slug", "schedule", "offered", "publication", subscribers_link]


class SubscriberViewSet(PublicationSnippetViewSet):
    model = Subscriber
    icon = "group"
    menu_label = "Subscribers"
    list_display = ["email", "confirmed_at", "created_at", "publication"]
    search_fields = ["email"]


class IssueViewSet(PublicationSnippetViewSet):
    model = Issue
    icon = "doc-full"
    menu_label = "Issues"
    list_display = ["subject", "newsletter", "status", "send_at", "sent_at", send_link]
    list_filter = ["newsletter", "status"]


@hooks.register("register_admin_urls")
def issue_admin_urls():
    return [
        path(
            "newsletters/issues/",
            include((admin_views.urlpatterns, "newsletter_issues"), namespace="newsletter_issues"),
        ),
        path(
            "newsletters/lists/",
            include(
                (admin_views.newsletter_urlpatterns, "newsletter_lists"),
                namespace="newsletter_lists",
            ),
        ),
    ]


register_publication_snippet(NewsletterViewSet)
register_publication_snippet(IssueViewSet)
register_publication_snippet(SubscriberViewSet)
