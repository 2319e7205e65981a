"""The signup pop-up and forms in a real browser."""

import pytest
from playwright.sync_api import expect

from masthead.articles.tests.factories import make_article, make_publication, make_section
from masthead.browser import (
    BROWSER_TEST,
    screenshot,
    scroll_through_the_story,
    serious_accessibility_violations,
    watch_csp_violations,
)
from masthead.narration.tests.test_narration import short_body
from masthead.newsletters.models import Newsletter, NewsletterSettings, Subscription

pytestmark = BROWSER_TEST


@pytest.fixture
def long_article(live_server, wagtail_base_rows):
    port = int(live_server.url.rsplit(":", 1)[1])
    site = make_publication("The Daily Meridian", "daily.localhost", port=port)
    Newsletter.objects.create(
        publication=site,
        name="Morning Briefing",
        slug="morning",
        description="The day’s news at seven.",
    )
    Newsletter.objects.create(publication=site, name="Breaking News", slug="breaking")
    config = NewsletterSettings.for_site(site)
    config.popup_delay_seconds = 0  # scrolling alone opens it, so the test decides when
    config.save()
    section = make_section(site, "Local")
    from wagtail.rich_text import RichText

    body = short_body() + [
        ("paragraph", RichText(f"<p>{'A long paragraph of the story. ' * 20}</p>"))
        for _ in range(12)
    ]
    first = make_article(section, "Harbour reopens", body=body)
    second = make_article(section, "Ferry timetable", body=body)
    base = f"http://daily.localhost:{port}/local/"
    return base + first.slug + "/", base + second.slug + "/"


def test_popup_opens_after_reading_closes_and_stays_closed(browser, long_article):
    first, second = long_article
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    refused = watch_csp_violations(page)
    page.goto(first)
    dialog = page.locator("dialog.signup-dialog")
    expect(dialog).to_be_hidden()  # not before the reader has read most of the story
    scroll_through_the_story(page)
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Breaking News")).to_be_checked()  # the first offered
    expect(dialog.get_by_label("Morning Briefing")).not_to_be_checked()
    assert serious_accessibility_violations(page) == []
    screenshot(page, "newsletter-popup")
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()

    page.goto(second)  # closed once: not shown again in this browser
    scroll_through_the_story(page)
    page.wait_for_timeout(300)
    expect(page.locator("dialog.signup-dialog")).to_be_hidden()
    assert refused == []
    page.close()

    # A new reader closes it with Escape; focus returns where it was.
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(first)
    page.locator(".article__section a").focus()
    scroll_through_the_story(page)
    expect(page.locator("dialog.signup-dialog")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("dialog.signup-dialog")).to_be_hidden()
    expect(page.locator(".article__section a")).to_be_focused()
    page.close()


def test_signing_up_in_place_and_without_javascript(browser, long_article):
    first, _ = long_article
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    box = page.locator(".signup-box--article")
    page.goto(first)
    box.get_by_label("Email address").fill("reader@example.org")
    box.get_by_label("Morning Briefing").check()
    box.get_by_role("button", name="Sign up").click()
    expect(box.locator(".signup__message")).to_contain_text("Check your inbox")
    assert page.url == first  # answered in place, no reload
    assert Subscription.objects.filter(subscriber__email="reader@example.org").count() == 2
    scroll_through_the_story(page)
    page.wait_for_timeout(300)
    expect(page.locator("dialog.signup-dialog")).to_be_hidden()  # signed up: no pop-up
    page.close()

    plain = browser.new_context(java_script_enabled=False).new_page()
    plain.goto(first)
    footer = plain.locator(".signup-box--footer")
    footer.get_by_label("Email address").fill("plain@example.org")
    footer.get_by_role("button", name="Sign up").click()
    expect(plain.locator(".newsletter-page__message")).to_contain_text("Check your inbox")
    assert Subscription.objects.filter(subscriber__email="plain@example.org").count() == 1
    # The answer page, checked with scripts on (axe is a script).
    answer = browser.new_page()
    answer.set_content(plain.content())
    assert serious_accessibility_violations(answer) == []
