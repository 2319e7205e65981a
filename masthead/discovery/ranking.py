"""Ranked article search in one query per page of results, and the index PostgreSQL ranks from.

Wagtail's database backend keeps its index up to date in the background on publish and
unpublish, and its query compiler scores every match with a correlated subquery, which over
100,000 articles took seconds for a common word. Here:

- SQLite reads Wagtail's own FTS5 table with one joined query ranked by bm25.
- PostgreSQL reads `SearchDocument`, a narrow table of this app (headline and text as one
  weighted tsvector, with the page's path and date), written on publish. Wagtail's index table
  also holds each body's full text, so ranking a word found in a third of the archive read
  most of a 300 MB table. Matches are ranked among the newest `COUNT_UP_TO` of them: the
  planner then either walks the date index newest first until it has enough (common words,
  a few milliseconds) or takes the few matches from the GIN index (rare ones).
- Any other backend (Elasticsearch, OpenSearch, SQLite without FTS5) goes through Wagtail's
  `.search()` unchanged.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from wagtail.search.models import IndexEntry

from masthead.articles.models import ArticlePage, SectionPage

from .models import SearchDocument
from .related import article_text_parts

try:
    from wagtail.search.models import SQLiteFTSIndexEntry
except ImportError:  # pragma: no cover - SQLite built without FTS5
    SQLiteFTSIndexEntry = None

# Matches are counted up to this many ("more than 1,000 found"): counting every match of a
# common word costs as much again as ranking them, and no reader pages that far. On
# PostgreSQL a word found more often is ranked among its newest this many matches: readers of
# news want the recent stories, and ranking every match costs a read of each. (SQLite's bm25
# ranks them all fast enough.)
COUNT_UP_TO = 1000
# How much a match in the headline counts against one in the standfirst or body.
TITLE_WEIGHT = 3.0
# On SQLite, a page of results is first looked for among this many best matches overall.
SQLITE_CANDIDATES = 500


def hidden_section_paths(root):
    """Paths of this front page's sections that are not live. Read from the small section
    table alone: a filter on the page table would scan every article's row."""
    sections = SectionPage.objects.values_list("path", "live")
    return [path for path, live in sections if not live and path.startswith(root.path)]


def uses_database_index():
    backend = settings.WAGTAILSEARCH_BACKENDS.get("default", {}).get("BACKEND", "")
    if not backend.startswith(
        ("wagtail.search.backends.database", "modelsearch.backends.database")
    ):
        return False
    if connection.vendor == "sqlite":
        return SQLiteFTSIndexEntry is not None
    return connection.vendor == "postgresql"


class PageFilter:
    """The publication's live articles, narrowed by section and dates, as SQL: under the front
    page, not under a section that is not live. On SQLite it reads the page table (`p`); on
    PostgreSQL the search documents (`d`), which only live articles have."""

    def __init__(self, publication, wanted, zone):
        root = publication.site.root_page
        self.empty = not root.live
        if connection.vendor == "sqlite":
            # SQLite's planner would otherwise start from an index on one of these columns and
            # probe the full-text index once per page; a unary + keeps it starting from the
            # match.
            path, published = "+p.path", "+p.first_published_at"
            self.clauses = ["+p.live = %s", "+p.content_type_id = %s"]
            self.params = [True, ContentType.objects.get_for_model(ArticlePage).pk]
        else:
            path, published = "d.path", "d.published_at"
            self.clauses, self.params = [], []
        self.clauses.append(f"{path} LIKE %s")
        self.params.append(root.path + "%")
        for hidden in hidden_section_paths(root):
            self.clauses.append(f"{path} NOT LIKE %s")
            self.params.append(hidden + "%")
        if wanted.section:
            self.clauses.append(f"{path} LIKE %s")
            self.params.append(wanted.section.path + "%")
        start, end = wanted.published_between(zone)
        adapt = connection.ops.adapt_datetimefield_value
        if start:
            self.clauses.append(f"{published} >= %s")
            self.params.append(adapt(start))
        if end:
            self.clauses.append(f"{published} <= %s")
            self.params.append(adapt(end))

    def sql(self):
        return " AND ".join(self.clauses)


class RankedArticles:
    """The matching articles, best first, for Django's Paginator: it asks for the count, then
    for one slice. On SQLite each is one query. On PostgreSQL the count's query also ranks the
    newest matches it counted and keeps their ids, so the slice needs no second search."""

    def __init__(self, words, page_filter):
        self.words = words
        self.filter = page_filter
        self.content_type = ContentType.objects.get_for_model(ArticlePage).pk
        self._count = None
        self._ranked_ids = None
        self.more_than = None

    def count(self):
        """How many results there are to page through: the matches, up to COUNT_UP_TO (past
        which `more_than` says so, and the best COUNT_UP_TO are shown)."""
        if self._count is None:
            if self.filter.empty:
                found = 0
            elif connection.vendor == "sqlite":
                found = self._count_matches()
            else:
                self._ranked_ids, found = self._rank_newest()
            self.more_than = f"{COUNT_UP_TO:,}" if found > COUNT_UP_TO else None
            self._count = min(found, COUNT_UP_TO)
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        if self.filter.empty:
            return []
        if connection.vendor == "sqlite":
            ids = self._rank_page(window.start or 0, window.stop)
        else:
            self.count()
            ids = self._ranked_ids[window]
        found = ArticlePage.objects.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]

    # SQLite: Wagtail's FTS5 table, ranked by bm25.

    def _sqlite_match(self):
        return (
            "{title body} : ("
            + " AND ".join('"' + word.replace('"', '""') + '"' for word in self.words)
            + ")"
        )

    def _sqlite_matches(self, fts_source=None):
        """(FROM … WHERE …, parameters) for the matches of this search: from the full-text
        table, or from `fts_source`, a subquery of its rows (`entry`, `score`)."""
        fts = SQLiteFTSIndexEntry._meta.db_table
        entries = IndexEntry._meta.db_table
        if fts_source:
            source, entry, match = f"({fts_source}) best", "best.entry", ""
        else:
            source, entry, match = fts, f"{fts}.rowid", f"{fts} MATCH %s AND "
        return (
            f"FROM {source} JOIN {entries} ie ON ie.id = {entry} "
            "JOIN wagtailcore_page p ON p.id = CAST(ie.object_id AS INTEGER) "
            f"WHERE {match}+ie.content_type_id = %s AND {self.filter.sql()}",
            ([] if fts_source else [self._sqlite_match()])
            + [self.content_type, *self.filter.params],
        )

    def _count_matches(self):
        from_where, params = self._sqlite_matches()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM (SELECT 1 {from_where} LIMIT %s) AS found",
                [*params, COUNT_UP_TO + 1],
            )
            return cursor.fetchone()[0]

    def _rank_page(self, start, stop):
        """One page of the ranking. First from the best SQLITE_CANDIDATES matches over every
        publication, ranked in the full-text table alone (a common word's thousands of matches
        are then joined to the page table a few hundred times, not thousands): when enough of
        them pass this search's filters to fill the page, they are exactly its best. Otherwise,
        the whole ranking."""
        fts = SQLiteFTSIndexEntry._meta.db_table
        # bm25 is lower for better matches; columns are (autocomplete, body, title).
        score = f"bm25({fts}, 0.0, 1.0, {TITLE_WEIGHT})"
        window = [stop - start, start]
        if stop <= SQLITE_CANDIDATES:
            best = (
                f"SELECT rowid AS entry, {score} AS score FROM {fts} WHERE {fts} MATCH %s "
                f"ORDER BY score LIMIT {SQLITE_CANDIDATES}"
            )
            from_where, params = self._sqlite_matches(best)
            ids = self._ids(
                f"SELECT p.id {from_where} ORDER BY best.score, p.first_published_at DESC, "
                "p.id DESC LIMIT %s OFFSET %s",
                [self._sqlite_match(), *params, *window],
            )
            if len(ids) == stop - start:
                return ids
        from_where, params = self._sqlite_matches()
        return self._ids(
            f"SELECT p.id {from_where} ORDER BY {score}, p.first_published_at DESC, p.id DESC "
            "LIMIT %s OFFSET %s",
            [*params, *window],
        )

    @staticmethod
    def _ids(sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    # PostgreSQL: this app's search documents, ranked by ts_rank.

    def _rank_newest(self):
        """(ids best first, count): the newest COUNT_UP_TO + 1 matches are counted and the
        newest COUNT_UP_TO of them ranked. The query's text and configuration go in as
        constants, so that the planner knows how common the words are: it then walks the date
        index until it has enough (common words) or sorts the GIN index's few (rare ones)."""
        documents = SearchDocument._meta.db_table
        query = "plainto_tsquery(%s::regconfig, %s)"
        query_params = [search_config(), " ".join(self.words)]
        # Weights for D, C, B, A: the text is D, the headline A.
        weights = f"'{{{1 / TITLE_WEIGHT:.4f}, 0.2, 0.4, 1.0}}'"
        with connection.cursor() as cursor:
            cursor.execute(
                "WITH m AS MATERIALIZED ("
                "SELECT d.article_id AS id, d.document, "
                "row_number() OVER (ORDER BY d.published_at DESC) AS newest "
                f"FROM {documents} d WHERE d.document @@ {query} AND {self.filter.sql()} "
                "ORDER BY d.published_at DESC LIMIT %s) "
                # Only live articles have documents; the page table has the last word on that.
                "SELECT p.id, m.newest FROM m JOIN wagtailcore_page p ON p.id = m.id "
                f"WHERE p.live ORDER BY ts_rank({weights}, m.document, {query}) DESC, "
                "p.first_published_at DESC, p.id DESC",
                [*query_params, *self.filter.params, COUNT_UP_TO + 1, *query_params],
            )
            rows = cursor.fetchall()
        return [pk for pk, newest in rows if newest <= COUNT_UP_TO], len(rows)


_server_config = None


def search_config():
    """The text search configuration (stemming, stop words) of documents and queries alike:
    the search backend's SEARCH_CONFIG, or the server's default."""
    global _server_config
    if config := settings.WAGTAILSEARCH_BACKENDS["default"].get("SEARCH_CONFIG"):
        return config
    if _server_config is None:
        with connection.cursor() as cursor:
            cursor.execute("SHOW default_text_search_config")
            _server_config = cursor.fetchone()[0]
    return _server_config


def keeps_search_documents():
    return connection.vendor == "postgresql" and uses_database_index()


def _document_sql():
    table = SearchDocument._meta.db_table
    return (
        f"INSERT INTO {table} (article_id, path, published_at, document) "
        "VALUES (%s, %s, %s, "
        "setweight(to_tsvector(%s::regconfig, %s), 'A') || to_tsvector(%s::regconfig, %s)) "
        "ON CONFLICT (article_id) DO UPDATE SET path = EXCLUDED.path, "
        "published_at = EXCLUDED.published_at, document = EXCLUDED.document"
    )


def _document_row(article, config):
    """The headline weighted A; standfirst, body and tags as the rest."""
    parts = article_text_parts(article, "")
    text = " ".join([parts["standfirst"], parts["body"], parts["tags"]])
    published = article.first_published_at or article.last_published_at
    return [article.pk, article.path, published, config, parts["title"], config, text]


def write_search_documents(article_ids):
    """Each article's search document as it now stands: written while it is published, gone
    when it is not. (A section taken down hides its articles' documents by path, in
    PageFilter, so they need no rewriting when it comes back.) A no-op where search does not
    read them."""
    if not keeps_search_documents() or not article_ids:
        return
    live = list(ArticlePage.objects.filter(live=True, pk__in=article_ids))
    config = search_config()
    with transaction.atomic(), connection.cursor() as cursor:
        SearchDocument.objects.filter(pk__in=article_ids).exclude(
            pk__in=[a.pk for a in live]
        ).delete()
        if live:
            cursor.executemany(_document_sql(), [_document_row(a, config) for a in live])


def rebuild_search_documents(chunk=1000):
    """Every live article's search document, from scratch (a new install, a changed search
    configuration)."""
    if not keeps_search_documents():
        return 0
    live = ArticlePage.objects.filter(live=True)
    SearchDocument.objects.exclude(pk__in=live.values("pk")).delete()
    ids = list(live.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        write_search_documents(ids[start : start + chunk])
    return len(ids)
