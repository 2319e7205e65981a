"""The standards panel as an editor sees it in the real admin, in a real browser."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect
from wagtail.rich_text import RichText

from masthead.articles.tests.factories import (
    AuthorFactory,
    make_article,
    make_publication,
    make_section,
)
from masthead.browser import BROWSER_TEST, screenshot, sign_in
from masthead.publications.roles import group_names

pytestmark = BROWSER_TEST


@pytest.fixture
def editors_desk(live_server, wagtail_base_rows):
    port = live_server.url.rsplit(":", 1)[1]
    site = make_publication("The Daily Meridian", "daily.localhost", port=int(port))
    section = make_section(site, "Local")
    draft = make_article(
        section,
        "Ferry fares fall",
        authors=[AuthorFactory(publication=site)],
        body=[
            (
                "paragraph",
                RichText("<p>The council met on January 14, 2024. Fares rose last week.</p>"),
            ),
            (
                "paragraph",
                RichText(
                    '<p>The new table is <a href="https://example.org/fares">click here</a>.</p>'
                ),
            ),
        ],
        publish=False,
    )
    editor = get_user_model().objects.create_user("daily-editor", password="pw-for-the-test")
    editor.groups.add(Group.objects.get(name=group_names(site)[0]))
    return f"http://localhost:{port}", draft


def test_the_editor_sees_the_findings_and_dismisses_one_with_a_reason(browser, editors_desk):
    admin, draft = editors_desk
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    sign_in(page, admin, "daily-editor", "pw-for-the-test")
    page.goto(f"{admin}/admin/pages/{draft.pk}/edit/")

    panel = page.locator("[data-standards-findings]")
    expect(panel).to_be_visible()
    relative = panel.locator('[data-check="relative-time"]')
    expect(relative).to_contain_text("Fares rose last week.")
    expect(relative).to_contain_text("January 14, 2024")
    expect(panel.locator('[data-check="links"]')).to_contain_text("click here")
    screenshot(page, "standards-findings-panel")

    relative.get_by_role("link", name="Dismiss with a reason").click()
    page.get_by_label("Reason").fill("The fares did rise last week; the meeting is background.")
    page.get_by_role("button", name="Dismiss").click()
    expect(page.locator("[data-standards-findings]")).to_be_visible()
    expect(page.locator('[data-standards-findings] [data-check="relative-time"]')).to_have_count(0)
    expect(page.locator('[data-standards-findings] [data-check="links"]')).to_have_count(1)
    page.close()
