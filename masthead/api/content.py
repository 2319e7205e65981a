"""The read-only content API: a publication's published articles, sections, authors and tags.

The publication is the request's host. Only what readers can read is here: live articles under
live sections, without view restrictions. Answers are shared by every client, so they are kept
by the page cache and the front like pages (and let go on every publish), carry Last-Modified
and an ETag, and answer conditional requests with 304.
"""

import re
from datetime import UTC, datetime
from typing import Annotated, Literal

from django.db.models import Max, Prefetch
from ninja import Path, Query, Router, Status
from ninja.errors import HttpError
from pydantic import BeforeValidator
from taggit.models import Tag
from wagtail.images import get_image_model

from masthead.articles.models import LEAD_IMAGE_SPEC, Author
from masthead.publications.chrome import site_root_url

from . import ninjs
from .representation import (
    BadCursor,
    Representer,
    after_cursor,
    encode_cursor,
    live_articles,
    live_sections,
)
from .schemas import (
    ArticleDetail,
    ArticlePage,
    AuthorsOut,
    FieldProblems,
    Ninjs,
    Problem,
    SectionsOut,
    TagsOut,
)

router = Router(tags=["Content"])
MAX_ID = 2**63 - 1  # the largest id a database key holds
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def _rfc3339(value):
    """Only a full date and time with its offset, as the document promises; pydantic alone
    would also take a bare number as a Unix time."""
    if isinstance(value, str) and not _RFC3339.match(value):
        raise ValueError("Give a date and time such as 2025-05-30T09:00:00Z.")
    return value


Moment = Annotated[datetime, BeforeValidator(_rfc3339)]


def publication(request):
    """The request's publication; every answer is about it alone."""
    site = getattr(request, "masthead_site", None)
    if site is None:
        raise HttpError(404, "No publication answers at this address.")
    return site


def last_modified(request, moment):
    """Read by the response wrapper (api.urls) into the Last-Modified header."""
    if moment:
        request.masthead_last_modified = moment


@router.get(
    "/articles",
    response={200: ArticlePage, 400: Problem, 422: FieldProblems},
    summary="Published articles, newest first",
)
def list_articles(
    request,
    section: str | None = None,
    tag: str | None = None,
    author: str | None = None,
    updated_since: Moment | None = Query(
        None, description="Only articles published or republished at or after this moment."
    ),
    cursor: str | None = Query(None, description="From a previous page's `next` address."),
    limit: int = Query(20, ge=1, le=100),
):
    site = publication(request)
    articles = live_articles(site)
    if section:
        found = live_sections(site).filter(slug=section).first()
        articles = articles.child_of(found) if found else articles.none()
    if tag:
        articles = articles.filter(tags__slug=tag)
    if author:
        articles = articles.filter(byline__author__slug=author, byline__author__publication=site)
    if updated_since:
        try:
            # In UTC: PostgreSQL refuses offsets beyond ±15:59 that the format allows.
            updated_since = updated_since.astimezone(UTC)
        except OverflowError:
            problem = ["This moment is outside the calendar the API keeps."]
            return Status(
                422, {"detail": "The request is not valid.", "errors": {"updated_since": problem}}
            )
        articles = articles.filter(last_published_at__gte=updated_since)
    if tag or author:
        articles = articles.distinct()
    last_modified(request, articles.aggregate(latest=Max("last_published_at"))["latest"])
    if cursor:
        try:
            articles = after_cursor(articles, cursor)
        except BadCursor as error:
            return Status(400, {"detail": str(error)})
    images = get_image_model().objects.prefetch_renditions(LEAD_IMAGE_SPEC)
    page = list(
        articles.order_by("-first_published_at", "-pk")
        .prefetch_related(Prefetch("lead_image", queryset=images))
        .defer("body")[: limit + 1]
    )
    more = len(page) > limit
    page = page[:limit]
    represent = Representer(site)
    next_url = None
    if more:
        query = request.GET.copy()
        query["cursor"] = encode_cursor(page[-1])
        next_url = f"{site_root_url(site)}{request.path}?{query.urlencode()}"
    return Status(
        200, {"items": [represent.summary(article) for article in page], "next": next_url}
    )


@router.get(
    "/articles/{article_id}",
    response={200: ArticleDetail | Ninjs, 404: Problem, 422: FieldProblems},
    summary="One published article, with its body; ?format=ninjs for IPTC ninjs 2.0",
)
def get_article(
    request,
    article_id: int = Path(..., ge=1, le=MAX_ID),
    format: Literal["json", "ninjs"] = "json",
):
    site = publication(request)
    images = get_image_model().objects.prefetch_renditions(LEAD_IMAGE_SPEC)
    article = (
        live_articles(site)
        .filter(pk=article_id)
        .prefetch_related(Prefetch("lead_image", queryset=images))
        .first()
    )
    if article is None:
        return Status(404, {"detail": "No published article with this id here."})
    last_modified(request, article.last_published_at)
    represented = Representer(site).detail(article)
    if format == "ninjs":
        return Status(200, ninjs.from_article(represented, article, site))
    return Status(200, represented)


@router.get("/sections", response=SectionsOut, summary="The publication's published sections")
def list_sections(request):
    site = publication(request)
    represent = Representer(site)
    return {"items": [represent.section(section) for section in represent.sections.values()]}


@router.get("/authors", response=AuthorsOut, summary="Authors with published articles")
def list_authors(request):
    site = publication(request)
    published = live_articles(site).values("pk")
    authors = Author.objects.filter(publication=site, bylines__article__in=published).distinct()
    root = site_root_url(site)
    return {
        "items": [
            {
                "slug": a.slug,
                "name": a.name,
                "job_title": a.job_title,
                "bio": a.bio,
                "url": f"{root}/authors/{a.slug}/",
            }
            for a in authors.order_by("name")
        ]
    }


@router.get("/tags", response=TagsOut, summary="Tags of published articles")
def list_tags(request):
    site = publication(request)
    published = live_articles(site).values("pk")
    tags = Tag.objects.filter(articles_articletag_items__content_object__in=published).distinct()
    root = site_root_url(site)
    return {
        "items": [
            {"slug": t.slug, "name": t.name, "url": f"{root}/tags/{t.slug}/"}
            for t in tags.order_by("name")
        ]
    }
