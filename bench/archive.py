"""A synthetic archive for the discovery benchmarks: one publication with N live articles.

Pages are written in bulk (rows for Wagtail's page table and the article table, with tree paths
computed here) because creating 100,000 pages one by one through Wagtail would take hours; the
articles are the labelled corpus's real-looking stories, so search and similarity see text
shaped like news. Runs inside a configured Django process.
"""

import datetime
import json
import random
import time
import uuid

from django.db import connection, transaction
from django.utils import timezone

CHUNK = 2000
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def tree_step(number, steplen=4):
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(steplen, "0")


def build_archive(count, *, hostname="daily.example.org", seed=1, days=730, progress=print):
    """Creates the publication, two sections and `count` live articles spread over `days`;
    returns (site, seconds)."""
    from masthead.articles.tests.factories import make_publication, make_section
    from masthead.discovery.corpus import labelled_stories

    started = time.perf_counter()
    site = make_publication("The Daily Meridian", hostname)
    sections = [make_section(site, "Local"), make_section(site, "Region")]
    add_articles(
        sections, labelled_stories(count, seed=seed), seed=seed, days=days, progress=progress
    )
    return site, time.perf_counter() - started


def add_articles(sections, stories, *, seed=1, days=730, first_number=0, progress=print):
    """Writes live articles for these stories under the sections, in bulk; returns their ids."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Locale, Page

    from masthead.articles.models import ArticlePage

    content_type = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()
    rng = random.Random(seed + first_number)
    now = timezone.now()
    table = ArticlePage._meta.db_table
    quoted = connection.ops.quote_name
    columns = [
        "page_ptr_id",
        "standfirst",
        "lead_image_alt_text",
        "lead_image_caption",
        "lead_image_credit",
        "body",
        "published_text_fingerprint",
        "credits",
        "type_of_work",
        "first_published_by",
        "original_url",
        "syndicated",
    ]
    insert = (
        f"INSERT INTO {quoted(table)} ({', '.join(quoted(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    children = {s.pk: Page.objects.get(pk=s.pk).numchild for s in sections}
    ids = []
    for start in range(0, len(stories), CHUNK):
        pages, extras = [], []
        for offset, story in enumerate(stories[start : start + CHUNK]):
            number = first_number + start + offset
            section = sections[number % len(sections)]
            children[section.pk] += 1
            slug = f"story-{number}"
            published = now - datetime.timedelta(seconds=rng.uniform(0, days * 86400))
            pages.append(
                Page(
                    title=story.title,
                    draft_title=story.title,
                    slug=slug,
                    path=section.path + tree_step(children[section.pk]),
                    depth=section.depth + 1,
                    url_path=f"{section.url_path}{slug}/",
                    content_type=content_type,
                    locale=locale,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=published,
                    last_published_at=published,
                    translation_key=uuid.uuid4(),
                    seo_title="",
                    search_description="",
                )
            )
            body = [
                {"type": "paragraph", "value": f"<p>{text}</p>", "id": str(uuid.uuid4())}
                for text in story.paragraphs
            ]
            credits = {"byline": [], "tags": [{"name": t, "slug": t.lower()} for t in story.tags]}
            extras.append((story.standfirst, json.dumps(body), json.dumps(credits)))
        with transaction.atomic():
            created = Page.objects.bulk_create(pages)
            with connection.cursor() as cursor:
                cursor.executemany(
                    insert,
                    [
                        (page.pk, standfirst, "", "", "", body, "", credits, "news", "", "", False)
                        for page, (standfirst, body, credits) in zip(created, extras, strict=True)
                    ],
                )
        ids += [page.pk for page in created]
        if progress and (start // CHUNK) % 10 == 0:
            progress(f"  archive: {start + len(pages):,} of {len(stories):,} articles written")
    for section in sections:
        Page.objects.filter(pk=section.pk).update(numchild=children[section.pk])
    return ids


def index_for_search(site, progress=print):
    """Adds every article of the archive to the search backend's index, in chunks."""
    from wagtail.search.backends import get_search_backend

    from masthead.articles.models import ArticlePage
    from masthead.discovery.ranking import rebuild_search_documents

    backend = get_search_backend()
    started = time.perf_counter()
    articles = ArticlePage.objects.descendant_of(site.root_page).order_by("pk")
    ids = list(articles.values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = list(ArticlePage.objects.filter(pk__in=ids[start : start + CHUNK]))
        backend.add_bulk(ArticlePage, chunk)
        if progress and (start // CHUNK) % 10 == 0:
            progress(f"  search index: {start + len(chunk):,} of {len(ids):,} articles")
    # PostgreSQL's search reads documents of its own, written on publish (discovery.ranking).
    rebuild_search_documents()
    return time.perf_counter() - started
