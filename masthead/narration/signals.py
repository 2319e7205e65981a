from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from wagtail.signals import page_published

from masthead.articles.models import ArticlePage, Author
from masthead.articles.tasks import renew_stored_pages
from masthead.publications.cache import invalidate_pages

from .models import Narration, NarrationSettings, Pronunciation
from .tasks import narrate_article


def article_published(sender, instance, **kwargs):
    """Every publish asks for a narration; the task does nothing if the spoken text is the same."""
    article_id = instance.pk
    transaction.on_commit(lambda: enqueue_narration(article_id))


def enqueue_narration(article_id):
    # Newest stories first: a republished archive story waits behind today's news.
    published = (
        ArticlePage.objects.filter(pk=article_id)
        .values_list("first_published_at", flat=True)
        .first()
    )
    age_days = (timezone.now() - published).days if published else 0
    narrate_article.using(priority=-min(max(age_days, 0), 100)).enqueue(article_id)


def narration_settings_saved(sender, instance, **kwargs):
    """A publication turning narration off loses its players at once; turning it back on (or
    changing voice or rate) narrates its live articles again where what is spoken differs."""
    if not instance.enabled:
        narrations = Narration.objects.filter(
            article__path__startswith=instance.site.root_page.path
        )
        article_ids = list(narrations.exclude(audio="").values_list("article_id", flat=True))
        narrations.update(status=Narration.Status.OFF)
        transaction.on_commit(invalidate_pages)
        renew_stored_pages(article_ids)
        return
    renarrate_publication(instance.site)


def narration_deleted(sender, instance, **kwargs):
    """An article deleted takes its audio with it."""
    if instance.audio:
        name = instance.audio.name
        transaction.on_commit(lambda: default_storage.delete(name))


def lexicon_changed(sender, instance, **kwargs):
    renarrate_publication(instance.publication)


def author_saved(sender, instance, **kwargs):
    """A renamed author is read out by their new name."""
    articles = ArticlePage.objects.live().filter(byline__author=instance).distinct()
    for article_id in articles.values_list("pk", flat=True):
        transaction.on_commit(lambda article_id=article_id: enqueue_narration(article_id))


def renarrate_publication(site):
    live = ArticlePage.objects.live().descendant_of(site.root_page)
    for article_id in live.values_list("pk", flat=True):
        transaction.on_commit(lambda article_id=article_id: enqueue_narration(article_id))


page_published.connect(article_published, sender=ArticlePage, dispatch_uid="narrate-on-publish")
post_save.connect(
    narration_settings_saved, sender=NarrationSettings, dispatch_uid="narration-settings-saved"
)
post_delete.connect(narration_deleted, sender=Narration, dispatch_uid="narration-deleted")
post_save.connect(author_saved, sender=Author, dispatch_uid="narration-author-saved")
post_save.connect(lexicon_changed, sender=Pronunciation, dispatch_uid="lexicon-saved")
post_delete.connect(lexicon_changed, sender=Pronunciation, dispatch_uid="lexicon-deleted")
