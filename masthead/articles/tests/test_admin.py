"""Editors work in the Wagtail admin; bad input is refused with a clear message and saves nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from masthead.articles.models import STANDFIRST_MAX_LENGTH, ArticlePage

from .factories import AuthorFactory, admin_article_form, days_ago, make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("chief", "c@example.org", "pw"))
    return client


def add_article(client, section, data):
    url = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", section.pk])
    return client.post(url, data)


def test_editor_creates_a_draft_article(admin_client, publication, section):
    author = AuthorFactory(publication=publication)
    response = add_article(admin_client, section, admin_article_form(author))
    assert response.status_code == 302
    article = ArticlePage.objects.get(slug="council-approves-footbridge")
    assert not article.live and article.first_published_at is None


def test_article_without_headline_is_refused(admin_client, publication, section):
    author = AuthorFactory(publication=publication)
    response = add_article(admin_client, section, admin_article_form(author, title=""))
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not ArticlePage.objects.exists()


def test_overlong_standfirst_is_refused_with_its_limit(admin_client, publication, section):
    author = AuthorFactory(publication=publication)
    data = admin_article_form(author, standfirst="x" * (STANDFIRST_MAX_LENGTH + 1))
    response = add_article(admin_client, section, data)
    assert response.status_code == 200
    assert f"at most {STANDFIRST_MAX_LENGTH} characters" in response.content.decode()
    assert not ArticlePage.objects.exists()


def test_byline_cannot_borrow_another_publications_author(
    admin_client, publication, other_publication, section
):
    stranger = AuthorFactory(publication=other_publication, name="Courier writer")
    response = add_article(admin_client, section, admin_article_form(stranger))
    assert response.status_code == 200
    assert "writes for another publication" in response.content.decode()
    assert not ArticlePage.objects.exists()


def test_statement_needs_issuer_and_date_to_publish(admin_client, publication, section):
    author = AuthorFactory(publication=publication)
    body = streamfield(
        [
            (
                "statement",
                {
                    "title": "",
                    "issuer": "",
                    "date_issued": "",
                    "source_url": "",
                    "text": rich_text("<p>Words</p>"),
                },
            )
        ]
    )
    data = admin_article_form(author, body=body)
    data["action-publish"] = "action-publish"
    response = add_article(admin_client, section, data)
    assert response.status_code == 200
    assert not ArticlePage.objects.exists()
    assert "This field is required" in response.content.decode()


def test_section_cannot_take_a_reserved_slug(admin_client, publication):
    url = reverse(
        "wagtailadmin_pages:add", args=["articles", "sectionpage", publication.root_page.pk]
    )
    response = admin_client.post(
        url, nested_form_data({"title": "Authors", "slug": "authors", "description": ""})
    )
    assert response.status_code == 200
    assert "is the address of other pages" in response.content.decode()


def test_preview_renders_the_draft_for_editors(admin_client, publication, section):
    author = AuthorFactory(publication=publication)
    url = reverse("wagtailadmin_pages:preview_on_add", args=["articles", "articlepage", section.pk])
    data = admin_article_form(author, title="Preview headline")
    assert admin_client.post(url, data).json()["is_valid"]
    html = admin_client.get(url, HTTP_HOST=publication.hostname).content.decode()
    assert "Preview headline" in html


def test_editors_cannot_set_the_published_or_updated_date(admin_client, publication, section):
    author = AuthorFactory(publication=publication)
    article = make_article(section, authors=[author], published_at=days_ago(30))
    original = ArticlePage.objects.get(pk=article.pk).first_published_at
    data = admin_article_form(
        author,
        title=article.title,
        slug=article.slug,
        standfirst=article.standfirst,
        first_published_at="2030-01-01 09:00",
        text_updated_at="2030-01-01 09:00",
        **{"action-publish": "action-publish"},
    )
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[article.pk]), data)
    assert response.status_code == 302
    saved = ArticlePage.objects.get(pk=article.pk)
    assert saved.first_published_at == original
    # The body changed (the form's text differs from the original), so the update is dated now,
    # not at the editor's chosen date.
    assert saved.text_updated_at is not None and saved.text_updated_at.year != 2030
