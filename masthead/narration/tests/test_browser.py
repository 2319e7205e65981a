"""The Listen player in a real browser: it plays, seeks, changes speed and works by keyboard."""

import time

import pytest
from playwright.sync_api import expect

from masthead.articles.tests.factories import make_publication, make_section
from masthead.browser import (
    BROWSER_TEST,
    screenshot,
    serious_accessibility_violations,
    watch_csp_violations,
)
from masthead.narration.models import Narration

from .test_narration import short_body

pytestmark = BROWSER_TEST


@pytest.fixture
def media_with_byte_ranges(monkeypatch):
    """Django's live server answers /media/ itself, without byte ranges, so players cannot seek;
    hand media to the app's own view instead, which honours them as production's server does."""
    from django.test.testcases import _MediaFilesHandler

    monkeypatch.setattr(_MediaFilesHandler, "_should_handle", lambda self, path: False)


@pytest.fixture
def narrated_article(live_server, wagtail_base_rows, media_with_byte_ranges):
    from masthead.articles.tests.factories import make_article

    port = int(live_server.url.rsplit(":", 1)[1])
    site = make_publication("The Daily Meridian", "daily.localhost", port=port)
    section = make_section(site, "Local")
    body = short_body() + [
        ("paragraph", RichTextParagraph(f"Paragraph {n} of the story, read at an even pace."))
        for n in range(6)
    ]
    article = make_article(section, "Harbour reopens", body=body)
    return f"http://daily.localhost:{port}/local/{article.slug}/", Narration.objects.get(
        article=article
    )


def RichTextParagraph(text):  # noqa: N802 - reads like the block it makes
    from wagtail.rich_text import RichText

    return RichText(f"<p>{text}</p>")


def test_listen_player_plays_seeks_changes_speed_and_answers_the_keyboard(
    browser, narrated_article
):
    url, narration = narrated_article
    assert narration.status == Narration.Status.READY
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    refused = watch_csp_violations(page)
    page.goto(url)
    player = page.locator(".listen")
    play = player.get_by_role("button", name="Play")
    expect(player.locator("[data-listen-elapsed]")).to_have_text("0:00")
    expect(player.locator("[data-listen-total]")).to_have_text(narration.duration_label)
    # Native controls are replaced by the player's own once its script runs.
    expect(player.locator("audio")).to_be_hidden()
    audio = player.locator("audio")

    play.click()
    # Polled from here: the page's CSP refuses the eval behind wait_for_function.
    deadline = time.monotonic() + 15
    while audio.evaluate("a => a.currentTime") < 1.2 and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert audio.evaluate("a => a.currentTime") >= 1.2
    expect(player.get_by_role("button", name="Pause")).to_be_visible()
    expect(player.locator("[data-listen-elapsed]")).not_to_have_text("0:00")

    statement = narration.chapters[1]
    player.get_by_role("button", name=statement["title"]).click()
    position = audio.evaluate("a => a.currentTime")
    assert statement["start"] - 0.5 <= position <= statement["start"] + 2

    player.get_by_label("Speed").select_option("1.5")
    assert audio.evaluate("a => a.playbackRate") == 1.5

    player.get_by_role("button", name="Back 15 seconds").click()
    assert audio.evaluate("a => a.currentTime") <= max(0, statement["start"] - 13)

    # Keyboard: Tab reaches the controls in order, Space plays and Escape pauses.
    player.get_by_role("button", name="Pause").focus()
    page.keyboard.press("Space")
    expect(player.get_by_role("button", name="Play")).to_be_visible()
    page.keyboard.press("Tab")
    expect(player.get_by_role("button", name="Back 15 seconds")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(player.get_by_role("button", name="Pause")).to_be_visible()
    page.keyboard.press("Escape")
    expect(player.get_by_role("button", name="Play")).to_be_visible()
    assert audio.evaluate("a => a.paused")
    outline = play.evaluate("b => { b.focus(); return getComputedStyle(b).outlineStyle; }")
    assert outline != "none"  # focus is visible

    assert serious_accessibility_violations(page) == []
    assert refused == []
    screenshot(page, "listen-player")

    # Without JavaScript the native audio controls remain.
    plain = browser.new_context(java_script_enabled=False).new_page()
    plain.goto(url)
    expect(plain.locator(".listen audio[controls]")).to_be_visible()
    expect(plain.locator(".listen__player")).to_be_hidden()
