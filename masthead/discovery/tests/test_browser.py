"""Readers finding more to read, in a real browser: the related list under a story, and search
from the header box."""

import random

import pytest
from playwright.sync_api import expect
from wagtail.rich_text import RichText

from masthead.articles.tests.factories import make_article, make_publication, make_section
from masthead.browser import (
    BROWSER_TEST,
    screenshot,
    serious_accessibility_violations,
    watch_csp_violations,
)
from masthead.discovery import corpus

pytestmark = BROWSER_TEST


@pytest.fixture
def newsroom(live_server, wagtail_base_rows):
    port = int(live_server.url.rsplit(":", 1)[1])
    site = make_publication("The Daily Meridian", "daily.localhost", port=port)
    local, sport = make_section(site, "Local"), make_section(site, "Sport")
    rng = random.Random(3)
    for topic, section in (("ferries", local), ("arts", local), ("football", sport)):
        for n in range(3):
            story = corpus.make_story(topic, rng)
            make_article(
                section,
                f"{story.title} ({topic} {n})",
                standfirst=story.standfirst,
                body=[("paragraph", RichText(f"<p>{p}</p>")) for p in story.paragraphs],
                tags=story.tags,
            )
    return f"http://daily.localhost:{port}"


def test_reader_finds_related_stories_and_searches(browser, newsroom):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    refused_by_csp = watch_csp_violations(page)
    page.goto(newsroom + "/local/")
    page.get_by_role("link", name="(ferries 2)").click()

    related = page.locator("section.related")
    expect(related.get_by_role("heading", level=2)).to_have_text("Related Articles")
    cards = related.locator(".card__headline a")
    expect(cards).to_have_count(6)
    # The two other ferry stories lead the list.
    expect(cards.nth(0)).to_contain_text("(ferries")
    expect(cards.nth(1)).to_contain_text("(ferries")
    related.scroll_into_view_if_needed()
    assert serious_accessibility_violations(page) == []
    screenshot(page, "discovery-related")
    first = cards.nth(0).inner_text()
    cards.nth(0).click()
    expect(page.locator("h1")).to_have_text(first)

    # Search from the header box, then narrow to a section.
    page.get_by_role("searchbox", name="Search The Daily Meridian").first.fill("stadium")
    page.get_by_role("searchbox", name="Search The Daily Meridian").first.press("Enter")
    expect(page.locator("h1")).to_have_text("Search")
    results = page.locator(".search-result")
    expect(results.first).to_be_visible()
    expect(page.locator(".search-result mark").first).to_have_text("stadium", ignore_case=True)
    assert any("(football" in t for t in results.locator("h2").all_inner_texts())
    everywhere = results.count()
    page.get_by_label("Section", exact=True).select_option(label="Local")
    page.locator(".search-form button[type=submit]").click()
    expect(page.get_by_label("Section", exact=True)).to_have_value("local")
    addresses = page.locator(".search-result h2 a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    assert all(address.startswith("/local/") for address in addresses)
    assert len(addresses) < everywhere
    assert serious_accessibility_violations(page) == []

    page.get_by_label("Section", exact=True).select_option(label="All sections")
    page.locator("#search-q").fill('"harbour ferry')
    page.locator(".search-form button[type=submit]").click()
    expect(page.locator(".search-result").first).to_be_visible()
    screenshot(page, "discovery-search")
    assert refused_by_csp == []
    page.close()
