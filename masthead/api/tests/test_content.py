import datetime
from urllib.parse import quote

from django.utils import timezone
from django.utils.http import http_date

from masthead.publications.cache import invalidate_pages


def headlines(response):
    return [item["headline"] for item in response.json()["items"]]


def test_articles_are_the_publications_published_stories_newest_first(newsroom, api):
    response = api("/articles")
    assert response.status_code == 200
    assert headlines(response) == [
        "Bakery wins national prize",
        *[f"Local story {n}" for n in (4, 3, 2, 1, 0)],
    ]
    bakery = response.json()["items"][0]
    assert bakery["url"] == "http://daily.localhost/business/bakery-wins-national-prize/"
    assert bakery["section"] == {
        "slug": "business",
        "title": "Business",
        "url": "http://daily.localhost/business/",
    }
    assert [a["name"] for a in bakery["authors"]] == ["Ada Reporter", "Ben Writer"]
    assert bakery["lead_image"]["url"].startswith("http://daily.localhost/media/")
    assert bakery["standfirst"] and bakery["published_at"]
    assert response.json()["next"] is None


def test_drafts_and_other_publications_never_appear(newsroom, api):
    listed = api("/articles?limit=100").content.decode()
    assert "Secret draft" not in listed and "Courier story" not in listed
    assert api(f"/articles/{newsroom['draft'].pk}").status_code == 404
    assert api(f"/articles/{newsroom['elsewhere'].pk}").status_code == 404
    # Unpublished later: gone from the API at once.
    newsroom["local4"].unpublish()
    invalidate_pages()
    assert "Local story 4" not in headlines(api("/articles"))


def test_articles_filter_by_section_tag_author_and_update_time(newsroom, api):
    assert headlines(api("/articles?section=business")) == ["Bakery wins national prize"]
    assert headlines(api("/articles?tag=council")) == ["Local story 4", "Local story 3"]
    assert headlines(api("/articles?author=ada")) == [
        "Bakery wins national prize",
        "Local story 3",
        "Local story 1",
    ]
    assert headlines(api("/articles?section=nowhere")) == []
    later = (timezone.now() + datetime.timedelta(minutes=1)).isoformat()
    assert headlines(api(f"/articles?updated_since={quote(later)}")) == []
    newsroom["local0"].save_revision().publish()
    since = (timezone.now() - datetime.timedelta(seconds=30)).isoformat()
    response = api(f"/articles?updated_since={quote(since)}")
    assert headlines(response) == ["Local story 0"]


def test_odd_but_valid_moments_are_read_in_utc(newsroom, api):
    # Offsets PostgreSQL would refuse, and a year so early its UTC moment leaves the calendar.
    far_west = quote("0024-02-06T18:05:54.557-20:00")
    assert api(f"/articles?updated_since={far_west}").status_code == 200
    too_early = api(f"/articles?updated_since={quote('0001-01-01T00:00:00+05:00')}")
    assert too_early.status_code == 422 and "updated_since" in too_early.json()["errors"]


def test_cursor_pages_walk_every_story_once(newsroom, api):
    seen, address = [], "/articles?limit=2"
    while address:
        page = api(address.replace("http://daily.localhost/api/v1", "")).json()
        seen += [item["headline"] for item in page["items"]]
        address = page["next"]
    assert len(seen) == 6 and len(set(seen)) == 6
    bad = api("/articles?cursor=not-a-cursor")
    assert bad.status_code == 400
    assert bad.json() == {"detail": "This cursor is not one the API gave out."}


def test_one_article_has_its_body_as_blocks_and_as_html(newsroom, api):
    response = api(f"/articles/{newsroom['pictured'].pk}")
    article = response.json()
    assert [block["type"] for block in article["body"]] == ["paragraph", "subheading", "statement"]
    assert article["body"][0]["value"] == (
        '<p>The <b>bakery</b> on <a href="https://example.org">Main St</a> won.</p>'
    )
    assert article["body"][2]["value"]["issuer"] == "Harbour Commissioners"
    assert article["body"][2]["value"]["date_issued"] == "2025-05-30"
    assert "Statement issued" in article["body_html"]
    assert "End of statement" in article["body_html"]


def test_ninjs_for_wire_partners(newsroom, api):
    story = api(f"/articles/{newsroom['pictured'].pk}?format=ninjs").json()
    assert story["uri"] == "http://daily.localhost/business/bakery-wins-national-prize/"
    assert story["standard"]["name"] == "ninjs" and story["standard"]["version"] == "2.0"
    assert story["type"] == "text" and story["pubstatus"] == "usable"
    assert story["headlines"] == [
        {"value": "Bakery wins national prize", "role": "main", "contenttype": "text/plain"}
    ]
    assert story["by"] == "Ada Reporter and Ben Writer"
    assert story["bodies"][0]["contenttype"] == "text/html"
    assert "Statement issued" in story["bodies"][0]["value"]
    assert story["bodies"][0]["wordcount"] > 5
    assert story["subjects"][0]["rel"] == "section"
    assert story["associations"][0]["name"] == "featureimage"
    assert story["associations"][0]["renditions"][0]["href"].startswith("http://daily.localhost/")
    assert story["genres"] == [
        {"name": "Current", "literal": "genre:Current", "rel": None, "uri": None}
    ]


def test_conditional_requests_get_304(newsroom, api):
    first = api("/articles")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert modified == http_date(newsroom["pictured"].last_published_at.timestamp())
    assert api("/articles", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert api("/articles", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    one = api(f"/articles/{newsroom['local1'].pk}")
    assert (
        api(f"/articles/{newsroom['local1'].pk}", HTTP_IF_NONE_MATCH=one["ETag"]).status_code == 304
    )


def test_head_answers_like_get_and_never_empties_the_cached_answer(newsroom, client, publication):
    head = client.head("/api/v1/articles", HTTP_HOST=publication.hostname)
    assert head.status_code == 200 and head.content == b""
    assert head["Last-Modified"] and head["Access-Control-Allow-Origin"] == "*"
    get = client.get("/api/v1/articles", HTTP_HOST=publication.hostname)
    assert get["X-Page-Cache"] == "hit" and len(get.json()["items"]) == 6


def test_any_site_may_read_it_from_a_browser(newsroom, api, client, publication):
    response = api("/articles")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/articles",
        HTTP_HOST=publication.hostname,
        HTTP_ORIGIN="https://partner.example",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 204
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_answers_are_cached_like_pages_and_let_go_on_publish(newsroom, api):
    assert api("/articles")["X-Page-Cache"] == "miss"
    assert api("/articles")["X-Page-Cache"] == "hit"
    newsroom["local2"].save_revision().publish()
    assert api("/articles")["X-Page-Cache"] == "miss"


def test_sections_authors_and_tags(newsroom, api):
    assert [s["slug"] for s in api("/sections").json()["items"]] == ["local", "business"]
    assert [a["slug"] for a in api("/authors").json()["items"]] == ["ada", "ben"]
    assert [t["slug"] for t in api("/tags").json()["items"]] == ["council", "harbour"]


def test_a_list_costs_the_same_queries_however_long(newsroom, api, django_assert_max_num_queries):
    api("/articles?limit=1")  # settles the publication's cached settings
    with django_assert_max_num_queries(9) as short:
        api("/articles?limit=1&x=1")
    with django_assert_max_num_queries(len(short.captured_queries)):
        api("/articles?limit=100&x=2")


def test_the_openapi_document_and_browsable_docs_are_served(api, publication):
    schema = api("/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/articles" in schema["paths"]
    assert "/api/v1/articles/{article_id}" in schema["paths"]
    docs = api("/docs")
    assert docs.status_code == 200 and b"swagger-ui" in docs.content


def test_nul_characters_in_filters_are_refused_not_a_server_error(newsroom, api):
    for name in ("section", "tag", "author", "cursor"):
        response = api(f"/articles?{name}=a%00b")
        assert response.status_code == 422, (name, response.status_code)
        assert response.json()["errors"] == {"__all__": ["Text may not contain NUL characters."]}
