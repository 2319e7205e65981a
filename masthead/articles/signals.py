from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.images import get_image_model
from wagtail.signals import page_published, page_unpublished

from masthead.publications.cache import invalidate_pages

from . import rendering
from .models import ArticlePage, Author, SectionPage, record_publication
from .tasks import prepare_article_media, refresh_author_credits, store_article_pages


def article_published(sender, instance, **kwargs):
    record_publication(instance)
    transaction.on_commit(lambda: prepare_article_media.enqueue(instance.pk))
    transaction.on_commit(lambda: store_article_pages.enqueue([instance.pk]))
    purge_listings(instance)


def purge_listings(article):
    """Wagtail purges the article's own address from a CDN; the lists that show it change too."""
    site = article.get_site()
    if site is None or not settings.WAGTAILFRONTENDCACHE:
        return
    credits = article.credits or article.current_credits()
    paths = ["/", "/" + article.get_parent().url_path[len(site.root_page.url_path) :]]
    paths += [f"/authors/{author['slug']}/" for author in credits["byline"]]
    paths += [f"/tags/{tag['slug']}/" for tag in credits["tags"]]
    urls = [site.root_url + path for path in paths]
    transaction.on_commit(lambda: purge_urls_from_cache(urls))


def section_unpublished(sender, instance, **kwargs):
    """Its articles leave readers' reach with it (ArticleQuerySet.live): purge them too."""
    if not settings.WAGTAILFRONTENDCACHE:
        return
    urls = [
        article.full_url for article in ArticlePage.objects.child_of(instance).filter(live=True)
    ]
    transaction.on_commit(lambda: purge_urls_from_cache(urls))


def author_saved(sender, instance, **kwargs):
    transaction.on_commit(lambda: refresh_author_credits.enqueue(instance.pk))
    invalidate_pages()


def author_deleted(sender, **kwargs):
    invalidate_pages()


def image_changed(sender, instance, created=False, update_fields=None, **kwargs):
    """A picture edited (new file, focal point) or deleted gets new renditions, at addresses
    stored pages do not have. Rare enough that every stored page may go."""
    # Wagtail records a file's size and hash on first use: the picture is the same.
    if created or (update_fields and set(update_fields) <= {"file_size", "file_hash"}):
        return
    rendering.forget()


def article_unpublished(sender, instance, **kwargs):
    rendering.forget([instance.pk])
    purge_listings(instance)


page_published.connect(article_published, sender=ArticlePage, dispatch_uid="article-published")


page_unpublished.connect(
    article_unpublished, sender=ArticlePage, dispatch_uid="article-unpublished"
)
page_unpublished.connect(
    section_unpublished, sender=SectionPage, dispatch_uid="section-unpublished"
)
post_save.connect(author_saved, sender=Author, dispatch_uid="author-saved")
post_delete.connect(author_deleted, sender=Author, dispatch_uid="author-deleted")
post_save.connect(image_changed, sender=get_image_model(), dispatch_uid="stored-pages-image-saved")
post_delete.connect(
    image_changed, sender=get_image_model(), dispatch_uid="stored-pages-image-deleted"
)
