"""What every page of a publication carries around its content: masthead, dateline, sections."""

from functools import cached_property

from wagtail.models import Page, Site

from .dateline import dateline
from .models import PublicationSettings


def site_relative_url(page, site):
    """The page's path within its own site, computed from url_path without another query."""
    root_path = site.root_page.url_path
    return "/" + page.url_path[len(root_path) :] if page.url_path.startswith(root_path) else None


class Publication:
    """The current request's publication, loaded once and shared by every template on the page."""

    def __init__(self, request):
        self.request = request
        self.site = Site.find_for_request(request)

    @classmethod
    def for_request(cls, request):
        if not hasattr(request, "_masthead_publication"):
            request._masthead_publication = cls(request)
        return request._masthead_publication

    @cached_property
    def settings(self):
        return PublicationSettings.for_site(self.site)

    @property
    def name(self):
        return self.site.site_name

    @cached_property
    def dateline(self):
        return dateline(self.settings)

    @cached_property
    def sections(self):
        """The home page's live children marked 'show in menus', in the editors' order."""
        pages = (
            Page.objects.child_of(self.site.root_page)
            .live()
            .in_menu()
            .only("id", "title", "url_path", "path", "depth")
            .order_by("path")
        )
        return [(page, site_relative_url(page, self.site)) for page in pages]

    def url_for(self, page):
        return site_relative_url(page, self.site)
