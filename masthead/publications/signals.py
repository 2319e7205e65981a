"""Anything a reader could see changing retires the whole-page cache."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .cache import invalidate_pages
from .models import PublicationSettings


def _invalidate(**kwargs):
    invalidate_pages()


page_published.connect(_invalidate, dispatch_uid="masthead-cache-published")
page_unpublished.connect(_invalidate, dispatch_uid="masthead-cache-unpublished")
post_page_move.connect(_invalidate, dispatch_uid="masthead-cache-moved")
post_delete.connect(_invalidate, sender=Page, dispatch_uid="masthead-cache-page-deleted")
for model in (Site, PublicationSettings, PageViewRestriction):
    post_save.connect(_invalidate, sender=model, dispatch_uid=f"masthead-cache-{model.__name__}")
    post_delete.connect(
        _invalidate, sender=model, dispatch_uid=f"masthead-cache-del-{model.__name__}"
    )
