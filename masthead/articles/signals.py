from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published

from masthead.publications.cache import invalidate_pages

from .models import ArticlePage, Author, mark_text_published
from .tasks import prepare_article_renditions


def article_published(sender, instance, **kwargs):
    mark_text_published(instance)
    transaction.on_commit(lambda: prepare_article_renditions.enqueue(instance.pk))


def author_changed(sender, **kwargs):
    invalidate_pages()


page_published.connect(article_published, sender=ArticlePage, dispatch_uid="article-published")
post_save.connect(author_changed, sender=Author, dispatch_uid="author-saved")
post_delete.connect(author_changed, sender=Author, dispatch_uid="author-deleted")
