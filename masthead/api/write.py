"""The write API for newsroom tools: drafts, images, moderation, publishing.

Every call carries a key (Authorization: Bearer …) of the request's own publication, with the
scope the call needs; a key never reaches another publication's content, whatever id it names.
Every change is one transaction and is validated as the admin validates it, so a refused request
(4xx, with messages by field) leaves nothing behind. Revisions and moderation requests are
recorded as the key's acting user's, and each key has its own rate limit.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from ninja import File, Form, Path, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from wagtail import hooks
from wagtail.actions.unpublish_page import UnpublishPageAction

from masthead.articles.models import (
    PUBLISH_REFUSALS_HOOK,
    ArticleAuthor,
    ArticlePage,
    Author,
    SectionPage,
)
from masthead.publications.images import ImageRefused, store_image

from .content import MAX_ID, router
from .keys import KeyAuth
from .models import ApiKey
from .schemas import DraftIn, DraftOut, DraftPatch, FieldProblems, ImageUploaded, Problem

SCOPE_WORDS = {
    ApiKey.Scope.DRAFTS: "write drafts",
    ApiKey.Scope.IMAGES: "upload images",
    ApiKey.Scope.SUBMIT: "submit for moderation",
    ApiKey.Scope.PUBLISH: "publish or unpublish",
}
# The shape each block's value must have before the body's own validation sees it.
TEXT_BLOCKS = {"paragraph", "subheading"}
BLOCK_FIELDS = {
    "image": {"image", "alt_text", "caption", "credit"},
    "pull_quote": {"quote", "attribution"},
    "statement": {"title", "issuer", "date_issued", "source_url", "text"},
}
ERRORS = {
    400: FieldProblems,
    401: Problem,
    403: Problem,
    404: Problem,
    409: Problem,
    422: FieldProblems,
    429: Problem,
}


class RateLimited(Exception):
    def __init__(self, retry_after):
        self.retry_after = retry_after


class KeyWithinRate(KeyAuth):
    """The key, counted against its own requests per minute (a window per clock minute, shared
    by every process through the cache)."""

    def authenticate(self, request, token):
        api_key = super().authenticate(request, token)
        if api_key is not None:
            now = time.time()
            window = f"masthead:api-rate:{api_key.pk}:{int(now // 60)}"
            cache.add(window, 0, timeout=70)
            if cache.incr(window) > api_key.requests_per_minute:
                raise RateLimited(retry_after=60 - int(now % 60))
        return api_key


# The write operations share the content API's paths (GET /articles, POST /articles…), so they
# are added to its router, each with the key check.
AUTH = KeyWithinRate()


def _key(request, scope):
    api_key = request.auth
    site = getattr(request, "masthead_site", None)
    if site is None or api_key.publication_id != site.pk:
        raise HttpError(403, "This key belongs to another publication.")
    if scope not in api_key.scopes:
        raise HttpError(403, f"This key may not {SCOPE_WORDS[scope]}.")
    return api_key


def _article(api_key, article_id):
    article = (
        ArticlePage.objects.descendant_of(api_key.publication.root_page)
        .filter(pk=article_id)
        .first()
    )
    if article is None:
        raise HttpError(404, "No article with this id in this publication.")
    return article


def _refused(errors, detail="The request is not valid."):
    return Status(400, {"detail": detail, "errors": errors})


def _from_validation(error):
    if hasattr(error, "message_dict"):
        return {field: list(messages) for field, messages in error.message_dict.items()}
    return {"__all__": list(error.messages)}


def _body(blocks):
    """The body in stored form, or a dict of problems by block."""
    raw, problems = [], {}
    for number, block in enumerate(blocks, start=1):
        value = block.value
        if block.type in TEXT_BLOCKS:
            ok = isinstance(value, str)
            expected = "text"
        else:
            fields = BLOCK_FIELDS[block.type]
            ok = (
                isinstance(value, dict)
                and set(value) <= fields
                and all(
                    isinstance(v, str | int) and not isinstance(v, bool) for v in value.values()
                )
            )
            expected = f"an object with {', '.join(sorted(fields))}"
        if not ok:
            problems[f"body.{number}"] = [f"A {block.type} block's value is {expected}."]
            continue
        if block.type == "image":
            value = {"alt_text": "", "caption": "", "credit": "", **value}
        raw.append({"type": block.type, "value": value})
    return raw, problems


def _authors(site, slugs):
    found = {a.slug: a for a in Author.objects.filter(publication=site, slug__in=slugs)}
    missing = [slug for slug in slugs if slug not in found]
    return [found[slug] for slug in slugs if slug in found], missing


def _out(article):
    latest = article.get_latest_revision_as_object() if article.has_unpublished_changes else article
    site = article.get_site()
    url = article.get_url_parts()
    return {
        "id": article.pk,
        "headline": latest.title,
        "slug": latest.slug,
        "section": article.get_parent().slug,
        "live": article.live,
        "has_unpublished_changes": article.has_unpublished_changes,
        "in_moderation": article.workflow_in_progress,
        "url": (site.root_url + url[2]) if article.live and site and url else None,
        "edit_url": f"{settings.WAGTAILADMIN_BASE_URL}/admin/pages/{article.pk}/edit/",
    }


def _apply(article, data, site, errors):
    """Sets the fields a create or an update carries; collects problems by field."""
    if data.get("headline") is not None:
        article.title = data["headline"]
    for field in (
        "standfirst",
        "type_of_work",
        "lead_image_alt_text",
        "lead_image_caption",
        "lead_image_credit",
    ):
        if data.get(field) is not None:
            setattr(article, field, data[field])
    if "lead_image" in data:
        article.lead_image_id = data["lead_image"]
    if data.get("body") is not None:
        raw, problems = _body(data["body"])
        errors.update(problems)
        article.body = raw
    if data.get("authors") is not None:
        authors, missing = _authors(site, data["authors"])
        if missing:
            errors["authors"] = [f"No author with the slug {slug!r} here." for slug in missing]
        article.byline = [ArticleAuthor(author=a, sort_order=n) for n, a in enumerate(authors)]
    if data.get("tags") is not None:
        article.tags.set([tag[:100] for tag in data["tags"]])


@router.post(
    "/articles",
    response={201: DraftOut, **ERRORS},
    summary="Create a draft",
    auth=AUTH,
    tags=["Write"],
)
def create_draft(request, draft: DraftIn):
    api_key = _key(request, ApiKey.Scope.DRAFTS)
    site = api_key.publication
    section = SectionPage.objects.child_of(site.root_page).filter(slug=draft.section).first()
    errors = {} if section else {"section": [f"No section with the slug {draft.section!r} here."]}
    data = draft.dict()
    data["body"] = draft.body
    article = ArticlePage(slug=slugify(draft.slug or draft.headline)[:255], live=False)
    _apply(article, data, site, errors)
    if errors:
        return _refused(errors)
    try:
        with transaction.atomic():
            section.add_child(instance=article)
            article.check_images_belong_to(site)
            article.save_revision(user=api_key.acting_user, log_action=True)
    except ValidationError as error:
        return _refused(_from_validation(error))
    return Status(201, _out(article))


@router.patch(
    "/articles/{article_id}",
    response={200: DraftOut, **ERRORS},
    summary="Update a draft",
    auth=AUTH,
    tags=["Write"],
)
def update_draft(request, patch: DraftPatch, article_id: int = Path(..., ge=1, le=MAX_ID)):
    """A new revision with these changes; a published article stays as readers see it until
    it is published again."""
    api_key = _key(request, ApiKey.Scope.DRAFTS)
    site = api_key.publication
    article = _article(api_key, article_id)
    draft = article.get_latest_revision_as_object()
    data = patch.dict(exclude_unset=True)
    if "body" in data:
        data["body"] = patch.body
    errors = {}
    _apply(draft, data, site, errors)
    if errors:
        return _refused(errors)
    try:
        with transaction.atomic():
            draft.full_clean()
            draft.check_images_belong_to(site)
            draft.save_revision(user=api_key.acting_user, log_action=True)
    except ValidationError as error:
        return _refused(_from_validation(error))
    article.refresh_from_db()
    return _out(article)


@router.post(
    "/images",
    response={201: ImageUploaded, **ERRORS},
    summary="Upload an image",
    auth=AUTH,
    tags=["Write"],
)
def upload_image(request, file: UploadedFile = File(...), title: str = Form("")):
    api_key = _key(request, ApiKey.Scope.IMAGES)
    if file.size > settings.IMPORT_MAX_IMAGE_BYTES:
        limit = settings.IMPORT_MAX_IMAGE_BYTES // (1024 * 1024)
        return _refused({"file": [f"The file is larger than the {limit} MB allowed."]})
    try:
        image = store_image(
            api_key.publication, file.read(), name=file.name or "image", title=title
        )
    except ImageRefused as error:
        return _refused({"file": [f"Not taken: {error}."]})
    return Status(
        201, {"id": image.pk, "title": image.title, "width": image.width, "height": image.height}
    )


@router.post(
    "/articles/{article_id}/submit",
    response={200: DraftOut, **ERRORS},
    summary="Submit the latest draft for moderation",
    auth=AUTH,
    tags=["Write"],
)
def submit(request, article_id: int = Path(..., ge=1, le=MAX_ID)):
    api_key = _key(request, ApiKey.Scope.SUBMIT)
    article = _article(api_key, article_id)
    workflow = article.get_workflow()
    if workflow is None:
        raise HttpError(409, "This publication has no moderation workflow.")
    if article.workflow_in_progress:
        raise HttpError(409, "This article is already in moderation.")
    with transaction.atomic():
        workflow.start(article, api_key.acting_user)
    article.refresh_from_db()
    return _out(article)


@router.post(
    "/articles/{article_id}/publish",
    response={200: DraftOut, **ERRORS},
    summary="Publish the latest draft",
    auth=AUTH,
    tags=["Write"],
)
def publish(request, article_id: int = Path(..., ge=1, le=MAX_ID)):
    api_key = _key(request, ApiKey.Scope.PUBLISH)
    article = _article(api_key, article_id)
    # The publication's blocking checks (standards) hold a story back here as in the admin.
    refusals = [
        reason for refuse in hooks.get_hooks(PUBLISH_REFUSALS_HOOK) for reason in refuse(article)
    ]
    if refusals:
        raise HttpError(409, "Not published: " + "; ".join(refusals))
    with transaction.atomic():
        # The key's publish scope, given by an editor, is the permission.
        article.get_latest_revision().publish(user=api_key.acting_user, skip_permission_checks=True)
    article.refresh_from_db()
    return _out(article)


@router.post(
    "/articles/{article_id}/unpublish",
    response={200: DraftOut, **ERRORS},
    summary="Take a published article down",
    auth=AUTH,
    tags=["Write"],
)
def unpublish(request, article_id: int = Path(..., ge=1, le=MAX_ID)):
    api_key = _key(request, ApiKey.Scope.PUBLISH)
    article = _article(api_key, article_id)
    if not article.live:
        raise HttpError(409, "This article is not published.")
    with transaction.atomic():
        UnpublishPageAction(article, user=api_key.acting_user).execute(skip_permission_checks=True)
    article.refresh_from_db()
    return _out(article)
