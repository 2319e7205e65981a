"""What every page of a publication carries around its content: masthead, dateline, sections."""

import hashlib
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.http import Http404
from django.utils.html import format_html
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction, Site

from .dateline import dateline
from .models import PublicationSettings

SNAPSHOT_SECONDS = 3600
# Wagtail hook: fn(request) -> something with a stable repr, for capabilities whose
# publication-wide choices show on every page (the newsletters offered, say); it goes into
# Publication.fingerprint.
PUBLICATION_FINGERPRINT_HOOK = "masthead_publication_fingerprint"


# The snapshots of the current generation this process has read, so that a reader's request
# need not fetch and unpickle its publication again: keyed by `snapshot_key`, which names the
# generation, and emptied when the generation moves on.
_snapshots_read = {"generation": None, "by_key": {}}


def remembered_snapshot(key, generation):
    if _snapshots_read["generation"] != generation:
        _snapshots_read.update(generation=generation, by_key={})
    return _snapshots_read["by_key"].get(key)


def remember_snapshot(key, snapshot):
    _snapshots_read["by_key"][key] = snapshot


def site_relative_url(page, site):
    """The page's path within its own site, computed from url_path without another query."""
    root_path = site.root_page.url_path
    return "/" + page.url_path[len(root_path) :] if page.url_path.startswith(root_path) else None


def site_root_url(site):
    """A publication's address for links that leave its pages (canonical, feeds, emails)."""
    if settings.CANONICAL_HTTPS:
        return f"https://{site.hostname}"
    return site.root_url


def snapshot_key(request, generation):
    # The version changes whenever the snapshot's shape does, so old entries are never misread.
    return f"masthead:publication:v4:{generation}:{request.get_host()}"


class Publication:
    """The current request's publication, loaded once and shared by every template on the page.

    Its site, settings and sections change only when something is published or edited, so the
    page cache keeps a snapshot of them under the same generation as the pages: a page rendered
    for an anonymous reader starts with its publication already in hand.
    """

    SNAPSHOT_FIELDS = ("settings", "sections", "has_view_restrictions", "logo", "fingerprint")
    LOGO_SPEC = "height-128"

    def __init__(self, request):
        self.request = request
        self.site = Site.find_for_request(request)

    @classmethod
    def for_request(cls, request):
        if not hasattr(request, "_masthead_publication"):
            request._masthead_publication = cls(request)
        return request._masthead_publication

    @classmethod
    def for_request_or_404(cls, request):
        """For the views outside the page tree (search, feeds, sitemaps…): 404 on a host that
        is no publication's."""
        publication = cls.for_request(request)
        if publication.site is None:
            raise Http404("No publication here")
        return publication

    @classmethod
    def restore(cls, request, snapshot):
        """Take this host's snapshot (read under `snapshot_key`), if any, and hand its site to
        Wagtail's router."""
        if snapshot is None:
            return None
        publication = cls.__new__(cls)
        publication.request = request
        publication.site = snapshot[0]
        publication.__dict__.update(snapshot[1])
        request._wagtail_site = publication.site
        request._masthead_publication = publication
        return publication

    def keep(self, generation):
        """Store the snapshot, once a page has rendered this publication's header."""
        if self.site is None or "sections" not in self.__dict__:
            return
        # Wagtail has routed through the specific front page; keep that so routing needs no query.
        self.site.root_page = self.site.root_page.specific
        kept = {name: getattr(self, name) for name in self.SNAPSHOT_FIELDS}
        cache.set(snapshot_key(self.request, generation), (self.site, kept), SNAPSHOT_SECONDS)

    @cached_property
    def logo(self):
        """The masthead logo's rendition, kept in the snapshot so pages need no image query."""
        image = self.settings.logo
        return image.get_rendition(self.LOGO_SPEC) if image else None

    @cached_property
    def has_view_restrictions(self):
        """Whether any page of this publication (or a page it aliases) is private. Most
        publications have none, and then no page needs to look its restrictions up."""
        root = self.site.root_page
        in_tree = Page.objects.filter(path__startswith=root.path)
        return PageViewRestriction.objects.filter(
            Q(page__path__startswith=root.path)
            | Q(page__depth__lt=root.depth)
            | Q(page__in=in_tree.filter(alias_of__isnull=False).values("alias_of"))
        ).exists()

    @cached_property
    def settings(self):
        # With the logo in the same query: the masthead shows it on every page.
        found = PublicationSettings.objects.select_related("logo").filter(site=self.site).first()
        return found or PublicationSettings.for_site(self.site)

    @property
    def name(self):
        return self.site.site_name

    @cached_property
    def dateline(self):
        return dateline(self.settings)

    @cached_property
    def dateline_html(self):
        """The masthead's dateline element. Pages stored at publish time have a mark in its place
        and take it from here when served (articles.rendering)."""
        today, text = self.dateline
        return format_html(
            '<p class="dateline"><time datetime="{}">{}</time></p>', today.isoformat(), text
        )

    @cached_property
    def fingerprint(self):
        """A digest of everything of the publication its pages show around their own content
        (address, name, settings, menu, logo and what capabilities add): a page stored with
        an older fingerprint is rendered again. Kept in the snapshot, so it costs a reader's
        request nothing."""
        publication_settings = self.settings
        parts = [
            (self.site.pk, self.site.hostname, self.site.port, self.site.site_name),
            self.site.root_page_id,
            [
                (field.attname, getattr(publication_settings, field.attname))
                for field in publication_settings._meta.concrete_fields
            ],
            [(page.pk, page.title, url) for page, url in self.sections],
            (self.logo.url, self.logo.width, self.logo.height) if self.logo else None,
            self.has_view_restrictions,
        ]
        parts += [add(self.request) for add in hooks.get_hooks(PUBLICATION_FINGERPRINT_HOOK)]
        return hashlib.sha256(repr(parts).encode()).hexdigest()

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

    @property
    def root_url(self):
        """This publication's address for links that leave the page: canonical, sharing,
        robots.txt. In production, https on the standard port whatever the Site row says."""
        return site_root_url(self.site)

    def url_for(self, page):
        return site_relative_url(page, self.site)

    @cached_property
    def sections_by_path(self):
        """The menu sections keyed by their tree path: an article's section is its parent."""
        return {page.path: (page, url) for page, url in self.sections}
