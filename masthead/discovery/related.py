"""Related articles by TF-IDF similarity of what readers read, computed in the worker.

Each live article's words are hashed into a fixed-size vocabulary (no fitted state to keep in
step) and stored once as `ArticleTerms`. A worker keeps one publication's vectors in memory as a
term-by-article matrix and, when an article is published, changed or unpublished, scores it
against every other article in one sparse product, then refreshes only the lists it may enter
or leave. Reading a page never computes anything: it reads the stored `RelatedArticle` rows.
"""

import math
import threading
from dataclasses import dataclass, field
from datetime import timedelta

import numpy as np
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer
from wagtail.images import get_image_model
from wagtail.models import Page

from masthead.articles.models import CARD_IMAGE_SPEC, ArticlePage

from .models import ArticleTerms, DiscoverySettings, RelatedArticle, RelatedChoice

N_FEATURES = 2**18
# How much each part of the article counts: the headline and standfirst say what the story is.
WEIGHTS = {"title": 3, "standfirst": 2, "body": 1, "tags": 3, "section": 1}
# Recency: a story a year old keeps 75 % + 25 %/e of its similarity, a fresh one all of it.
RECENCY_SHARE = 0.25
RECENCY_DAYS = 365
# Lists the changed article may enter or leave, scored and refreshed on each publish.
NEIGHBOURS_TO_REFRESH = 12
# Terms of a story that are scored against the archive (see strongest_terms).
QUERY_TERMS = 24
# Changes newer than the index's last look may still be committing: look back this far again.
CLOCK_SLACK = timedelta(seconds=5)

_vectorizer = HashingVectorizer(
    n_features=N_FEATURES,
    alternate_sign=False,
    norm=None,
    stop_words="english",
    dtype=np.float32,
)


def article_text_parts(article, section_title):
    body = " ".join(article.body.stream_block.get_searchable_content(article.body))
    # The names publishing copied onto the article, when it has them: no query.
    credits = article.credits or article.current_credits()
    tags = " ".join(tag["name"] for tag in credits["tags"])
    return {
        "title": article.title,
        "standfirst": article.standfirst,
        "body": body,
        "tags": tags,
        "section": section_title,
    }


def term_counts_many(articles_parts):
    """Weighted, sublinear term frequencies of many articles, one row each, in one pass."""
    total = None
    for name, weight in WEIGHTS.items():
        rows = _vectorizer.transform([parts.get(name, "") for parts in articles_parts]) * weight
        total = rows if total is None else total + rows
    total = total.tocsr().astype(np.float32)
    total.data = 1 + np.log(total.data)
    total.eliminate_zeros()
    return total


def term_counts(parts):
    """The same for one article, as a 1 × N_FEATURES row."""
    return term_counts_many([parts])


def pack(row):
    return row.indices.astype(np.int32).tobytes() + row.data.astype(np.float32).tobytes()


def unpack(blob):
    blob = bytes(blob)
    half = len(blob) // 2
    indices = np.frombuffer(blob[:half], dtype=np.int32)
    data = np.frombuffer(blob[half:], dtype=np.float32)
    return sparse.csr_matrix(
        (data, indices, np.array([0, len(indices)])), shape=(1, N_FEATURES), dtype=np.float32
    )


@dataclass
class RelatedIndex:
    """One publication's live articles as normalised TF-IDF columns, with their dates."""

    site_id: int
    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    published: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float64))
    live: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    # Articles × N_FEATURES, to read one article's vector; and its transpose, so that scoring
    # one article against all touches only the rows of its terms.
    rows: sparse.csr_matrix = None
    columns: sparse.csr_matrix = None
    idf: np.ndarray = None
    position: dict = field(default_factory=dict)
    # When each article's row was last written, as this index read it.
    stamps: dict = field(default_factory=dict)
    seen_until: object = None
    rows_seen: int = 0
    # Articles added or changed since the matrix was built, kept apart until the next compaction.
    pending: dict = field(default_factory=dict)
    _pending_cache: tuple = None

    COMPACT_AFTER = 500

    @classmethod
    def build(cls, site_id):
        index = cls(site_id)
        index._load(ArticleTerms.objects.filter(site_id=site_id))
        return index

    @classmethod
    def from_counts(cls, ids, published, counts):
        """An index of articles held in memory only (the benchmark's labelled set)."""
        index = cls(site_id=None)
        index._set(list(ids), list(published), [True] * len(ids), counts, {})
        return index

    def _load(self, rows):
        ids, published, live, vectors, stamps = [], [], [], [], {}
        for article_id, when, is_live, blob, changed in rows.values_list(
            "article_id", "published_at", "live", "terms", "changed_at"
        ).iterator(chunk_size=2000):
            ids.append(article_id)
            published.append(when.timestamp())
            live.append(is_live)
            vectors.append(unpack(blob))
            stamps[article_id] = changed
        counts = sparse.vstack(vectors, format="csr") if vectors else None
        self._set(ids, published, live, counts, stamps)

    def _set(self, ids, published, live, counts, stamps):
        self.ids = np.array(ids, dtype=np.int64)
        self.published = np.array(published, dtype=np.float64)
        self.live = np.array(live, dtype=bool)
        self.position = {article_id: i for i, article_id in enumerate(ids)}
        self.stamps = stamps
        # An empty index has seen everything up to now: a first row is read by the window.
        self.seen_until = max(stamps.values()) if stamps else timezone.now() - CLOCK_SLACK
        self.rows_seen = len(ids)
        self.pending = {}
        self._pending_cache = None
        self._fit(counts)

    def _fit(self, counts):
        """IDF from the live articles, then every article's normalised TF-IDF vector."""
        if counts is None or counts.shape[0] == 0:
            self.idf = np.ones(N_FEATURES, dtype=np.float32)
            self.rows = sparse.csr_matrix((0, N_FEATURES), dtype=np.float32)
            self.columns = self.rows.T.tocsr()
            return
        live_counts = counts[self.live]
        document_frequency = np.bincount(live_counts.indices, minlength=N_FEATURES)
        n = max(live_counts.shape[0], 1)
        self.idf = (np.log((1 + n) / (1 + document_frequency)) + 1).astype(np.float32)
        weighted = counts @ sparse.diags(self.idf)
        norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
        norms[norms == 0] = 1
        self.rows = (sparse.diags(1 / norms) @ weighted).tocsr().astype(np.float32)
        self.columns = self.rows.T.tocsr()

    def vector(self, counts):
        weighted = counts.multiply(self.idf).tocsr()
        norm = math.sqrt(weighted.multiply(weighted).sum()) or 1.0
        return weighted / norm

    def refresh(self):
        """Take in what other processes wrote since the last look; reload when rows vanished
        (a deleted article or publication), since then positions no longer hold. Rows are
        re-read from a little before the last look, in case one committed late."""
        rows = ArticleTerms.objects.filter(site_id=self.site_id)
        if self.seen_until is None:
            self._load(rows)
            return
        recent = rows.filter(changed_at__gte=self.seen_until - CLOCK_SLACK).values_list(
            "article_id", "changed_at"
        )
        fresh = [pk for pk, stamp in recent if self.stamps.get(pk) != stamp]
        if fresh:
            for article_id, when, is_live, blob, stamp in rows.filter(
                article_id__in=fresh
            ).values_list("article_id", "published_at", "live", "terms", "changed_at"):
                self.put(article_id, when.timestamp(), is_live, unpack(blob), stamp)
        if rows.count() != self.rows_seen or len(self.pending) > self.COMPACT_AFTER:
            self._load(rows)

    def put(self, article_id, published, live, counts, stamp=None):
        if article_id not in self.position and article_id not in self.pending:
            self.rows_seen += 1
        self.pending[article_id] = (published, live, self.vector(counts))
        self._pending_cache = None
        if article_id in self.position:
            self.live[self.position[article_id]] = False  # superseded by the pending copy
        if stamp is not None:
            self.stamps[article_id] = stamp
            self.seen_until = max(self.seen_until, stamp)

    def scores(self, query):
        """Cosine similarity of `query` (a normalised row) to every article, as {id: score} of
        live ones, base matrix first, then pending articles."""
        ids, published, values = [], [], []
        if self.columns.shape[1]:
            dense = np.asarray((query @ self.columns).todense()).ravel()
            mask = self.live & (dense > 0)
            ids.append(self.ids[mask])
            published.append(self.published[mask])
            values.append(dense[mask])
        if self.pending:
            pending_ids, pending_published, pending_rows = self._pending_matrix()
            similarity = np.asarray((pending_rows @ query.T).todense()).ravel()
            ids.append(pending_ids)
            published.append(pending_published)
            values.append(similarity)
        if not ids:
            return np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0)
        return np.concatenate(ids), np.concatenate(published), np.concatenate(values)

    def _pending_matrix(self):
        """The live pending articles as one small matrix, rebuilt only after a change."""
        if self._pending_cache is None:
            live = [
                (pk, when, vector)
                for pk, (when, is_live, vector) in self.pending.items()
                if is_live
            ]
            self._pending_cache = (
                np.array([pk for pk, _, _ in live], dtype=np.int64),
                np.array([when for _, when, _ in live], dtype=np.float64),
                sparse.vstack([vector for _, _, vector in live], format="csr")
                if live
                else sparse.csr_matrix((0, N_FEATURES), dtype=np.float32),
            )
        return self._pending_cache

    def published_of(self, article_id):
        if article_id in self.pending:
            return self.pending[article_id][0]
        return float(self.published[self.position[article_id]])

    def vector_of(self, article_id):
        if article_id in self.pending:
            return self.pending[article_id][2]
        where = self.position.get(article_id)
        if where is None:
            return None
        return self.rows[where]

    def ranked(self, article_id, *, count, max_age_days, now=None, favour_recent=True):
        """The `count` most similar live articles to one article, as [(id, score)], with
        recency favoured and stories past the publication's age limit left out."""
        query = self.vector_of(article_id)
        if query is None:
            return []
        ids, published, similarity = self.scores(strongest_terms(query))
        now = (now or timezone.now()).timestamp()
        keep = ids != article_id
        if max_age_days:
            keep &= published >= now - max_age_days * 86400
        ids, published, similarity = ids[keep], published[keep], similarity[keep]
        age_days = np.maximum(now - published, 0) / 86400
        score = similarity * recency(age_days) if favour_recent else similarity
        if len(score) > count:
            top = np.argpartition(-score, count)[:count]
        else:
            top = np.arange(len(score))
        top = top[np.argsort(-score[top], kind="stable")]
        return [(int(ids[i]), float(score[i])) for i in top]


def strongest_terms(vector, keep=None):
    """The query with only its heaviest terms: they carry nearly all of the cosine, and every
    term dropped is a row of the matrix not read (a common word's row spans the archive)."""
    keep = keep or QUERY_TERMS
    if vector.nnz <= keep:
        return vector
    top = np.argpartition(-vector.data, keep)[:keep]
    return sparse.csr_matrix(
        (vector.data[top], vector.indices[top], np.array([0, keep])), shape=vector.shape
    )


_indexes = {}
_lock = threading.Lock()


def index_for(site_id):
    """This process's index of one publication, brought up to date with the database."""
    with _lock:
        index = _indexes.get(site_id)
        if index is None:
            index = _indexes[site_id] = RelatedIndex.build(site_id)
        else:
            index.refresh()
        return index


def forget_indexes(site_id=None):
    with _lock:
        if site_id is None:
            _indexes.clear()
        else:
            _indexes.pop(site_id, None)


# Storing what was read and writing the lists.


def record_terms(article, site, section_title, live=True):
    """Store the article's words (or its absence from readers' view) for every worker."""
    counts = term_counts(article_text_parts(article, section_title))
    ArticleTerms.objects.update_or_create(
        article_id=article.pk,
        defaults={
            "site": site,
            "live": live,
            "published_at": article.first_published_at or timezone.now(),
            "terms": pack(counts),
            "changed_at": timezone.now(),
        },
    )
    return counts


def list_settings(site):
    settings = DiscoverySettings.for_site(site)
    return settings.related_count, settings.related_max_age_days


def write_lists(index, article_ids, *, count, max_age_days):
    """Compute and store the lists of these articles: editors' pins first (while the pinned
    story is live in the same publication), exclusions left out. A fixed number of queries
    however many lists are written."""
    article_ids = list(article_ids)
    choices = {}
    for article_id, related_id, kind in (
        RelatedChoice.objects.filter(article_id__in=article_ids)
        .order_by("sort_order")
        .values_list("article_id", "related_id", "kind")
    ):
        choices.setdefault(article_id, []).append((related_id, kind))
    pinned_anywhere = {r for picks in choices.values() for r, k in picks if k == "pin"}
    allowed = set()
    if pinned_anywhere:
        allowed = set(
            ArticlePage.objects.live()
            .filter(pk__in=pinned_anywhere, path__startswith=_root_path(index.site_id))
            .values_list("pk", flat=True)
        )
    rows = []
    for article_id in article_ids:
        picks = choices.get(article_id, [])
        pinned = [r for r, k in picks if k == "pin" and r in allowed and r != article_id]
        excluded = {r for r, k in picks if k == "exclude"}
        ranked = index.ranked(
            article_id, count=count + len(pinned) + len(excluded), max_age_days=max_age_days
        )
        items = [(pk, None) for pk in pinned[:count]]
        items += [(pk, score) for pk, score in ranked if pk not in excluded and pk not in pinned]
        rows += [
            RelatedArticle(article_id=article_id, related_id=pk, rank=rank, score=score)
            for rank, (pk, score) in enumerate(items[:count])
        ]
    cards = card_data({row.related_id for row in rows})
    for row in rows:
        row.card = cards.get(row.related_id, {})
    with transaction.atomic():
        RelatedArticle.objects.filter(article_id__in=article_ids).delete()
        RelatedArticle.objects.bulk_create(rows, batch_size=2000)
    return rows


def card_data(article_ids):
    """What a related card shows of each article, with its picture's rendition (made here, in
    the worker, if it is missing)."""
    images = get_image_model().objects.prefetch_renditions(CARD_IMAGE_SPEC)
    articles = (
        ArticlePage.objects.filter(pk__in=article_ids)
        .only(
            "title",
            "url_path",
            "standfirst",
            "type_of_work",
            "first_published_at",
            "lead_image_alt_text",
            "lead_image",
        )
        .prefetch_related(Prefetch("lead_image", queryset=images))
    )
    cards = {}
    for article in articles:
        card = {
            "title": article.title,
            # Within its own site: the url_path less the front page's own segment.
            "url": "/" + article.url_path.split("/", 2)[2],
            "standfirst": article.standfirst,
            # A sponsored story is never listed without its label.
            "type_of_work": article.type_of_work,
            "label": article.type_of_work_label,
            "published": article.first_published_at.isoformat()
            if article.first_published_at
            else None,
        }
        if article.lead_image:
            rendition = article.lead_image.get_rendition(CARD_IMAGE_SPEC)
            card["image"] = {
                "url": rendition.url,
                "width": rendition.width,
                "height": rendition.height,
                "alt": article.lead_image_alt_text,
            }
        cards[article.pk] = card
    return cards


def _root_path(site_id):
    from wagtail.models import Site

    return Site.objects.select_related("root_page").get(pk=site_id).root_page.path


def recency(age_days):
    return 1 - RECENCY_SHARE + RECENCY_SHARE * np.exp(-np.asarray(age_days) / RECENCY_DAYS)


def enter_neighbours_lists(index, article_id, *, count, max_age_days, skip=()):
    """The changed article enters the lists of its nearest neighbours where it beats their
    weakest item or they are short: merged into each stored list, not ranked again, so the
    cost does not grow with the archive. Returns the lists changed."""
    published = index.published_of(article_id)
    age_days = max(timezone.now().timestamp() - published, 0) / 86400
    if max_age_days and age_days > max_age_days:
        return []
    factor = float(recency(age_days))
    neighbours = {
        pk: similarity * factor
        for pk, similarity in index.ranked(
            article_id, count=NEIGHBOURS_TO_REFRESH, max_age_days=0, favour_recent=False
        )
        if pk not in skip
    }
    if not neighbours:
        return []
    stored = {}
    for row in RelatedArticle.objects.filter(article_id__in=neighbours).order_by("rank"):
        stored.setdefault(row.article_id, []).append(row)
    excluded = set(
        RelatedChoice.objects.filter(
            article_id__in=neighbours, related_id=article_id, kind=RelatedChoice.Kind.EXCLUDE
        ).values_list("article_id", flat=True)
    )
    card = None
    changed, rows = [], []
    for pk, score in neighbours.items():
        items = stored.get(pk, [])
        weakest = min((row.score for row in items if row.score is not None), default=None)
        if pk in excluded or (len(items) >= count and (weakest is None or score <= weakest)):
            continue
        card = card or card_data([article_id]).get(article_id, {})
        pinned = [row for row in items if row.score is None]
        ranked = sorted(
            [row for row in items if row.score is not None]
            + [RelatedArticle(article_id=pk, related_id=article_id, score=score, card=card)],
            key=lambda row: -row.score,
        )
        for rank, row in enumerate((pinned + ranked)[:count]):
            rows.append(
                RelatedArticle(
                    article_id=pk,
                    related_id=row.related_id,
                    rank=rank,
                    score=row.score,
                    card=row.card,
                )
            )
        changed.append(pk)
    if changed:
        with transaction.atomic():
            RelatedArticle.objects.filter(article_id__in=changed).delete()
            RelatedArticle.objects.bulk_create(rows)
    return changed


def update_article(article_id):
    """The whole job when one article is published, changed or unpublished: store its words,
    rewrite its own list and every list that shows it, then let it enter its nearest
    neighbours' lists. Returns the lists written."""
    article = ArticlePage.objects.filter(pk=article_id).first()
    if article is None:
        return []
    site = article.get_site()
    if site is None:
        return []
    live = ArticlePage.objects.live().filter(pk=article_id).exists()
    section = article.get_parent()
    record_terms(article, site, section.title if section else "", live=live)
    # One publication's lists are written by one worker at a time: two merging stories into
    # the same neighbour's list at once would each write back the list without the other's.
    with transaction.atomic():
        settings = lock_publication(site)
        count, max_age_days = settings.related_count, settings.related_max_age_days
        index = index_for(site.pk)
        showing = set(
            RelatedArticle.objects.filter(related_id=article_id).values_list(
                "article_id", flat=True
            )
        )
        showing.discard(article_id)
        if not live:
            RelatedArticle.objects.filter(article_id=article_id).delete()
            write_lists(index, showing, count=count, max_age_days=max_age_days)
            return list(showing)
        # Lists that show it are ranked again (its words or date may have changed); the rest
        # of its neighbourhood takes it in by merging.
        write_lists(index, [article_id, *showing], count=count, max_age_days=max_age_days)
        entered = enter_neighbours_lists(
            index, article_id, count=count, max_age_days=max_age_days, skip={article_id, *showing}
        )
    return [article_id, *showing, *entered]


def lock_publication(site):
    """The publication's related-list settings, locked until the transaction ends."""
    DiscoverySettings.for_site(site)  # creates the row the first time
    return DiscoverySettings.objects.select_for_update().get(site=site)


REBUILD_CHUNK = 1000


def rebuild_publication(site):
    """Every live article's words and list, from scratch (settings changed, a new install)."""
    live = ArticlePage.objects.live().descendant_of(site.root_page).order_by("pk")
    sections = {
        page.path: page.title
        for page in Page.objects.child_of(site.root_page).only("title", "path")
    }
    live_ids = []
    now = timezone.now()
    batch = []

    def store(batch):
        counts = term_counts_many([parts for _article, parts in batch])
        rows = [
            ArticleTerms(
                article_id=article.pk,
                site=site,
                live=True,
                published_at=article.first_published_at or now,
                terms=pack(counts[i]),
                changed_at=now,
            )
            for i, (article, _parts) in enumerate(batch)
        ]
        with transaction.atomic():
            ArticleTerms.objects.filter(article_id__in=[row.article_id for row in rows]).delete()
            ArticleTerms.objects.bulk_create(rows)

    for article in live.iterator(chunk_size=REBUILD_CHUNK):
        section_title = sections.get(article.path[: -article.steplen], "")
        batch.append((article, article_text_parts(article, section_title)))
        live_ids.append(article.pk)
        if len(batch) == REBUILD_CHUNK:
            store(batch)
            batch = []
    if batch:
        store(batch)
    # Rows this rebuild did not write are of articles no longer live.
    ArticleTerms.objects.filter(site=site, changed_at__lt=now).update(
        live=False, changed_at=timezone.now()
    )
    forget_indexes(site.pk)
    index = index_for(site.pk)
    count, max_age_days = list_settings(site)
    RelatedArticle.objects.filter(article__path__startswith=site.root_page.path).exclude(
        article_id__in=live.values("pk")
    ).delete()
    for start in range(0, len(live_ids), REBUILD_CHUNK):
        chunk = live_ids[start : start + REBUILD_CHUNK]
        write_lists(index, chunk, count=count, max_age_days=max_age_days)
    return live_ids
