import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from masthead.api.keys import make_key
from masthead.articles.models import ArticlePage
from masthead.articles.tests.factories import AuthorFactory, make_article, make_section
from masthead.imports.tests.conftest import png

ALL_SCOPES = ["drafts", "images", "submit", "publish"]


@pytest.fixture
def desk(publication):
    make_section(publication, "Local")
    AuthorFactory(publication=publication, name="Ada Reporter", slug="ada")
    user = get_user_model().objects.create_user("wire-desk")
    return user


@pytest.fixture
def key(publication, desk):
    return make_key(publication, "Wire desk", ALL_SCOPES, acting_user=desk)[1]


@pytest.fixture
def call(client, publication):
    def send(method, path, key=None, body=None, host=None, **extra):
        headers = {"HTTP_HOST": host or publication.hostname}
        if key:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
        if body is not None and not isinstance(body, dict | list) or "files" in extra:
            return getattr(client, method)(f"/api/v1{path}", extra.get("files", body), **headers)
        payload = json.dumps(body) if body is not None else ""
        return getattr(client, method)(
            f"/api/v1{path}", payload, content_type="application/json", **headers
        )

    return send


DRAFT = {
    "headline": "Ferry timetable changes",
    "standfirst": "Sailings move earlier from Monday.",
    "section": "local",
    "authors": ["ada"],
    "tags": ["ferries"],
    "body": [
        {"type": "paragraph", "value": "<p>The first ferry leaves at 06:10.</p>"},
        {"type": "subheading", "value": "Weekends"},
        {
            "type": "statement",
            "value": {
                "issuer": "Ferry Company",
                "date_issued": "2025-06-01",
                "text": "<p>We apologise for the change.</p>",
            },
        },
    ],
}


def test_a_tool_writes_a_draft_that_readers_cannot_see(call, key, desk):
    response = call("post", "/articles", key, DRAFT)
    assert response.status_code == 201, response.content
    draft = response.json()
    assert (
        draft["live"] is False
        and draft["url"] is None
        and draft["slug"] == "ferry-timetable-changes"
    )
    article = ArticlePage.objects.get(pk=draft["id"])
    assert article.get_latest_revision().user == desk
    assert [b.block_type for b in article.get_latest_revision_as_object().body] == [
        "paragraph",
        "subheading",
        "statement",
    ]
    assert call("get", f"/articles/{article.pk}").status_code == 404
    assert call("get", "/articles").json()["items"] == []


def test_invalid_drafts_are_refused_by_field_and_leave_nothing(call, key):
    bad = {
        **DRAFT,
        "authors": ["ada", "nobody"],
        "body": [
            {"type": "paragraph", "value": '<p onclick="x()">Hi <script>alert(1)</script></p>'},
            {"type": "image", "value": "not an object"},
        ],
    }
    response = call("post", "/articles", key, bad)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["authors"] == ["No author with the slug 'nobody' here."]
    assert "body.2" in errors
    unsafe = call("post", "/articles", key, {**DRAFT, "body": bad["body"][:1]})
    assert unsafe.status_code == 400 and "script" in json.dumps(unsafe.json()["errors"])
    missing = call("post", "/articles", key, {"headline": "Only a headline"})
    assert missing.status_code == 422 and "standfirst" in missing.json()["errors"]
    assert not ArticlePage.objects.exists()


def test_keys_are_checked_for_presence_scope_and_publication(
    call, key, publication, other_publication, desk
):
    assert call("post", "/articles", None, DRAFT).status_code == 401
    assert call("post", "/articles", "mh_nope_nope", DRAFT).status_code == 401
    read_only = make_key(publication, "Images only", ["images"])[1]
    refused = call("post", "/articles", read_only, DRAFT)
    assert (
        refused.status_code == 403 and refused.json()["detail"] == "This key may not write drafts."
    )
    # A key used at another publication's address gets nowhere.
    elsewhere = call("post", "/articles", key, DRAFT, host=other_publication.hostname)
    assert elsewhere.status_code == 403
    # …nor can it name another publication's article by id.
    theirs = make_article(make_section(other_publication, "News"), "Courier story")
    for method, path in (
        ("patch", f"/articles/{theirs.pk}"),
        ("post", f"/articles/{theirs.pk}/publish"),
        ("post", f"/articles/{theirs.pk}/unpublish"),
    ):
        assert call(method, path, key, {"headline": "Hijacked"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.title == "Courier story" and theirs.live
    revoked = make_key(publication, "Old tool", ALL_SCOPES)
    revoked[0].revoked = True
    revoked[0].save()
    assert call("post", "/articles", revoked[1], DRAFT).status_code == 401


def test_update_submit_publish_and_unpublish(call, key, publication):
    article_id = call("post", "/articles", key, DRAFT).json()["id"]
    updated = call("patch", f"/articles/{article_id}", key, {"headline": "Ferry times change"})
    assert updated.status_code == 200 and updated.json()["headline"] == "Ferry times change"

    submitted = call("post", f"/articles/{article_id}/submit", key)
    assert submitted.status_code == 200 and submitted.json()["in_moderation"] is True
    again = call("post", f"/articles/{article_id}/submit", key)
    assert again.status_code == 409

    published = call("post", f"/articles/{article_id}/publish", key)
    assert published.status_code == 200
    assert published.json()["live"] is True
    assert published.json()["url"] == "http://daily.localhost/local/ferry-timetable-changes/"
    listed = call("get", "/articles").json()["items"]
    assert [item["headline"] for item in listed] == ["Ferry times change"]

    # A change to a published story waits for the next publish.
    call("patch", f"/articles/{article_id}", key, {"headline": "Ferry times change again"})
    assert call("get", f"/articles/{article_id}").json()["headline"] == "Ferry times change"

    down = call("post", f"/articles/{article_id}/unpublish", key)
    assert down.status_code == 200 and down.json()["live"] is False
    assert call("get", f"/articles/{article_id}").status_code == 404
    assert call("post", f"/articles/{article_id}/unpublish", key).status_code == 409


def test_images_are_checked_before_they_are_stored(call, key, client, publication):
    upload = {"file": SimpleUploadedFile("quay.png", png((800, 450)), "image/png"), "title": "Quay"}
    response = client.post(
        "/api/v1/images", upload, HTTP_HOST=publication.hostname, HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert response.status_code == 201 and response.json()["width"] == 800
    image_id = response.json()["id"]
    fake = {"file": SimpleUploadedFile("x.png", b"<svg onload=alert(1)>", "image/png")}
    refused = client.post(
        "/api/v1/images", fake, HTTP_HOST=publication.hostname, HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert refused.status_code == 400
    assert refused.json()["errors"]["file"] == ["Not taken: it is not an image."]
    with_picture = call(
        "post",
        "/articles",
        key,
        {**DRAFT, "lead_image": image_id, "lead_image_alt_text": "The quay"},
    )
    assert with_picture.status_code == 201
    no_alt = call("post", "/articles", key, {**DRAFT, "slug": "second", "lead_image": image_id})
    assert no_alt.status_code == 400 and "lead_image_alt_text" in no_alt.json()["errors"]


def test_each_key_has_its_own_rate_limit(call, publication):
    slow = make_key(publication, "Slow tool", ALL_SCOPES, requests_per_minute=3)[1]
    other = make_key(publication, "Other tool", ALL_SCOPES)[1]
    answers = [call("patch", "/articles/999", slow, {}).status_code for _ in range(4)]
    assert answers == [404, 404, 404, 429]
    limited = call("patch", "/articles/999", slow, {})
    assert 0 < int(limited["Retry-After"]) <= 60
    assert call("patch", "/articles/999", other, {}).status_code == 404


def test_the_publications_blocking_checks_hold_a_story_back_here_too(call, key, publication):
    # The standards capability's checks, through the core's publish-refusals hook.
    from masthead.standards.models import StandardsSettings

    StandardsSettings.objects.update_or_create(
        site=publication, defaults={"blocking": ["statement-attribution"]}
    )
    quote = {"type": "pull_quote", "value": {"quote": "Nobody said this."}}
    article_id = call("post", "/articles", key, {**DRAFT, "body": [*DRAFT["body"], quote]}).json()[
        "id"
    ]
    refused = call("post", f"/articles/{article_id}/publish", key)
    assert refused.status_code == 409 and refused.json()["detail"].startswith("Not published:")
    assert not ArticlePage.objects.get(pk=article_id).live


def test_a_body_that_is_not_json_is_refused(client, key, publication):
    response = client.post(
        "/api/v1/articles",
        "\x00{",
        content_type="application/json",
        HTTP_HOST=publication.hostname,
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 400 and response.json()["detail"] == "Cannot parse request body"
    assert not ArticlePage.objects.exists()


def test_nul_characters_in_a_draft_are_refused(call, key):
    response = call("post", "/articles", key, {**DRAFT, "headline": "Bad\x00headline"})
    assert response.status_code == 422
    assert not ArticlePage.objects.exists()
