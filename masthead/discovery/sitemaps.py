"""The XML sitemap (an index of pages once past 50,000 addresses), the Google News sitemap and
robots.txt that points crawlers at both."""

from datetime import timedelta

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import views as wagtail_sitemaps

from masthead.articles.models import ArticlePage
from masthead.publications.cache import mark_cacheable
from masthead.publications.chrome import Publication
from masthead.publications.sitemaps import PublicationSitemap

NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000  # Google News reads at most 1,000 addresses per sitemap
SITEMAPS = {"pages": PublicationSitemap}


@require_GET
def sitemap(request):
    """One urlset while it fits in a file (50,000 addresses); past that, an index of pages."""
    publication = Publication.for_request_or_404(request)
    if PublicationSitemap(request).paginator.num_pages > 1:
        response = wagtail_sitemaps.index(request, SITEMAPS, sitemap_url_name="sitemap_section")
    else:
        response = wagtail_sitemaps.sitemap(request, SITEMAPS)
    response.render()
    return mark_cacheable(response, publication.settings)


@require_GET
def sitemap_section(request, section):
    publication = Publication.for_request_or_404(request)
    response = wagtail_sitemaps.sitemap(request, SITEMAPS, section=section)
    response.render()
    return mark_cacheable(response, publication.settings)


@require_GET
def news_sitemap(request):
    """Articles of the last 48 hours, newest first, for Google News."""
    publication = Publication.for_request_or_404(request)
    since = timezone.now() - NEWS_WINDOW
    articles = (
        ArticlePage.objects.descendant_of(publication.site.root_page)
        .live()
        .filter(first_published_at__gte=since)
        .newest_first()
        .only("title", "url_path", "first_published_at")[:NEWS_LIMIT]
    )
    items = [
        {
            "loc": publication.root_url + publication.url_for(article),
            "published": article.first_published_at,
            "title": article.title,
        }
        for article in articles
    ]
    # Google News wants ISO 639 codes: "en", not "en-gb" (Chinese keeps its script).
    language = publication.settings.language.lower()
    if not language.startswith("zh"):
        language = language.split("-")[0]
    body = render_to_string(
        "discovery/news_sitemap.xml",
        {"items": items, "name": publication.name, "language": language},
    )
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    return mark_cacheable(response, publication.settings)


@require_GET
def robots_txt(request):
    """Crawlers may read everything but the admin, and learn where the sitemaps are."""
    publication = Publication.for_request(request)
    lines = ["User-agent: *", "Disallow: /admin/", "Allow: /"]
    if publication.site:
        lines.append(f"Sitemap: {publication.root_url}/sitemap.xml")
        lines.append(f"Sitemap: {publication.root_url}/news-sitemap.xml")
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    if publication.site:
        mark_cacheable(response, publication.settings)
    return response
