import random

import pytest
from wagtail.rich_text import RichText

from masthead.articles.tests.factories import make_article
from masthead.discovery import corpus, related


@pytest.fixture(autouse=True)
def _fresh_indexes():
    """Each test's database starts empty; so do this process's related-article indexes."""
    related.forget_indexes()
    yield
    related.forget_indexes()


@pytest.fixture
def publish_story(section, django_capture_on_commit_callbacks):
    """Publishes a corpus story of a topic, running the background tasks publishing enqueues."""
    rng = random.Random(11)

    def publish(topic, title=None, *, into=None, **fields):
        story = corpus.make_story(topic, rng)
        with django_capture_on_commit_callbacks(execute=True):
            return make_article(
                into or section,
                title or story.title,
                standfirst=story.standfirst,
                body=[("paragraph", RichText(f"<p>{text}</p>")) for text in story.paragraphs],
                tags=story.tags,
                **fields,
            )

    return publish
