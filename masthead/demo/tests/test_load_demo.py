import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from wagtail.models import Site

from masthead.articles.models import ArticlePage, SectionPage
from masthead.demo.management.commands.load_demo import PASSWORD_FILE

pytestmark = pytest.mark.django_db


def blocks_of(article, kind):
    return sum(1 for block in article.body.raw_data if block["type"] == kind)


def test_demo_makes_two_full_publications_and_a_working_login(db):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    sites = Site.objects.exclude(hostname="localhost").order_by("hostname")
    assert [s.hostname for s in sites] == ["courier.localhost", "daily.localhost"]
    for site in sites:
        live = ArticlePage.objects.live().descendant_of(site.root_page)
        assert live.count() >= 15
        assert SectionPage.objects.live().descendant_of(site.root_page).count() >= 3
        assert sum(blocks_of(a, "statement") for a in live) >= 3
        assert sum(blocks_of(a, "pull_quote") for a in live) >= 3
        assert all(a.lead_image_id for a in live)
        unpublished = ArticlePage.objects.descendant_of(site.root_page).filter(live=False)
        assert {a.go_live_at is None for a in unpublished} == {True, False}  # a draft, a scheduled
    password = PASSWORD_FILE.read_text().strip()
    assert f"password: {password}" in out.getvalue()
    assert authenticate(username="admin", password=password).is_superuser
    assert authenticate(username="daily-editor", password=password) is not None


def test_running_the_demo_again_changes_nothing(db):
    call_command("load_demo", stdout=io.StringIO())
    before = ArticlePage.objects.count()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert ArticlePage.objects.count() == before
    assert "already exists" in out.getvalue()


def test_tests_write_only_into_a_temporary_folder(db, settings):
    from masthead.browser import ARTIFACTS

    call_command("load_demo", stdout=io.StringIO())
    assert PASSWORD_FILE.exists()
    for written in (PASSWORD_FILE, settings.MEDIA_ROOT, settings.STATIC_ROOT, ARTIFACTS):
        assert not written.resolve().is_relative_to(settings.BASE_DIR), written


def test_the_demo_runs_with_debug_off_so_readers_get_the_publications_404():
    """The demo's settings (scripts/demo.sh) must not show Django's debug page to readers."""
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    demo_script = (Path(__file__).parents[3] / "scripts" / "demo.sh").read_text()
    assert "DJANGO_SETTINGS_MODULE=masthead.settings.dev" in demo_script
    env["DJANGO_SETTINGS_MODULE"] = "masthead.settings.dev"
    probe = (
        "import django; django.setup(); from django.conf import settings as s;"
        " print(s.DEBUG, s.SERVE_MEDIA, s.WHITENOISE_USE_FINDERS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "True", "True"]


def test_the_demo_shows_integrity_features_and_check_articles_flags_its_draft(db, client):
    call_command("load_demo", stdout=io.StringIO())
    for site in Site.objects.exclude(hostname="localhost"):
        page = client.get("/corrections/", HTTP_HOST=site.hostname).content.decode()
        assert page.count('class="notice notice--') >= 1
    assert ArticlePage.objects.filter(type_of_work="review").exists()
    assert ArticlePage.objects.filter(syndicated=True, live=True).exists()
    out = io.StringIO()
    call_command("check_articles", "--drafts", "--publication", "daily.localhost", stdout=out)
    block = out.getvalue().split("Draft: budget figures still being checked\n", 1)[1]
    block = block.split("\n\n", 1)[0]
    for check in ("[relative-time]", "[links]"):
        assert check in block
