import datetime

from masthead.articles.models import ArticlePage

from .conftest import png


def ghost_export(sample, tmp_path):
    """The export with its content folder beside it, as Ghost's backup keeps them."""
    source = sample("ghost.json")
    pictures = tmp_path / "content" / "images" / "2025" / "06"
    pictures.mkdir(parents=True)
    (pictures / "viaduct.png").write_bytes(png((1400, 800)))
    return source


def test_ghost_export_in_lexical_and_mobiledoc_becomes_articles(
    publication, sample, tmp_path, run_import
):
    source = ghost_export(sample, tmp_path)
    code, lines = run_import(source, publication, "ghost")
    print("\n".join(lines))
    assert code == 1  # the post with broken content failed; the others are in
    rail = ArticlePage.objects.get(slug="rail-line-closure")
    assert rail.live and rail.get_parent().title == "Transport"  # the primary public tag
    assert rail.first_published_at == datetime.datetime(2025, 6, 10, 7, 30, tzinfo=datetime.UTC)
    assert [line.author.name for line in rail.byline.order_by("sort_order")] == [
        "Jo Park",
        "Sam Idris",
    ]
    assert sorted(t.name for t in rail.tags.all()) == ["Rail", "Transport"]  # not #featured
    assert rail.standfirst.startswith("Trains stop for eight weeks")
    assert rail.lead_image and rail.lead_image_alt_text == "The viaduct at sunset"
    assert rail.lead_image_caption == "Photo: Jo Park"
    assert [b.block_type for b in rail.body] == [
        "paragraph",
        "subheading",
        "paragraph",
        "image",
        "pull_quote",
        "paragraph",
        "statement",
    ]
    assert "<strong>strengthened</strong>" in rail.body[0].value.source
    assert rail.body[3].value["caption"] == "The viaduct was built in 1871."
    assert rail.body[3].value["image"].pk == rail.lead_image_id  # one file, stored once
    assert rail.body[6].value["issuer"] == "Valley Rail"
    assert rail.body[6].value["source_url"] == "https://valleyrail.example/statement"
    assert "script" not in str(rail.body.raw_data)

    library = ArticlePage.objects.get(slug="library-sundays")
    assert [b.block_type for b in library.body] == [
        "paragraph",
        "subheading",
        "paragraph",
        "paragraph",
        "paragraph",
        "paragraph",
    ]
    assert 'href="https://example.org/report"' in library.body[0].value.source
    assert "<em>Sunday</em>" in library.body[2].value.source
    assert "A **markdown** card." in library.body[3].value.source
    assert any("missing.png left out" in line for line in lines)
    # Ghost's draft is a draft here; its page is not a story.
    assert not ArticlePage.objects.get(slug="budget").live
    assert "skipped   Contact — a Ghost page, not a post" in lines
    assert any(line.startswith("failed    Broken content") for line in lines)

    _code, again = run_import(source, publication, "ghost")
    assert again[-2] == "0 created, 0 updated, 3 unchanged, 1 skipped, 1 failed."


def test_a_truncated_ghost_export_changes_nothing(publication, sample, run_import):
    source = sample("ghost.json")
    source.write_bytes(source.read_bytes()[:-200])
    code, lines = run_import(source, publication, "ghost")
    assert code == 2 and "not valid JSON" in lines[-1]
    assert not ArticlePage.objects.exists()


def test_json_that_is_not_a_ghost_export_is_refused(publication, tmp_path, run_import):
    source = tmp_path / "other.json"
    source.write_text('{"posts": []}')
    code, lines = run_import(source, publication, "ghost")
    assert code == 2 and "not a Ghost export" in lines[-1]
