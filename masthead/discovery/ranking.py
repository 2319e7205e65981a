"""Ranked article search over Wagtail's own search index, in one query per page of results.

Wagtail's database backend keeps the index (an FTS5 table on SQLite, tsvector columns on
PostgreSQL) up to date in the background on publish and unpublish. Its query compiler, though,
scores every match with a correlated subquery, which grows with the number of matches: over
100,000 articles a common word took seconds. Here the same index is read with one joined query
that ranks in the engine (FTS5's bm25, PostgreSQL's ts_rank), filtered by publication, section
and dates on the page table, and paged with LIMIT. Any other backend (Elasticsearch,
OpenSearch, or SQLite without FTS5) goes through Wagtail's `.search()` unchanged.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.search.models import IndexEntry

from masthead.articles.models import ArticlePage, SectionPage

try:
    from wagtail.search.models import SQLiteFTSIndexEntry
except ImportError:  # pragma: no cover - SQLite built without FTS5
    SQLiteFTSIndexEntry = None

# Matches are counted up to this many ("more than 1,000 found"): counting every match of a
# common word costs as much again as ranking them, and no reader pages that far.
COUNT_UP_TO = 1000
# How much a match in the headline counts against one in the standfirst or body.
TITLE_WEIGHT = 3.0


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
    """The publication's live articles, narrowed by section and dates, as SQL on the page
    table: under the front page, not under a section that is not live."""

    def __init__(self, publication, wanted, zone):
        root = publication.site.root_page
        self.empty = not root.live
        # SQLite's planner would otherwise start from an index on one of these columns and
        # probe the full-text index once per page; a unary + keeps it starting from the match.
        p = "+p" if connection.vendor == "sqlite" else "p"
        self.clauses = [f"{p}.live = %s", f"{p}.path LIKE %s", f"{p}.content_type_id = %s"]
        self.params = [True, root.path + "%", ContentType.objects.get_for_model(ArticlePage).pk]
        for path in hidden_section_paths(root):
            self.clauses.append(f"{p}.path NOT LIKE %s")
            self.params.append(path + "%")
        if wanted.section:
            self.clauses.append(f"{p}.path LIKE %s")
            self.params.append(wanted.section.path + "%")
        start, end = wanted.published_between(zone)
        adapt = connection.ops.adapt_datetimefield_value
        if start:
            self.clauses.append(f"{p}.first_published_at >= %s")
            self.params.append(adapt(start))
        if end:
            self.clauses.append(f"{p}.first_published_at <= %s")
            self.params.append(adapt(end))

    def sql(self):
        return " AND ".join(self.clauses)


class RankedArticles:
    """The matching articles, best first, for Django's Paginator: it asks for the count, then
    for one slice, and each is one query."""

    def __init__(self, words, page_filter):
        self.words = words
        self.filter = page_filter
        self.content_type = ContentType.objects.get_for_model(ArticlePage).pk
        self._count = None
        self.more_than = None

    def _query(self):
        """(WITH prefix, FROM … WHERE …, parameters) for the matches of this search."""
        entries = IndexEntry._meta.db_table
        if connection.vendor == "sqlite":
            fts = SQLiteFTSIndexEntry._meta.db_table
            match = (
                "{title body} : ("
                + " AND ".join('"' + word.replace('"', '""') + '"' for word in self.words)
                + ")"
            )
            return (
                "",
                f"FROM {fts} JOIN {entries} ie ON ie.id = {fts}.rowid "
                "JOIN wagtailcore_page p ON p.id = CAST(ie.object_id AS INTEGER) "
                f"WHERE {fts} MATCH %s AND +ie.content_type_id = %s AND {self.filter.sql()}",
                [match, self.content_type, *self.filter.params],
            )
        config = settings.WAGTAILSEARCH_BACKENDS["default"].get("SEARCH_CONFIG")
        query = "plainto_tsquery(%s::regconfig, %s)" if config else "plainto_tsquery(%s)"
        query_params = [config, " ".join(self.words)] if config else [" ".join(self.words)]
        # The matches first, always from the full-text indexes: with stale statistics the
        # planner may otherwise walk the pages and test each against the query.
        return (
            "WITH m AS MATERIALIZED ("
            "SELECT CAST(ie.object_id AS INTEGER) AS id, ie.title, ie.body, ie.title_norm, q.q "
            f"FROM {entries} ie CROSS JOIN {query} q "
            "WHERE ie.content_type_id = %s AND (ie.title @@ q.q OR ie.body @@ q.q)) ",
            f"FROM m JOIN wagtailcore_page p ON p.id = m.id WHERE {self.filter.sql()}",
            [*query_params, self.content_type, *self.filter.params],
        )

    def _rank(self):
        if connection.vendor == "sqlite":
            table = SQLiteFTSIndexEntry._meta.db_table
            # bm25 is lower for better matches; columns are (autocomplete, body, title).
            return f"bm25({table}, 0.0, 1.0, {TITLE_WEIGHT}) ASC"
        return (
            f"(ts_rank(m.title, m.q) * m.title_norm * {TITLE_WEIGHT} + ts_rank(m.body, m.q)) DESC"
        )

    def count(self):
        if self._count is None:
            if self.filter.empty:
                self._count = 0
                return 0
            else:
                prefix, from_where, params = self._query()
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"{prefix}SELECT COUNT(*) FROM (SELECT 1 {from_where} LIMIT %s) AS found",
                        [*params, COUNT_UP_TO + 1],
                    )
                    self._count = cursor.fetchone()[0]
                self.more_than = f"{COUNT_UP_TO:,}" if self._count > COUNT_UP_TO else None
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        if self.filter.empty:
            return []
        start = window.start or 0
        prefix, from_where, params = self._query()
        with connection.cursor() as cursor:
            cursor.execute(
                f"{prefix}SELECT p.id {from_where} ORDER BY {self._rank()}, p.first_published_at DESC "
                "LIMIT %s OFFSET %s",
                [*params, window.stop - start, start],
            )
            ids = [row[0] for row in cursor.fetchall()]
        found = ArticlePage.objects.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]
