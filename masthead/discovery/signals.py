from django.db import transaction
from django.db.models.signals import post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from masthead.articles.models import ArticlePage, SectionPage
from masthead.articles.tasks import renew_stored_pages
from masthead.publications.cache import invalidate_pages

from .models import DiscoverySettings, RelatedArticle, SearchDocument
from .tasks import rebuild_related, update_related, update_search_documents


def article_published(sender, instance, **kwargs):
    article_id = instance.pk
    transaction.on_commit(lambda: update_search_documents.enqueue([article_id]))
    transaction.on_commit(lambda: update_related.enqueue(article_id))


def article_unpublished(sender, instance, **kwargs):
    """Gone from search and every list at once; the worker then fills the gaps it leaves."""
    SearchDocument.objects.filter(article_id=instance.pk).delete()
    listing = RelatedArticle.objects.filter(related_id=instance.pk)
    renew_stored_pages(set(listing.values_list("article_id", flat=True)))
    listing.delete()
    invalidate_pages()
    article_id = instance.pk
    transaction.on_commit(lambda: update_related.enqueue(article_id))


def section_unpublished(sender, instance, **kwargs):
    """Its articles leave readers' reach with it (ArticleQuerySet.live), and every list."""
    article_ids = list(ArticlePage.objects.child_of(instance).values_list("pk", flat=True))
    listing = RelatedArticle.objects.filter(related_id__in=article_ids)
    renew_stored_pages(set(listing.values_list("article_id", flat=True)))
    listing.delete()
    for article_id in article_ids:
        transaction.on_commit(lambda article_id=article_id: update_related.enqueue(article_id))


def page_moved(sender, instance, **kwargs):
    """Search filters by publication and section on the tree path, which a move changes."""
    moved = ArticlePage.objects.descendant_of(instance, inclusive=True)
    ids = list(moved.values_list("pk", flat=True))
    if ids:
        transaction.on_commit(lambda: update_search_documents.enqueue(ids))


def settings_saved(sender, instance, **kwargs):
    site_id = instance.site_id
    transaction.on_commit(lambda: rebuild_related.enqueue(site_id))


page_published.connect(article_published, sender=ArticlePage, dispatch_uid="related-published")
page_unpublished.connect(
    article_unpublished, sender=ArticlePage, dispatch_uid="related-unpublished"
)
page_unpublished.connect(
    section_unpublished, sender=SectionPage, dispatch_uid="related-section-unpublished"
)
post_page_move.connect(page_moved, dispatch_uid="search-page-moved")
post_save.connect(settings_saved, sender=DiscoverySettings, dispatch_uid="related-settings")
