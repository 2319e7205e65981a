"""Readers' pages carry a strict Content-Security-Policy and Permissions-Policy; the admin works."""

import os
import re
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model

from masthead.articles.tests.factories import make_article
from masthead.publications.models import PublicationSettings

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_reader_pages_forbid_inline_and_foreign_scripts(client, publication, section):
    article = make_article(section, "Harbour story")
    for url in ("/", section.url, article.url, "/no/such/page/"):
        first = client.get(url, HTTP_HOST=publication.hostname)
        policy = directives(first)
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["img-src"] == ["'self'", "data:"], url
        assert policy["frame-ancestors"] == ["'none'"], url
        assert "camera=()" in first["Permissions-Policy"]
        html = first.content.decode()
        # Nothing the policy would refuse: no inline script, style element or style attribute.
        # (JSON-LD is a data block that runs nothing; the policy does not apply to it.)
        assert not re.search(r'<script(?![^>]*\b(src=|type="application/ld\+json"))', html), url
        assert "<style" not in html and " style=" not in html, url
    # A page from the page cache carries the same headers.
    again = client.get(article.url, HTTP_HOST=publication.hostname)
    assert again["X-Page-Cache"] == "hit"
    assert directives(again)["script-src"] == ["'self'"]


def test_brand_colour_comes_from_the_publication_stylesheet(client, publication):
    PublicationSettings.objects.filter(site=publication).update(brand_colour="#1f4e79")
    html = client.get("/", HTTP_HOST=publication.hostname).content.decode()
    assert 'href="/publication.css?v=1f4e79"' in html
    css = client.get("/publication.css?v=1f4e79", HTTP_HOST=publication.hostname)
    assert css["Content-Type"] == "text/css"
    assert css.content.decode().strip() == ":root { --brand: #1f4e79; }"


def test_admin_is_not_held_to_the_readers_policy(client, publication):
    client.force_login(get_user_model().objects.create_superuser("chief", "c@example.org", "pw"))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


def test_production_links_are_https_without_the_sites_port(client, settings, section):
    site = section.get_site()
    site.port = 8000
    site.save()
    article = make_article(section, "Harbour story")
    settings.CANONICAL_HTTPS = True
    path = f"/{section.slug}/{article.slug}/"
    html = client.get(path, HTTP_HOST=f"{site.hostname}:8000").content.decode()
    expected = f"https://{site.hostname}{path}"
    assert f'<link rel="canonical" href="{expected}">' in html
    assert f'<meta property="og:url" content="{expected}">' in html
    robots = client.get("/robots.txt", HTTP_HOST=f"{site.hostname}:8000").content.decode()
    assert f"Sitemap: https://{site.hostname}/sitemap.xml" in robots


def test_deploy_check_warns_about_a_publication_not_on_https(settings, publication):
    from masthead.publications.checks import publications_answer_on_https

    settings.CANONICAL_HTTPS = True
    publication.port = 8000
    publication.save()
    warnings = [w for w in publications_answer_on_https(None) if w.obj == publication]
    assert [w.id for w in warnings] == ["masthead.W001"]
    assert "port 8000" in warnings[0].msg and "443" in warnings[0].hint
    publication.port = 443
    publication.save()
    assert not [w for w in publications_answer_on_https(None) if w.obj == publication]


def test_production_preloads_hsts_only_when_asked(tmp_path):
    probe = (
        "import django; django.setup(); from django.conf import settings as s;"
        " print(s.SECURE_HSTS_PRELOAD, s.CANONICAL_HTTPS, bool(s.SECURE_CSP))"
    )
    base = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "masthead.settings.production",
        "SECRET_KEY": "probe-only-" + "x" * 50,
        "MASTHEAD_VAR_DIR": str(tmp_path),
    }
    for extra, expected in (
        ({}, "False True True"),
        ({"SECURE_HSTS_PRELOAD": "1"}, "True True True"),
    ):
        result = subprocess.run(
            [sys.executable, "-c", probe],
            env=base | extra,
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout.strip() == expected
