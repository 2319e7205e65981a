import datetime
import json

from masthead.articles.models import ArticlePage
from masthead.imports.formats.html import SavedPages
from masthead.imports.items import Story
from masthead.imports.sources import Source

from .conftest import SAMPLES, png

PAGES = SAMPLES / "pages"
EXPECTED = json.loads((PAGES / "expected.json").read_text())


def read_pages(folder):
    with Source(folder) as source:
        pages = SavedPages(source)
        pages.check()
        return {story.key.rsplit("/", 1)[-1]: story for story in pages.stories()}


def test_saved_pages_give_the_fields_a_reader_sees_and_leave_the_chrome_out():
    stories = {
        story.page_file.name: story
        for story in read_pages(PAGES).values()
        if isinstance(story, Story)
    }
    assert set(stories) == set(EXPECTED)
    for name, expected in EXPECTED.items():
        story = stories[name]
        assert story.title == expected["title"], name
        assert story.authors == expected["authors"], name
        assert story.published_at == datetime.datetime.fromisoformat(expected["published"]), name
        assert story.standfirst == expected["standfirst"], name
        assert story.section == expected["section"], name
        assert sorted(story.tags) == expected["tags"], name
        assert story.original_url == expected["original_url"], name
        assert story.outlet == expected["outlet"], name
        assert (story.lead_image is not None) == expected["lead_image"], name
        assert [block["type"] for block in story.body] == expected["blocks"], name
        text = json.dumps([block["value"] for block in story.body], default=str, ensure_ascii=False)
        for phrase in expected.get("text", []):
            assert phrase in text, (name, phrase)
        for chrome in expected["left_out"]:
            assert chrome not in text, (name, chrome)
        if "statement" in expected:
            statement = next(b["value"] for b in story.body if b["type"] == "statement")
            assert {k: statement[k] for k in expected["statement"]} == expected["statement"]


def test_a_page_with_no_article_is_skipped_with_a_reason():
    refusal = read_pages(PAGES)["empty.html"]
    assert refusal.reason == "no article text was found on the page"


def test_a_folder_of_saved_pages_imports_as_complete_articles(
    publication, section, tmp_path, run_import, client
):
    folder = tmp_path / "saved"
    folder.mkdir()
    for page in PAGES.glob("*.html"):
        (folder / page.name).write_bytes(page.read_bytes())
    (folder / "harbour_files").mkdir()
    (folder / "harbour_files" / "quay.png").write_bytes(png((1280, 720)))
    # A page pointing outside its folder gets nothing from there.
    (folder / "sneaky.html").write_text(
        (PAGES / "council.html")
        .read_text(encoding="cp1252")
        .replace("<h3>", '<p><img src="../../../../etc/passwd" alt="x"></p><h3>')
        .replace("Council backs", "Sneaky page backs")
        .replace("</head>", '<meta property="og:image" content="../../../../etc/passwd"></head>'),
        encoding="cp1252",
    )
    code, lines = run_import(folder, publication, "html")
    print("\n".join(lines))
    assert code == 0
    assert lines[-1] == "3 created, 0 updated, 0 unchanged, 1 skipped, 0 failed."
    harbour = ArticlePage.objects.get(title="Harbour reopens after sea wall repairs")
    assert harbour.syndicated and harbour.first_published_by == "The Coast Herald"
    assert harbour.get_parent().title == "Coast"
    assert harbour.lead_image.width == 1280
    image = next(block for block in harbour.body if block.block_type == "image")
    assert image.value["image"].pk == harbour.lead_image_id
    assert image.value["caption"] == "Boats at the quay on Thursday morning."
    assert any("etc/passwd" in line and "not a file beside the source" in line for line in lines)

    response = client.get(harbour.get_url(), HTTP_HOST=publication.hostname)
    html = response.content.decode()
    for expected in (
        "Harbour reopens after sea wall repairs",
        "Mira Kovács",
        "Statement issued",
        "End of statement",
    ):
        assert expected in html
    assert "Morning Tide" not in html

    _code, again = run_import(folder, publication, "html")
    assert again[-1] == "0 created, 0 updated, 3 unchanged, 1 skipped, 0 failed."


def test_a_page_at_an_address_imports_with_its_pictures(
    publication, section, loopback_http, settings, run_import
):
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = True  # the page is served on loopback
    page = (PAGES / "harbour.html").read_bytes()

    def answer(method, path):
        if path == "/news/harbour-reopens":
            return 200, "text/html; charset=utf-8", page
        if path == "/news/harbour_files/quay.png":
            return 200, "image/png", png((960, 540))
        return 404, "text/plain", b""

    base, received = loopback_http(answer)
    code, lines = run_import(f"{base}/news/harbour-reopens", publication, "html")
    assert code == 0, lines
    harbour = ArticlePage.objects.get()
    assert harbour.lead_image.width == 960  # resolved against the page's own address
    assert ("GET", base.removeprefix("http://"), "/news/harbour_files/quay.png") in received
