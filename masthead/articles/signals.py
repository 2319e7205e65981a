from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published

from masthead.publications.cache import invalidate_pages

from .models import ArticlePage, Author, record_publication
from .tasks import prepare_article_renditions, refresh_author_credits


def article_published(sender, instance, **kwargs):
    record_publication(instance)
    transaction.on_commit(lambda: prepare_article_renditions.enqueue(instance.pk))


def author_saved(sender, instance, **kwargs):
    transaction.on_commit(lambda: refresh_author_credits.enqueue(instance.pk))
    invalidate_pages()


def author_deleted(sender, **kwargs):
    invalidate_pages()


page_published.connect(article_published, sender=ArticlePage, dispatch_uid="article-published")
post_save.connect(author_saved, sender=Author, dispatch_uid="author-saved")
post_delete.connect(author_deleted, sender=Author, dispatch_uid="author-deleted")
