"""An editor imports a WordPress export in the real admin and reads the stories as readers do."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from masthead.articles.tests.factories import make_publication
from masthead.browser import BROWSER_TEST, screenshot, serious_accessibility_violations, sign_in
from masthead.publications.roles import group_names

from .conftest import SAMPLES

pytestmark = BROWSER_TEST


@pytest.fixture
def newsroom(live_server, wagtail_base_rows):
    port = int(live_server.url.rsplit(":", 1)[1])
    site = make_publication("The Harbour Gazette", "gazette.localhost", port=port)
    editor = get_user_model().objects.create_user("gazette-editor", password="pw-for-the-test")
    editor.groups.add(Group.objects.get(name=group_names(site)[0]))
    return f"http://gazette.localhost:{port}", site


def test_an_imported_story_reads_as_a_complete_article_page(browser, newsroom, tmp_path):
    newsroom, site = newsroom
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    sign_in(page, newsroom, "gazette-editor", "pw-for-the-test")
    page.goto(newsroom + "/admin/imports/")
    # By value: the site's label gains "[default]" when it is the only one.
    page.get_by_label("Publication").select_option(str(site.pk))
    page.get_by_label("Format").select_option("wordpress")
    page.get_by_label("File").set_input_files(str(SAMPLES / "wordpress.xml"))
    page.get_by_role("button", name="Import").click()

    expect(page.locator(".import-summary")).to_contain_text("3 created", timeout=30_000)
    expect(page.locator(".import-line--failed")).to_contain_text("Only a script")
    screenshot(page, "imports-report")
    page.get_by_role("link", name="Harbour to reopen on Monday after sea wall repairs").click()

    # What a reader sees: the story's anatomy, with the imported statement set apart.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Harbour to reopen on Monday after sea wall repairs"
    )
    expect(page.locator(".byline, [class*=byline]").first).to_contain_text("Mira Kovács")
    statement = page.get_by_role("region", name="Statement from Harbour Commissioners")
    expect(statement).to_contain_text("The harbour reopens to all vessels")
    expect(statement).to_contain_text("End of statement")
    expect(page.get_by_role("heading", name="What changes for ferries")).to_be_visible()
    expect(page.locator("time").first).to_be_visible()
    screenshot(page, "imports-article")
    assert serious_accessibility_violations(page) == []
