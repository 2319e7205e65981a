import datetime

import pytest
from django.db.models import F
from django.utils import timezone

from masthead.articles.models import ArticlePage
from masthead.articles.tests.factories import (
    AuthorFactory,
    ImageFactory,
    make_article,
    make_section,
    statement_value,
)


@pytest.fixture
def newsroom(publication, other_publication):
    """Two publications' published and unpublished stories."""
    from wagtail.rich_text import RichText

    local = make_section(publication, "Local")
    business = make_section(publication, "Business")
    ada = AuthorFactory(publication=publication, name="Ada Reporter", slug="ada")
    ben = AuthorFactory(publication=publication, name="Ben Writer", slug="ben")
    now = timezone.now()
    stories = {}
    for number in range(5):
        stories[f"local{number}"] = make_article(
            local,
            f"Local story {number}",
            authors=[ada] if number % 2 else [ben],
            tags=["harbour"] if number < 3 else ["council"],
            published_at=now - datetime.timedelta(days=10 - number),
        )
    stories["pictured"] = make_article(
        business,
        "Bakery wins national prize",
        authors=[ada, ben],
        lead_image=ImageFactory(),
        body=[
            (
                "paragraph",
                RichText(
                    '<p>The <b>bakery</b> on <a href="https://example.org">Main St</a> won.</p>'
                ),
            ),
            ("subheading", "The judges"),
            ("statement", statement_value()),
        ],
        published_at=now - datetime.timedelta(days=1),
    )
    stories["draft"] = make_article(local, "Secret draft", authors=[ada], publish=False)
    stories["elsewhere"] = make_article(make_section(other_publication, "News"), "Courier story")
    # Published long ago, last touched then too.
    ArticlePage.objects.update(last_published_at=F("first_published_at"))
    for story in stories.values():
        story.refresh_from_db()
    return stories


@pytest.fixture
def api(client, publication):
    def get(path, **headers):
        return client.get(f"/api/v1{path}", HTTP_HOST=publication.hostname, **headers)

    return get
