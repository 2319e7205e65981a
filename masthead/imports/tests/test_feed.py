import datetime

from wagtail.contrib.redirects.models import Redirect

from masthead.articles.models import ArticlePage

from .conftest import SAMPLES, png


def serve_feed(loopback_http, name, images=""):
    files = {
        "/pictures/pups.png": ("image/png", png((900, 600))),
        "/feature.png": ("image/png", png((1200, 675))),
    }
    feed = (SAMPLES / name).read_bytes()

    def answer(method, path):
        if path == "/feed":
            return 200, "application/rss+xml", feed.replace(b"IMAGES", base.encode())
        if path == "/moved":
            return 301, "text/plain", b""
        if path in files:
            return 200, *files[path]
        return 404, "text/plain", b""

    base, received = loopback_http(answer)
    return base


def test_another_outlets_feed_imports_with_its_provenance(
    publication, section, loopback_http, settings, run_import, client
):
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = True
    base = serve_feed(loopback_http, "feed.rss")
    code, lines = run_import(f"{base}/feed", publication, "feed")
    print("\n".join(lines))
    assert code == 0
    pups = ArticlePage.objects.get(title="Seal pups counted on the sandbanks")
    assert pups.live and pups.syndicated
    assert pups.first_published_by == "Coastal Wire"
    assert pups.original_url == "https://coastalwire.example/2025/06/seal-pups"
    assert pups.first_published_at == datetime.datetime(2025, 6, 9, 6, tzinfo=datetime.UTC)
    assert pups.standfirst == "Volunteers counted 212 pups, the most since records began."
    assert [line.author.name for line in pups.byline.all()] == ["Lena Holm"]
    assert pups.get_parent().title == "Local"  # no categories in feeds: the first section
    assert sorted(t.name for t in pups.tags.all()) == ["Coast", "Wildlife"]
    assert pups.lead_image is not None
    assert [b.block_type for b in pups.body] == [
        "paragraph",
        "subheading",
        "paragraph",
        "image",
        "paragraph",
    ]
    assert "Café owners" in pups.body[4].value.source  # read in the feed's own encoding
    lifeboat = ArticlePage.objects.get(title="Lifeboat crew rescues two kayakers")
    # No author in the item: the outlet is credited.
    assert [line.author.name for line in lifeboat.byline.all()] == ["Coastal Wire"]
    assert "onmouseover" not in str(lifeboat.body.raw_data)
    assert any(line.startswith("skipped") and "neither an id nor a link" in line for line in lines)

    response = client.get(pups.get_url(), HTTP_HOST=publication.hostname)
    # Search engines are pointed at the original.
    assert (
        '<link rel="canonical" href="https://coastalwire.example/2025/06/seal-pups">'
        in response.content.decode()
    )

    _code, again = run_import(f"{base}/feed", publication, "feed")
    assert again[-1] == "0 created, 0 updated, 2 unchanged, 1 skipped, 0 failed."


def test_the_publications_own_old_feed_is_a_migration(publication, section, sample, run_import):
    code, lines = run_import(sample("feed.atom"), publication, "feed")
    assert code == 0, lines
    fares = ArticlePage.objects.get()
    assert fares.title == "Tram & bus fares frozen"
    assert not fares.syndicated and not fares.original_url
    assert Redirect.objects.get(old_path="/2025/03/fares-frozen.html").redirect_page_id == fares.pk
    assert fares.body[1].block_type == "pull_quote"


def test_a_feed_on_a_private_address_is_refused(publication, loopback_http, run_import):
    base = serve_feed(loopback_http, "feed.rss")
    code, lines = run_import(f"{base}/feed", publication, "feed")
    assert code == 2
    assert "127.0.0.1 is a loopback or private address" in lines[-1]
    assert not ArticlePage.objects.exists()


def test_something_that_is_not_a_feed_is_refused(publication, tmp_path, run_import):
    page = tmp_path / "page.xml"
    page.write_text("<html><body><p>Hello</p></body></html>")
    code, lines = run_import(page, publication, "feed")
    assert code == 2 and "not an RSS or Atom feed" in lines[-1]


def test_a_download_over_the_limit_is_refused(publication, loopback_http, settings, run_import):
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = True
    settings.IMPORT_MAX_DOWNLOAD_BYTES = 1024
    base = serve_feed(loopback_http, "feed.rss")
    code, lines = run_import(f"{base}/feed", publication, "feed")
    assert code == 2 and "larger than" in lines[-1]
    assert not ArticlePage.objects.exists()


def test_enormous_images_are_left_out(publication, section, loopback_http, settings, run_import):
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = True
    settings.IMPORT_MAX_IMAGE_PIXELS = 500 * 500  # the feed's pictures are larger
    base = serve_feed(loopback_http, "feed.rss")
    _code, lines = run_import(f"{base}/feed", publication, "feed")
    assert any("1200×675 pixels is more than allowed" in line for line in lines)
    pups = ArticlePage.objects.get(title="Seal pups counted on the sandbanks")
    assert pups.lead_image is None and pups.live
