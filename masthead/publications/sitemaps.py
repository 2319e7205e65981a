from wagtail.contrib.sitemaps import Sitemap

from .pages import with_live_ancestors


class PublicationSitemap(Sitemap):
    """Wagtail's sitemap, less pages whose section or front page is not live."""

    def items(self):
        return with_live_ancestors(super().items())
