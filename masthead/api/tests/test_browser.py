"""An editor makes a key in the admin, a tool writes with it, and the API's docs page shows both
APIs, in a real browser."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from masthead.articles.models import ArticlePage
from masthead.articles.tests.factories import AuthorFactory, make_publication, make_section
from masthead.browser import BROWSER_TEST, screenshot, sign_in
from masthead.publications.roles import group_names

pytestmark = BROWSER_TEST


@pytest.fixture
def newsroom(live_server, wagtail_base_rows):
    port = int(live_server.url.rsplit(":", 1)[1])
    site = make_publication("The Daily Meridian", "daily.localhost", port=port)
    make_section(site, "Local")
    AuthorFactory(publication=site, name="Ada Reporter", slug="ada")
    editor = get_user_model().objects.create_user("daily-editor", password="pw-for-the-test")
    editor.groups.add(Group.objects.get(name=group_names(site)[0]))
    return f"http://daily.localhost:{port}", site


def test_a_key_made_in_the_admin_writes_a_draft_and_the_docs_show_the_api(browser, newsroom):
    newsroom, site = newsroom
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    sign_in(page, newsroom, "daily-editor", "pw-for-the-test")
    page.goto(newsroom + "/admin/api/keys/")
    # By value: the site's label gains "[default]" when it is the only one.
    page.get_by_label("Publication").select_option(str(site.pk))
    page.get_by_label("Name").fill("Wire desk")
    page.get_by_label("Create and update drafts").check()
    page.get_by_role("button", name="Make a key").click()
    key = page.locator(".api-key-value").inner_text()
    assert key.startswith("mh_")
    screenshot(page, "api-keys")

    # The tool's request, made from the page (the browser resolves *.localhost).
    status = page.evaluate(
        """async (key) => {
            const response = await fetch("/api/v1/articles", {
                method: "POST",
                headers: {"Authorization": "Bearer " + key, "Content-Type": "application/json"},
                body: JSON.stringify({
                    headline: "Written by a tool",
                    standfirst: "A draft from the wire desk.",
                    section: "local",
                    authors: ["ada"],
                    body: [{type: "paragraph", value: "<p>From the wire.</p>"}],
                }),
            });
            return response.status;
        }""",
        key,
    )
    assert status == 201
    assert not ArticlePage.objects.get(title="Written by a tool").live

    page.goto(newsroom + "/api/v1/docs")
    expect(page.get_by_text("Published articles, newest first")).to_be_visible(timeout=20_000)
    expect(page.get_by_text("Create a draft")).to_be_visible()
    expect(page.get_by_text("One published article, with its body")).to_be_visible()
    screenshot(page, "api-docs")
