"""Deployment checks (`manage.py check --deploy`) for how publications are set up."""

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.db import DatabaseError


@register(Tags.security, deploy=True)
def publications_answer_on_https(app_configs, **kwargs):
    """Wagtail builds sitemap and admin "view live" links from each Site's port: anything but
    443 gives readers and crawlers http:// or :8000 addresses."""
    from wagtail.models import Site

    if not settings.CANONICAL_HTTPS:
        return []
    try:
        sites = list(Site.objects.exclude(port=443))
    except DatabaseError:  # not migrated yet: nothing to check
        return []
    return [
        Warning(
            f"The publication '{site.site_name}' ({site.hostname}) is set to port {site.port}, "
            f"so its sitemap lists {site.root_url}/… addresses.",
            hint="In Settings → Sites, set its port to 443 (Wagtail then links https://"
            f"{site.hostname}/).",
            obj=site,
            id="masthead.W001",
        )
        for site in sites
    ]
