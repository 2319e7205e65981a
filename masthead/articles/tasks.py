import logging

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.tasks import task
from django.test import RequestFactory
from wagtail.embeds.embeds import get_embed
from wagtail.embeds.exceptions import EmbedException
from wagtail.images import get_image_model
from wagtail.views import serve

from masthead.publications.cache import invalidate_pages

from . import rendering
from .blocks import BODY_IMAGE_SPEC, body_embed_urls, body_image_ids
from .models import CARD_IMAGE_SPEC, SHARING_IMAGE_SPECS, ArticlePage

logger = logging.getLogger(__name__)


@task()
def prepare_article_media(article_id):
    """Make every image size an article page and its cards show, and ask embed providers for
    their HTML, so no reader's request waits for either."""
    article = ArticlePage.objects.filter(pk=article_id).first()
    if article is None:
        return 0
    wanted = {}
    if article.lead_image_id:
        wanted[article.lead_image_id] = [*SHARING_IMAGE_SPECS, CARD_IMAGE_SPEC]
    for image_id in body_image_ids(article.body.raw_data):
        wanted.setdefault(image_id, []).append(BODY_IMAGE_SPEC)
    made = 0
    for image in get_image_model().objects.filter(pk__in=wanted):
        made += len(image.get_renditions(*wanted[image.pk]))
    for url in body_embed_urls(article.body.raw_data):
        try:
            get_embed(url)
            made += 1
        except EmbedException:
            # The page renders without it; editors see the problem in the admin preview.
            logger.warning("Could not fetch the embed %s for article %s", url, article_id)
    return made


@task()
def refresh_author_credits(author_id):
    """An author's new name or slug reaches every article that carries their byline."""
    articles = ArticlePage.objects.filter(byline__author_id=author_id).distinct()
    for article in articles:
        ArticlePage.objects.filter(pk=article.pk).update(credits=article.current_credits())
    invalidate_pages()
    return len(articles)


@task()
def store_article_pages(article_ids):
    """Render live articles' pages as an anonymous reader of their publication gets them,
    which stores them (articles.rendering): after publishing, so that even the first reader
    whom no cache can answer is served from storage."""
    stored = 0
    for article in ArticlePage.objects.live().filter(pk__in=article_ids):
        try:
            stored += store_article_page(article)
        except Exception as error:  # noqa: BLE001 - the next reader renders it, and sees why
            logger.warning("Could not store the page of article %s: %r", article.pk, error)
    return stored


def store_article_page(article):
    site = article.get_site()
    if site is None:
        return False
    host = site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"
    path = article.url_path[len(site.root_page.url_path) :]
    request = RequestFactory().get("/" + path, HTTP_HOST=host, secure=settings.CANONICAL_HTTPS)
    request.user = AnonymousUser()
    try:
        response = serve(request, path)
    except DisallowedHost:
        # Readers cannot reach this address either (ALLOWED_HOSTS); nothing to store.
        logger.warning("Not storing %s: %s is not in ALLOWED_HOSTS", path, host)
        return False
    if hasattr(response, "render"):
        response.render()
    return response.status_code == 200


def renew_stored_pages(article_ids):
    """For capabilities whose stored data shows on these articles' pages and has changed: the
    stored pages go now and are rendered again once the change is committed."""
    article_ids = list(article_ids)
    if not article_ids:
        return
    rendering.forget(article_ids)
    transaction.on_commit(lambda: store_article_pages.enqueue(article_ids))
