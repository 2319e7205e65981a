"""Starting a new publication: its Site, front page, settings and newsroom roles, in one step."""

from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.models import Page, Site

from masthead.publications.models import PublicationSettings
from masthead.publications.roles import set_up_publication_roles

from .models import FrontPage


@transaction.atomic
def create_publication(name, hostname, *, port=80, slug=None, **settings_fields):
    """Validates everything first so a bad value leaves nothing half-made."""
    if Site.objects.filter(hostname=hostname, port=port).exists():
        raise ValidationError(f"A publication already answers at {hostname}:{port}.")
    root = Page.get_first_root_node()
    front = FrontPage(title=name, slug=slug or hostname.split(".")[0])
    front.full_clean(exclude=["path", "depth"])
    settings_obj = PublicationSettings(**settings_fields)
    settings_obj.full_clean(exclude=["site"])
    root.add_child(instance=front)
    front.save_revision().publish()
    site = Site.objects.create(
        hostname=hostname,
        port=port,
        site_name=name,
        root_page=front,
        is_default_site=not Site.objects.filter(is_default_site=True).exists(),
    )
    settings_obj.site = site
    settings_obj.save()
    set_up_publication_roles(site)
    return site
