import datetime

import pytest
from wagtail.contrib.redirects.models import Redirect

from masthead.articles.models import ArticlePage, SectionPage
from masthead.articles.tests.factories import make_publication


@pytest.fixture
def gazette(db, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "harbourgazette.example"]
    return make_publication("The Harbour Gazette", "harbourgazette.example")


def lines_starting(lines, word):
    return [line for line in lines if line.startswith(word)]


def test_wordpress_export_becomes_articles_with_sections_bylines_tags_images_and_dates(
    gazette, sample, image_host, run_import
):
    images, _, _ = image_host
    code, lines = run_import(sample("wordpress.xml", images), gazette, "wordpress")
    print("\n".join(lines))
    assert code == 1  # one item failed; the good ones are in
    harbour = ArticlePage.objects.get(title__startswith="Harbour to reopen")
    assert harbour.live and harbour.slug == "harbour-to-reopen"
    assert harbour.get_parent().title == "Coast"
    assert harbour.first_published_at == datetime.datetime(2025, 5, 30, 9, 15, tzinfo=datetime.UTC)
    assert harbour.standfirst.startswith("Ferries return to the summer timetable")
    assert [line.author.name for line in harbour.byline.all()] == ["Mira Kovács"]
    assert sorted(t.name for t in harbour.tags.all()) == ["Ferries", "Sea wall"]
    assert harbour.lead_image and harbour.lead_image.width == 1600  # the full size, not a copy
    assert [b.block_type for b in harbour.body] == [
        "paragraph",
        "subheading",
        "paragraph",
        "image",
        "pull_quote",
        "statement",
        "paragraph",
    ]
    statement = harbour.body[5].value
    assert statement["issuer"] == "Harbour Commissioners"
    assert statement["date_issued"] == datetime.date(2025, 5, 30)
    assert statement["source_url"] == "https://harbour.example.org/news/reopening"
    assert 'href="https://harbourgazette.example/timetables/"' in harbour.body[2].value.source
    assert harbour.body[3].value["caption"] == "Boats at the quay on Thursday."
    assert harbour.body[4].value["attribution"] == "Ana Ruiz, harbour master"
    # The old address on the same host now leads to the new one.
    redirect = Redirect.objects.get(site=gazette, old_path="/2025/05/30/harbour-to-reopen")
    assert redirect.redirect_page_id == harbour.pk
    assert (
        "created   Harbour to reopen on Monday after sea wall repairs — http://harbourgazette.example/coast/harbour-to-reopen/"
        in lines
    )
    assert "skipped   Old rumour — in WordPress's trash" in lines
    assert "skipped   About us — a WordPress page, not a post" in lines
    assert "failed    Only a script — The item has no body text." in lines
    assert lines[-2:] == [
        "3 created, 0 updated, 0 unchanged, 3 skipped, 1 failed.",
        "1 item(s) failed; see the lines above.",
    ]
    # The export's own draft comes over for review, unpublished.
    storm = ArticlePage.objects.get(title="Storm warning for the weekend")
    assert not storm.live and storm.get_latest_revision() is not None


def test_imported_html_is_sanitised_and_mixed_encodings_are_read(
    gazette, sample, image_host, run_import
):
    images, _, _ = image_host
    _code, lines = run_import(sample("wordpress.xml", images), gazette, "wordpress")
    footbridge = ArticlePage.objects.get(slug="footbridge")
    body = str(footbridge.body.raw_data)
    assert "script" not in body and "onclick" not in body and "javascript" not in body
    assert "Councillors <a>rejected</a> a cheaper design." in body
    # A Windows-1252 quote pasted into the UTF-8 export reads as the quote it was.
    assert "“It’s about time.”" in body
    assert footbridge.title == "Council approves the footbridge – at last"
    # The classic editor's blank-line paragraphs are paragraphs.
    assert footbridge.body[0].value.source.startswith("<p>The council voted seven to two")
    # A file that only claims to be a picture is left out and said so.
    assert any("fake.jpg left out: it is not an image" in line for line in lines)
    assert "image" not in [block.block_type for block in footbridge.body]


def test_a_second_run_changes_nothing_and_a_changed_post_is_updated(
    gazette, sample, image_host, run_import
):
    images, received, _ = image_host
    source = sample("wordpress.xml", images)
    run_import(source, gazette, "wordpress")
    count, fetched = ArticlePage.objects.count(), len(received)

    _code, lines = run_import(source, gazette, "wordpress")
    assert lines[-2] == "0 created, 0 updated, 3 unchanged, 3 skipped, 1 failed."
    assert ArticlePage.objects.count() == count and len(received) == fetched

    changed = sample(
        "wordpress.xml", images, replace=[("Harbour to reopen on Monday", "Harbour reopens Monday")]
    )
    _code, lines = run_import(changed, gazette, "wordpress")
    assert lines[-2] == "0 created, 1 updated, 2 unchanged, 3 skipped, 1 failed."
    assert ArticlePage.objects.count() == count
    assert ArticlePage.objects.get(slug="harbour-to-reopen").title.startswith(
        "Harbour reopens Monday"
    )


def test_a_dry_run_reports_without_writing(gazette, sample, image_host, run_import):
    images, received, _ = image_host
    sections = SectionPage.objects.count()
    _code, lines = run_import(sample("wordpress.xml", images), gazette, "wordpress", "--dry-run")
    assert (
        lines[-2]
        == "Dry run, nothing written: 3 created, 0 updated, 0 unchanged, 3 skipped, 1 failed."
    )
    assert not ArticlePage.objects.exists()
    assert SectionPage.objects.count() == sections
    assert not received  # not even an image was fetched


def test_draft_option_imports_everything_for_review_into_the_chosen_section(
    gazette, sample, image_host, run_import
):
    from masthead.articles.tests.factories import make_section

    make_section(gazette, "Archive")
    images, _, _ = image_host
    run_import(
        sample("wordpress.xml", images), gazette, "wordpress", "--draft", "--section", "archive"
    )
    articles = ArticlePage.objects.all()
    assert articles.count() == 3 and not articles.filter(live=True).exists()
    assert {a.get_parent().slug for a in articles} == {"archive"}
    assert not Redirect.objects.exists()  # nothing published, nothing to lead to


def test_unknown_section_or_publication_is_refused_before_anything_is_written(
    gazette, sample, run_import
):
    code, lines = run_import(sample("wordpress.xml"), gazette, "wordpress", "--section", "nope")
    assert code == 2 and "has no section with the slug 'nope'" in lines[-1]
    gazette.hostname = "elsewhere.example"
    code, lines = run_import(sample("wordpress.xml"), gazette, "wordpress")
    assert code == 2 and "No publication answers at 'elsewhere.example'" in lines[-1]
    assert not ArticlePage.objects.exists()


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"<rss><channel><item><title>Cut off", "not well-formed XML"),
        (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
            b"<rss><channel><title>&lol2;</title></channel></rss>",
            "declares XML entities or a DTD",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel>&x;</channel></rss>',
            "declares XML entities or a DTD",
        ),
        (b"<html><body>not an export</body></html>", "not a WordPress export"),
    ],
)
def test_a_file_that_cannot_be_read_changes_nothing_and_exits_2(
    gazette, tmp_path, run_import, content, reason
):
    # A valid post first: a file broken further on must not leave it half-imported.
    broken = tmp_path / "export.xml"
    broken.write_bytes(content)
    sections = SectionPage.objects.count()
    code, lines = run_import(broken, gazette, "wordpress")
    assert code == 2
    assert reason in lines[-1] and lines[-1].startswith("Nothing imported:")
    assert not ArticlePage.objects.exists() and SectionPage.objects.count() == sections


def test_a_broken_export_with_good_posts_before_the_break_imports_none_of_them(
    gazette, sample, run_import
):
    source = sample("wordpress.xml")
    source.write_bytes(source.read_bytes().replace(b"</channel>", b"<item><title>"))
    code, _lines = run_import(source, gazette, "wordpress")
    assert code == 2 and not ArticlePage.objects.exists()


def test_imported_articles_render_as_complete_pages(
    gazette, sample, image_host, run_import, client
):
    images, _, _ = image_host
    run_import(sample("wordpress.xml", images), gazette, "wordpress")
    page = client.get("/coast/harbour-to-reopen/", HTTP_HOST=gazette.hostname)
    html = page.content.decode()
    assert page.status_code == 200
    for expected in (
        "Harbour to reopen on Monday after sea wall repairs",
        "Ferries return to the summer timetable",
        "Mira Kovács",
        "Statement issued",
        "Harbour Commissioners",
        "End of statement",
        "Boats at the quay on Thursday.",
        ">Coast<",
    ):
        assert expected in html, expected
    old = client.get("/2025/05/30/harbour-to-reopen/", HTTP_HOST=gazette.hostname)
    assert old.status_code == 301 and old["Location"].endswith("/coast/harbour-to-reopen/")
