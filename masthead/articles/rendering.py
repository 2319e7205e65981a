"""Article pages rendered at publish time and kept in the database.

An anonymous reader's article page depends on a few things that change at known moments: the
published version of the article, its credits, the publication around it (settings, menu,
newsletters offered), what capabilities show with it (related articles, the narration player,
correction notices), and the code and templates that draw it. The page is rendered once when
the article is published (or when a reader first asks for it after one of those changed) and
stored with a key made of what the request can know without a query. A reader whose page cache
misses is then served that copy in a fraction of a full render, with today's dateline put in.

Capabilities whose stored data shows on the page (related lists, the narration player) call
`articles.tasks.renew_stored_pages` when it changes, which forgets the copies here and has the
worker render them again; the key covers the rest. A copy older than `STORED_PAGE_SECONDS` is rendered again all the same, so a change
nobody announced is bounded in time, as with the page cache.
"""

import hashlib
import importlib.metadata
import logging
import time
import zlib
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import DatabaseError, transaction
from django.http import HttpResponse

from masthead.publications.cache import current_generation, is_anonymous_read
from masthead.publications.chrome import Publication
from masthead.publications.dateline import local_now

logger = logging.getLogger(__name__)

DATELINE_MARK = "<!--masthead:dateline-->"
PROJECT_DIR = Path(__file__).resolve().parent.parent
# Settings whose value shows in pages; a change to any of them retires every stored page.
SETTINGS_IN_PAGES = (
    "CANONICAL_HTTPS",
    "STATIC_URL",
    "MEDIA_URL",
    "STORAGES",
    "LANGUAGE_CODE",
    "TIME_ZONE",
    "DEBUG",
    "INSTALLED_APPS",
    "WAGTAILEMBEDS_FINDERS",
)


@cache
def code_version():
    """A digest of the project's code and templates, the static files' hashed names, the
    versions of Django and Wagtail and the settings pages show. Read once per process: a
    deploy or a settings change starts new processes, and stored pages are rendered again."""
    digest = hashlib.sha256()
    for path in sorted(PROJECT_DIR.rglob("*")):
        if path.suffix in (".py", ".html") and "tests" not in path.parts:
            digest.update(str(path.relative_to(PROJECT_DIR)).encode())
            digest.update(path.read_bytes())
    manifest = getattr(staticfiles_storage, "manifest_name", None)
    if manifest and staticfiles_storage.exists(manifest):
        with staticfiles_storage.open(manifest) as file:
            digest.update(file.read())
    for package in ("django", "wagtail"):
        digest.update(importlib.metadata.version(package).encode())
    for name in SETTINGS_IN_PAGES:
        digest.update(repr(getattr(settings, name, None)).encode())
    return digest.hexdigest()


def page_key(article, publication):
    """What the stored copy of this article's page must have been rendered from."""
    parts = (
        code_version(),
        publication.fingerprint,
        article.pk,
        article.live_revision_id,
        article.url_path,
        article.last_published_at,
        article.text_updated_at,
        article.credits,
        # The footer prints the year.
        local_now(publication.settings).year,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def may_use_stored_page(request):
    """Only what every anonymous reader would get: no editor, no preview. A lifetime of 0
    turns stored pages off."""
    return (
        settings.STORED_PAGE_SECONDS > 0
        and is_anonymous_read(request)
        and not getattr(request, "is_preview", False)
    )


def stored_response(article, request):
    """The stored page with today's dateline, or None when there is none still good."""
    key, html, expires_at = _stored_of(article)
    publication = Publication.for_request(request)
    if key != page_key(article, publication) or expires_at < time.time():
        return None
    html = zlib.decompress(html).decode()
    return HttpResponse(html.replace(DATELINE_MARK, publication.dateline_html, 1))


def _stored_of(article):
    if hasattr(article, "stored_key"):  # loaded with the article (articles.models)
        return article.stored_key, article.stored_html, article.stored_expires_at
    stored = apps.get_model("articles", "StoredPage").objects.filter(article_id=article.pk)
    return stored.values_list("key", "html", "expires_at").first() or (None, None, None)


def keep_when_rendered(article, request, response):
    """Store the page once the response is rendered, unless something the page shows changed
    meanwhile (the page cache's generation moved on)."""
    publication = Publication.for_request(request)
    key = page_key(article, publication)
    generation = _generation_or_none()

    def store(rendered):
        if rendered.status_code != 200 or generation is None:
            return
        if _generation_or_none() != generation:
            return
        html = rendered.content.decode()
        dateline = str(publication.dateline_html)
        if dateline not in html:
            return
        compressed = zlib.compress(html.replace(dateline, DATELINE_MARK, 1).encode(), 6)
        stored_page = apps.get_model("articles", "StoredPage")
        expires_at = int(time.time()) + settings.STORED_PAGE_SECONDS
        row = stored_page(article_id=article.pk, key=key, html=compressed, expires_at=expires_at)
        try:
            with transaction.atomic():
                stored_page.objects.bulk_create(
                    [row],
                    update_conflicts=True,
                    unique_fields=["article"],
                    update_fields=["key", "html", "expires_at"],
                )
        except DatabaseError:
            # The reader has their page; the next one renders it again.
            logger.warning("Could not store the rendered page of article %s", article.pk)

    if hasattr(response, "add_post_render_callback"):
        response.add_post_render_callback(store)


def _generation_or_none():
    try:
        return current_generation()
    except Exception:  # noqa: BLE001 - whatever the cache backend raises when it is down
        return None  # nothing can be known to be current: store nothing


def forget(article_ids=None):
    """Stored pages that show something that changed; None forgets every one."""
    stored = apps.get_model("articles", "StoredPage").objects.all()
    if article_ids is not None:
        stored = stored.filter(article_id__in=list(article_ids))
    stored.delete()
