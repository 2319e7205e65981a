from django.conf import settings
from django.tasks import task
from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache
from wagtail.models import Site

from masthead.articles.models import ArticlePage
from masthead.articles.tasks import renew_stored_pages
from masthead.publications.cache import invalidate_pages

from . import ranking, related


@task()
def update_related(article_id):
    """An article was published, changed or unpublished: its list and the lists it may enter
    or leave are rewritten, and the pages that show them are retired from the caches."""
    changed = related.update_article(article_id)
    _retire_pages(changed)
    return len(changed)


@task()
def rebuild_related(site_id):
    """Every related list of one publication, from scratch (its settings changed)."""
    site = Site.objects.filter(pk=site_id).select_related("root_page").first()
    if site is None:
        return 0
    changed = related.rebuild_publication(site)
    _retire_pages(changed)
    return len(changed)


def _retire_pages(article_ids):
    if not article_ids:
        return
    invalidate_pages()
    renew_stored_pages(article_ids)
    if settings.WAGTAILFRONTENDCACHE:
        purge_pages_from_cache(ArticlePage.objects.live().filter(pk__in=article_ids))


@task()
def update_search_documents(article_ids):
    """Articles were published, changed or moved: what PostgreSQL's search reads of them."""
    ranking.write_search_documents(article_ids)
