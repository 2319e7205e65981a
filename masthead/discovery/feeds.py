"""RSS 2.0, Atom and JSON Feed 1.1 of a publication, one of its sections or one of its authors.

Django's syndication framework writes the XML; the generators below add the full story
(`content:encoded` in RSS, `content` in Atom) and JSON Feed. Each item carries the standfirst as
its summary, the whole body as HTML with absolute links, the byline, both honest dates and the
lead image. Responses carry Last-Modified (the newest item) and an ETag, so a reader polling
with If-None-Match or If-Modified-Since gets a 304 (ConditionalGetMiddleware).
"""

import json
import mimetypes
import re

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.template.loader import render_to_string
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed, SyndicationFeed
from django.views.decorators.http import require_GET

from masthead.articles.models import LEAD_IMAGE_SPEC, ArticlePage, Author
from masthead.publications.cache import mark_cacheable
from masthead.publications.chrome import Publication

ITEMS = 30
RELATIVE_LINK = re.compile(r'(\s(?:src|href)=")/(?!/)')


class RssWithContent(Rss201rev2Feed):
    content_type = "application/rss+xml; charset=utf-8"

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content:encoded", item["content_html"])


class AtomWithContent(Atom1Feed):
    content_type = "application/atom+xml; charset=utf-8"

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content_html"], {"type": "html"})


class JsonFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        feed = self.feed
        document = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": feed["description"],
            "language": feed["language"],
            "items": [self._item(item) for item in self.items],
        }
        outfile.write(json.dumps(document, ensure_ascii=False, indent=1))

    @staticmethod
    def _item(item):
        entry = {
            "id": item["unique_id"] or item["link"],
            "url": item["link"],
            "title": item["title"],
            "summary": item["description"],
            "content_html": item["content_html"],
            "date_published": item["pubdate"].isoformat(),
            "authors": item["authors"],
            "tags": list(item["categories"] or ()),
        }
        if item["updateddate"]:
            entry["date_modified"] = item["updateddate"].isoformat()
        if item["image"]:
            entry["image"] = item["image"]
        return entry


FORMATS = {"rss.xml": RssWithContent, "atom.xml": AtomWithContent, "feed.json": JsonFeed}


class ArticleFeed(Feed):
    """Newest live articles of one scope: the publication, a section, or an author."""

    def __init__(self, publication, feed_format, scope=None, slug=None):
        super().__init__()
        self.publication = publication
        self.feed_type = FORMATS[feed_format]
        self.format = feed_format
        self.scope, self.slug = scope, slug
        self.articles = ArticlePage.objects.descendant_of(publication.site.root_page).live()
        self.scope_title = ""
        if scope == "sections":
            section = next((s for s, _url in publication.sections if s.slug == slug), None)
            if section is None:
                raise Http404("No such section")
            self.articles = self.articles.child_of(section)
            self.scope_title, self.scope_url = section.title, publication.url_for(section)
        elif scope == "authors":
            author = Author.objects.filter(publication=publication.site, slug=slug).first()
            if author is None:
                raise Http404("No such author")
            self.articles = self.articles.filter(byline__author=author).distinct()
            self.scope_title, self.scope_url = author.name, f"/authors/{author.slug}/"
        else:
            self.scope_url = "/"
        self.language = publication.settings.language

    def absolute(self, path):
        return self.publication.root_url + path

    def title(self):
        name = self.publication.name
        return f"{name}: {self.scope_title}" if self.scope_title else name

    def link(self):
        return self.absolute(self.scope_url)

    def feed_url(self):
        scope = f"{self.scope}/{self.slug}/" if self.scope else ""
        return self.absolute(f"/feeds/{scope}{self.format}")

    def description(self):
        return self.publication.settings.tagline or f"The latest from {self.publication.name}"

    def items(self):
        return list(
            self.articles.newest_first()
            .select_related("lead_image")
            .prefetch_related("byline__author")[:ITEMS]
        )

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.standfirst

    def item_link(self, article):
        return self.absolute(self.publication.url_for(article))

    def item_pubdate(self, article):
        return article.first_published_at

    def item_updateddate(self, article):
        return article.text_updated_at or article.first_published_at

    def item_author_name(self, article):
        names = [line.author.name for line in article.byline.all()]
        return ", ".join(names) or None

    def item_categories(self, article):
        return [tag["name"] for tag in (article.credits or {}).get("tags", [])]

    def item_enclosures(self, article):
        rendition = self._lead(article)
        if rendition is None:
            return []
        kind = mimetypes.guess_type(rendition.file.name)[0] or "image/jpeg"
        return [Enclosure(self.absolute(rendition.url), str(rendition.file.size), kind)]

    def item_extra_kwargs(self, article):
        rendition = self._lead(article)
        content = render_to_string(
            "discovery/feed_item.html", {"article": article, "lead": rendition}
        )
        return {
            "content_html": RELATIVE_LINK.sub(rf"\1{self.publication.root_url}/", content),
            "image": self.absolute(rendition.url) if rendition else "",
            "authors": [
                {"name": line.author.name, "url": self.absolute(f"/authors/{line.author.slug}/")}
                for line in article.byline.all()
            ],
        }

    @staticmethod
    def _lead(article):
        if not article.lead_image:
            return None
        if not hasattr(article, "_feed_lead"):
            article._feed_lead = article.lead_image.get_rendition(LEAD_IMAGE_SPEC)
        return article._feed_lead


@require_GET
def article_feed(request, feed_format, scope=None, slug=None):
    publication = Publication.for_request(request)
    if publication.site is None or feed_format not in FORMATS:
        raise Http404("No such feed")
    if scope not in (None, "sections", "authors"):
        raise Http404("No such feed")
    response = ArticleFeed(publication, feed_format, scope, slug)(request)
    return mark_cacheable(response, publication.settings)
