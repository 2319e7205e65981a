"""Narrating an article in the background, safely: unchanged text is never spoken twice, new
audio replaces the old only once it is complete, and a failure is retried and shown to editors
while the article stays published."""

import datetime
import logging
import tempfile

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from masthead.articles.models import ArticlePage
from masthead.articles.tasks import renew_stored_pages
from masthead.publications.cache import invalidate_pages
from masthead.publications.models import PublicationSettings
from masthead.publications.roles import publication_of_page

from .audio import speak_to_mp3
from .engines import get_engine
from .models import Narration, NarrationSettings
from .script import article_script, script_fingerprint

logger = logging.getLogger(__name__)
AUDIO_FOLDER = "narration"


def narration_plan(article):
    """The engine and passages this article would be narrated with now, or None if off."""
    site = publication_of_page(article)
    config = NarrationSettings.for_site(site)
    if not config.enabled:
        return None
    language = PublicationSettings.for_site(site).language
    engine = get_engine(
        config.engine, voice=config.voice, rate=float(config.speaking_rate), language=language
    )
    passages = article_script(
        article, read_captions=config.read_captions, lexicon=config.lexicon_pairs()
    )
    fingerprint = script_fingerprint(passages, engine.key, engine.voice, engine.rate)
    return engine, passages, fingerprint


@task()
def narrate_article(article_id, attempt=1):
    article = ArticlePage.objects.live().filter(pk=article_id).first()
    if article is None:
        return "not live"
    narration, _ = Narration.objects.get_or_create(article=article)
    if not narration.enabled:
        return "off for this article"
    try:
        plan = narration_plan(article)
        if plan is None:
            Narration.objects.filter(pk=narration.pk).update(status=Narration.Status.OFF)
            renew_stored_pages([article_id])
            return "off for this publication"
        engine, passages, fingerprint = plan
        if narration.audio and narration.input_fingerprint == fingerprint:
            Narration.objects.filter(pk=narration.pk).update(status=Narration.Status.READY)
            return "unchanged"
        Narration.objects.filter(pk=narration.pk).update(status=Narration.Status.PENDING)
        remove_orphaned_audio(narration)
        # An anonymous temporary file: a worker killed mid-way leaves nothing behind.
        with tempfile.TemporaryFile() as spooled:
            spoken = speak_to_mp3(passages, engine, spooled)
            spooled.seek(0)
            name = default_storage.save(
                f"{AUDIO_FOLDER}/{article.pk}-{fingerprint[:16]}.mp3", File(spooled)
            )
    except Exception as error:
        record_failure(narration, article_id, attempt, error)
        return "failed"
    replace_audio(narration, name, spoken, engine, fingerprint)
    return "narrated"


def replace_audio(narration, name, spoken, engine, fingerprint):
    """Point the narration at its new file, then delete the old one once that is committed."""
    with transaction.atomic():
        current = Narration.objects.select_for_update().get(pk=narration.pk)
        old_name = current.audio.name
        current.audio.name = name
        current.duration = spoken.duration
        current.byte_size = spoken.byte_size
        current.chapters = spoken.chapters
        current.engine = engine.description
        current.input_fingerprint = fingerprint
        current.status = Narration.Status.READY
        current.error = ""
        current.attempts = 0
        current.save()
        if old_name and old_name != name:
            transaction.on_commit(lambda: default_storage.delete(old_name))
        transaction.on_commit(invalidate_pages)  # the page now shows its player
        renew_stored_pages([narration.article_id])


def remove_orphaned_audio(narration):
    """Files of this article's that no narration points at: left by a worker that died after
    storing a file but before recording it."""
    prefix = f"{narration.article_id}-"
    try:
        _, files = default_storage.listdir(AUDIO_FOLDER)
    except FileNotFoundError:
        return
    # Only old ones: a file a moment old may be another worker's, about to be recorded.
    cutoff = timezone.now() - datetime.timedelta(seconds=settings.TASKS_STALLED_AFTER_SECONDS)
    for filename in files:
        path = f"{AUDIO_FOLDER}/{filename}"
        if not filename.startswith(prefix) or path == narration.audio.name:
            continue
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)


def record_failure(narration, article_id, attempt, error):
    logger.exception("Narration of article %s failed (attempt %s)", article_id, attempt)
    Narration.objects.filter(pk=narration.pk).update(
        status=Narration.Status.FAILED,
        error=f"{type(error).__name__}: {error}"[:2000],
        attempts=attempt,
        updated_at=timezone.now(),
    )
    if attempt >= settings.NARRATION_MAX_ATTEMPTS:
        return
    retry = narrate_article
    if retry.get_backend().supports_defer:
        # 1, 4, 16 minutes…: a busy or broken engine gets room to recover.
        delay = datetime.timedelta(minutes=4 ** (attempt - 1))
        retry = retry.using(run_after=timezone.now() + delay)
    transaction.on_commit(lambda: retry.enqueue(article_id, attempt + 1))
