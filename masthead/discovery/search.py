"""Site search: a publication's own live articles, ranked by Wagtail's search backend.

The database backend is the default (SQLite FTS5 here, PostgreSQL full-text search in
production); Elasticsearch or OpenSearch take over through WAGTAILSEARCH_BACKENDS for very large
archives. The index is updated by Wagtail's own background task when a page is published or
unpublished. Whatever a reader types, the page answers normally: the words are taken out of the
query and anything else (quotes, operators, NUL, 3,000 characters) is set aside with a message.
"""

import datetime
import html
import re
from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from masthead.articles.models import ArticlePage
from masthead.publications.cache import mark_cacheable
from masthead.publications.chrome import Publication

from . import ranking

RESULTS_PER_PAGE = 10
MAX_QUERY_CHARACTERS = 200
MAX_QUERY_WORDS = 12
WORD = re.compile(r"\w+", re.UNICODE)
EXCERPT_WORDS = 30


class SearchRequest:
    """What the reader asked for, cleaned, with the messages to show about it."""

    def __init__(self, params, sections):
        self.messages = []
        raw = params.get("q", "")
        if len(raw) > MAX_QUERY_CHARACTERS:
            self.messages.append(
                f"Your search was long; only its first {MAX_QUERY_CHARACTERS} characters were used."
            )
            raw = raw[:MAX_QUERY_CHARACTERS]
        words = WORD.findall(raw.replace("\x00", " "))
        if len(words) > MAX_QUERY_WORDS:
            self.messages.append(f"Only the first {MAX_QUERY_WORDS} words were searched for.")
            words = words[:MAX_QUERY_WORDS]
        self.words = words
        self.query = " ".join(words)
        self.typed = raw.replace("\x00", "").strip()
        if self.typed and not words:
            self.messages.append("Search for words or numbers: punctuation alone finds nothing.")
        self.section = next(
            (section for section, _url in sections if section.slug == params.get("section")),
            None,
        )
        self.date_from = self._date(params, "from", "start date")
        self.date_to = self._date(params, "to", "end date")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            self.messages.append("The start date is after the end date: the dates were swapped.")
            self.date_from, self.date_to = self.date_to, self.date_from

    def _date(self, params, name, label):
        value = params.get(name, "").strip()
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.messages.append(f"The {label} was not a date (YYYY-MM-DD) and was not used.")
            return None

    def published_between(self, zone):
        """The date range as instants: from the first moment of the start day to the last of
        the end day, in the publication's zone (None where a bound was not given)."""
        start = self.date_from and datetime.datetime.combine(
            self.date_from, datetime.time.min, zone
        )
        end = self.date_to and datetime.datetime.combine(self.date_to, datetime.time.max, zone)
        return start, end

    def query_string(self):
        params = {
            "q": self.query,
            "section": self.section.slug if self.section else "",
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
        }
        return urlencode({k: v for k, v in params.items() if v})


def searchable_articles(publication, wanted, zone):
    """The publication's live articles, narrowed by section and dates, as a search backend can
    filter them: the backends take field lookups, not the subqueries `live()` uses, so articles
    of sections that are not live are left out by path."""
    root = publication.site.root_page
    articles = ArticlePage.objects.filter(live=True, path__startswith=root.path)
    if not root.live:
        return articles.none()
    for path in ranking.hidden_section_paths(root):
        articles = articles.exclude(path__startswith=path)
    if wanted.section:
        articles = articles.filter(path__startswith=wanted.section.path)
    start, end = wanted.published_between(zone)
    if start:
        articles = articles.filter(first_published_at__gte=start)
    if end:
        articles = articles.filter(first_published_at__lte=end)
    return articles


def highlight(text, words):
    """The text, escaped, with each searched word marked."""
    if not words:
        return escape(text)
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")", re.IGNORECASE)
    return mark_safe(pattern.sub(r"<mark>\1</mark>", escape(text)))  # noqa: S308 (escaped above)


def excerpt(article, words):
    """Some thirty words of the body around the first match, or its opening."""
    text = " ".join(article.body.stream_block.get_searchable_content(article.body))
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    body_words = text.split()
    lowered = [w.lower() for w in body_words]
    start = 0
    for i, word in enumerate(lowered):
        if any(word.startswith(w.lower()) for w in words):
            start = max(i - 8, 0)
            break
    part = body_words[start : start + EXCERPT_WORDS]
    prefix = "… " if start else ""
    suffix = " …" if start + EXCERPT_WORDS < len(body_words) else ""
    return prefix + " ".join(part) + suffix


@require_GET
def search(request):
    publication = Publication.for_request_or_404(request)
    wanted = SearchRequest(request.GET, publication.sections)
    results = None
    if wanted.query:
        zone = publication.settings.zone
        if ranking.uses_database_index():
            found = ranking.RankedArticles(
                wanted.words, ranking.PageFilter(publication, wanted, zone)
            )
        else:
            articles = searchable_articles(publication, wanted, zone)
            found = articles.search(wanted.query, operator="and")
        paginator = Paginator(found, RESULTS_PER_PAGE)
        try:
            results = paginator.page(request.GET.get("page", 1))
        except (EmptyPage, PageNotAnInteger):
            results = paginator.page(1)
        for article in results:
            article.marked_title = highlight(article.title, wanted.words)
            article.marked_standfirst = highlight(article.standfirst, wanted.words)
            article.marked_excerpt = highlight(excerpt(article, wanted.words), wanted.words)
            article.address = publication.url_for(article)
    elif not wanted.messages and "q" in request.GET:
        wanted.messages.append("Type a word or two to search for.")
    response = TemplateResponse(
        request,
        "discovery/search_page.html",
        {
            "wanted": wanted,
            "results": results,
            "search_sections": publication.sections,
        },
    )
    response.render()
    return mark_cacheable(response, publication.settings)
