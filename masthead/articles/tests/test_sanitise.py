"""Content written outside the admin (shell, importers, APIs) cannot put code on readers' pages."""

import json

import pytest
from django.core.exceptions import ValidationError
from wagtail.rich_text import RichText

from masthead.articles.models import ArticlePage
from masthead.articles.sanitise import is_safe_link, sanitise, unsafe_parts

from .factories import make_article, statement_value

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "body",
    [
        [("paragraph", RichText("<p>Hello<script>alert(7)</script></p>"))],
        [("paragraph", RichText('<p><a href="javascript:alert(7)">click</a></p>'))],
        [("paragraph", RichText('<p onmouseover="alert(7)">Hover</p>'))],
        [("statement", statement_value(source_url="javascript:alert(7)"))],
        [("statement", statement_value(text=RichText("<p><iframe src=x></iframe></p>")))],
    ],
    ids=["script", "javascript-link", "event-attribute", "statement-source", "statement-iframe"],
)
def test_unsafe_body_is_refused_when_saved_outside_the_admin(section, body):
    with pytest.raises(ValidationError) as refused:
        make_article(section, "Planted story", body=body)
    assert "Block 1" in str(refused.value)
    # Wagtail keeps an unvalidated draft row, as it does for any draft; it never got a revision
    # and so can never be published as it stands.
    planted = ArticlePage.objects.get(title="Planted story")
    assert not planted.live and planted.get_latest_revision() is None
    planted.live = True
    with pytest.raises(ValidationError):
        planted.save()


def test_content_that_got_past_validation_is_stripped_when_rendered(client, publication, section):
    article = make_article(section, "Old story")
    planted = [
        {
            "type": "paragraph",
            "value": '<p>Fine <script>alert(7)</script><a href="javascript:alert(7)">link</a> <a href="https://example.org/">ok</a></p>',
            "id": "a",
        },
        {
            "type": "statement",
            "value": {
                **json.loads(json.dumps(statement_value(), default=str)),
                "source_url": "javascript:alert(7)",
                "text": "<p>Words</p>",
            },
            "id": "b",
        },
    ]
    # As an old database or a careless script might have left it: straight into the table.
    ArticlePage.objects.filter(pk=article.pk).update(body=json.dumps(planted))
    html = client.get(article.url, HTTP_HOST=publication.hostname).content.decode()
    assert "alert(7)" not in html
    assert "<script>" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert '<a href="https://example.org/">ok</a>' in html
    assert "Fine" in html and "End of statement" in html


def test_sanitiser_keeps_what_the_editor_allows():
    html = (
        '<p>A <b>bold</b>, <i>italic</i> <a href="/local/story/">link</a>.</p><ul><li>One</li></ul>'
    )
    assert sanitise(html) == html
    assert unsafe_parts(html) == []
    assert unsafe_parts('<p><img src="x" onerror="alert(1)"></p>') == ["<img>"]


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/", True),
        ("mailto:desk@example.org", True),
        ("/local/", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//evil.example/", False),
    ],
)
def test_only_web_mail_and_site_links_are_safe(url, safe):
    assert is_safe_link(url) is safe
