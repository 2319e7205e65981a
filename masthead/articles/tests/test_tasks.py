"""Publishing hands slow work to the database-backed worker, which does it."""

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
from wagtail.images import get_image_model

from masthead.articles.blocks import BODY_IMAGE_SPEC
from masthead.articles.models import CARD_IMAGE_SPEC, LEAD_IMAGE_SPEC

from .factories import ImageFactory, make_article, make_publication, make_section

# The worker closes its database connection between tasks, as a long-running process should,
# so it runs outside the test's wrapping transaction.
pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def renditions_of(image):
    return set(image.renditions.values_list("filter_spec", flat=True))


def test_publishing_queues_renditions_and_the_worker_makes_them(settings, wagtail_base_rows):
    settings.TASKS = DATABASE_TASKS
    section = make_section(make_publication(), "Local")
    lead, inside = ImageFactory(), ImageFactory()
    body = [("image", {"image": inside, "alt_text": "A picture", "caption": "", "credit": ""})]
    make_article(section, lead_image=lead, body=body)

    queued = DBTaskResult.objects.filter(task_path__endswith="prepare_article_media")
    assert queued.get().status == "READY"
    assert renditions_of(lead) == set()  # nothing was made on the editor's request

    call_command("db_worker", "--batch", "--no-reload", verbosity=0)

    assert queued.get().status == "SUCCESSFUL"
    assert {LEAD_IMAGE_SPEC, CARD_IMAGE_SPEC} <= renditions_of(
        get_image_model().objects.get(pk=lead.pk)
    )
    assert BODY_IMAGE_SPEC in renditions_of(get_image_model().objects.get(pk=inside.pk))
