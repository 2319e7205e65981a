"""Test helpers for driving Debian's Chromium with Playwright and checking pages with axe-core."""

import os
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_SCRIPT = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
# Browser tests drive a live server in another thread, so they need real transactions.
BROWSER_TEST = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", settings.VAR_DIR / "test-artifacts"))


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def serious_accessibility_violations(page):
    """Runs axe-core in the page; returns the serious and critical violations, described."""
    # Evaluated through the DevTools protocol: the pages' CSP refuses injected script tags.
    page.evaluate(AXE_SCRIPT.read_text() + "\n;undefined")
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def screenshot(page, name):
    """A full-page picture; scrolls through first so lazily loaded images are in it."""
    page.evaluate(
        "async () => { for (let y = 0; y < document.body.scrollHeight; y += innerHeight) {"
        " scrollTo(0, y); await new Promise(r => setTimeout(r, 50)); } scrollTo(0, 0); }"
    )
    page.wait_for_load_state("networkidle")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def watch_csp_violations(page):
    """A list that fills with every Content-Security-Policy refusal the page reports."""
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refused


def scroll_through_the_story(page):
    """Scroll to where an article's last lines are on screen, above whatever follows it."""
    page.evaluate(
        "() => { const body = document.querySelector('.article__body').getBoundingClientRect();"
        " window.scrollTo(0, window.scrollY + body.bottom - window.innerHeight + 40); }"
    )


def sign_in(page, address, username, password):
    """Signs in to the admin at `address` (a publication's http://host:port)."""
    page.goto(address + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
