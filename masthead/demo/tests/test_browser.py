"""Each demo publication, seen in a real browser: anatomy, accessibility, a screenshot."""

import os
import zoneinfo

import pytest
from django.core.management import call_command
from django.utils import dateformat, timezone, translation
from playwright.sync_api import expect
from wagtail.models import Site

from masthead.articles.models import ArticlePage
from masthead.browser import (
    BROWSER_TEST,
    screenshot,
    scroll_through_the_story,
    serious_accessibility_violations,
    watch_csp_violations,
)
from masthead.corrections.models import Correction
from masthead.demo.content import PUBLICATIONS

pytestmark = BROWSER_TEST


@pytest.fixture
def demo(live_server, wagtail_base_rows):
    port = live_server.url.rsplit(":", 1)[1]
    call_command("load_demo", port=int(port), stdout=open(os.devnull, "w"))  # noqa: SIM115
    return port


def expected_dateline(spec):
    today = timezone.now().astimezone(zoneinfo.ZoneInfo(spec["time_zone"])).date()
    with translation.override(spec["language"]):
        return dateformat.format(today, spec["dateline_format"])


@pytest.mark.parametrize("spec", PUBLICATIONS, ids=[p["slug"] for p in PUBLICATIONS])
def test_demo_publication_front_page_and_article(browser, demo, spec):
    site = Site.objects.get(hostname=spec["hostname"])
    base = f"http://{spec['hostname']}:{demo}"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    refused_by_csp = watch_csp_violations(page)

    page.goto(base + "/")
    expect(page.locator(".masthead")).to_have_text(spec["name"])
    expect(page.locator(".tagline")).to_have_text(spec["tagline"])
    expect(page.locator(".dateline")).to_have_text(expected_dateline(spec))
    expect(page.locator(".sections-nav a")).to_have_count(len(spec["sections"]))
    expect(page.locator(".front__lead .card__headline")).to_be_visible()
    # The vendored typefaces load from our own static files, not from a font service.
    loaded = page.evaluate(
        "async () => { await document.fonts.ready;"
        " return [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family); }"
    )
    assert {"Playfair Display", "Source Serif 4", "Libre Franklin"} <= set(loaded), loaded
    assert serious_accessibility_violations(page) == []
    screenshot(page, f"{spec['slug']}-front")

    article = next(
        story
        for story in ArticlePage.objects.live().descendant_of(site.root_page).newest_first()
        if any(block["type"] == "statement" for block in story.body.raw_data)
    )
    page.goto(article.full_url)
    expect(page.locator(".masthead")).to_have_text(spec["name"])
    expect(page.locator(".tagline")).to_have_text(spec["tagline"])
    expect(page.locator(".dateline")).to_have_text(expected_dateline(spec))
    expect(page.locator(".article__section")).to_have_text(article.get_parent().title)
    expect(page.locator("h1")).to_have_text(article.title)
    expect(page.locator(".article__standfirst")).to_have_text(article.standfirst)
    byline = page.locator(".byline__names")
    for line in article.byline.all():
        expect(byline).to_contain_text(line.author.name)
    expect(page.locator(".byline__published")).to_be_visible()
    statement = page.locator(".statement").first
    expect(statement.locator(".statement__start")).to_be_visible()
    expect(statement.locator(".statement__start")).to_contain_text("Statement issued")
    expect(statement.locator(".statement__issuer")).to_be_visible()
    expect(statement.locator(".statement__end")).to_be_visible()
    expect(statement.locator(".statement__end")).to_contain_text("End of statement")
    expect(page.locator(".lead-image img")).to_be_visible()
    assert page.locator(".lead-image img").evaluate("img => img.naturalWidth") > 0
    assert serious_accessibility_violations(page) == []
    # Every demo article is narrated: the player shows its real length before playing.
    narration = article.narration
    expect(page.locator(".listen__player")).to_be_visible()
    expect(page.locator("[data-listen-total]")).to_have_text(narration.duration_label)
    assert narration.duration > 30
    expect(page.locator("[data-listen-chapter]")).to_have_count(len(narration.chapters))
    # Having scrolled through the story, the reader is invited to the newsletters once.
    dialog = page.locator("dialog.signup-dialog")
    scroll_through_the_story(page)
    expect(dialog).to_be_visible()
    screenshot(page, f"{spec['slug']}-newsletter-popup")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    # Under the story, more to read: the related list the worker stored when it was published.
    related = page.locator("section.related")
    expect(related.get_by_role("heading", level=2)).to_have_text("Related Articles")
    expect(related.locator(".card__headline a").first).to_be_visible()
    screenshot(page, f"{spec['slug']}-article")

    # Keyboard readers land on the skip link first, and it takes them to the story.
    page.goto(article.full_url)
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    expect(page.locator(".skip-link")).to_be_in_viewport()

    # From the article, readers follow its section, author and topic links.
    section_title = article.get_parent().title
    page.locator(".article__section a").click()
    expect(page.locator("h1")).to_have_text(section_title)
    expect(page.locator(".article-list .card").first).to_be_visible()
    expect(page.locator('.sections-nav a[aria-current="page"]')).to_have_text(section_title)
    assert serious_accessibility_violations(page) == []
    screenshot(page, f"{spec['slug']}-section")

    page.goto(article.full_url)
    first_author = article.byline.order_by("sort_order").first().author
    page.locator(".byline__names a").first.click()
    expect(page.locator("h1")).to_have_text(first_author.name)
    expect(page.get_by_role("link", name=article.title)).to_be_visible()
    assert serious_accessibility_violations(page) == []

    page.goto(article.full_url)
    first_tag = page.locator(".tags a").first.inner_text()
    page.locator(".tags a").first.click()
    expect(page.locator("h1")).to_have_text(first_tag)
    expect(page.get_by_role("link", name=article.title)).to_be_visible()
    assert serious_accessibility_violations(page) == []

    assert refused_by_csp == []

    phone = browser.new_page(viewport={"width": 375, "height": 740})
    phone.goto(article.full_url)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone, f"{spec['slug']}-article-phone")
    phone.close()
    page.close()


def test_unknown_address_shows_the_publication_404(browser, demo):
    page = browser.new_page()
    response = page.goto(f"http://daily.localhost:{demo}/no/such/story/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("We couldn’t find that page")
    expect(page.locator(".masthead")).to_have_text("The Daily Meridian")
    assert serious_accessibility_violations(page) == []
    page.close()


def test_demo_stories_carry_their_corrections_labels_and_provenance(browser, demo):
    """What a reader needs to trust a story, as the demo shows it: the correction, dated,
    before the story; the kind of journalism above the headline; where a story first ran."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    refused_by_csp = watch_csp_violations(page)
    corrected = Correction.objects.filter(
        publication__hostname="daily.localhost", kind="correction"
    ).first()
    page.goto(corrected.article.full_url)
    notice = page.locator(".notices--above .notice--correction")
    expect(notice).to_be_visible()
    expect(notice.locator(".notice__label")).to_have_text("Correction")
    expect(notice).to_contain_text("It will be held on Thursday.")
    expect(page.locator(".byline__updated")).to_be_visible()
    notice_box, body_box = notice.bounding_box(), page.locator(".article__body").bounding_box()
    assert notice_box["y"] + notice_box["height"] <= body_box["y"]  # read before the story
    assert serious_accessibility_violations(page) == []
    screenshot(page, "daily-correction")

    page.locator(".notices__policy a").click()
    expect(page.locator("h1")).to_have_text("Corrections")
    expect(page.get_by_role("link", name=corrected.article.title)).to_be_visible()
    expect(page.locator(".corrections__list .notice")).to_have_count(
        Correction.objects.filter(publication__hostname="daily.localhost").count()
    )
    assert serious_accessibility_violations(page) == []
    screenshot(page, "daily-corrections-page")

    review = ArticlePage.objects.get(type_of_work="review")
    page.goto(review.full_url)
    label = page.locator(".article__label")
    expect(label).to_have_text("Review")
    assert label.bounding_box()["y"] < page.locator("h1").bounding_box()["y"]
    assert serious_accessibility_violations(page) == []

    syndicated = ArticlePage.objects.get(syndicated=True)
    page.goto(syndicated.full_url)
    expect(page.locator(".byline__provenance")).to_contain_text(
        f"First published by {syndicated.first_published_by} on"
    )
    assert serious_accessibility_violations(page) == []
    assert refused_by_csp == []
    page.close()
