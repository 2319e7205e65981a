"""Publishing hands slow work to the database-backed worker, which does it."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
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


def test_task_of_a_worker_that_died_runs_again(settings, wagtail_base_rows):
    settings.TASKS = DATABASE_TASKS
    settings.TASKS_STALLED_AFTER_SECONDS = 600
    section = make_section(make_publication(), "Local")
    lead = ImageFactory()
    make_article(section, lead_image=lead, body=[])
    queued = DBTaskResult.objects.filter(task_path__endswith="prepare_article_media")
    # A worker claimed the task twenty minutes ago and was killed before finishing.
    queued.update(status="RUNNING", started_at=timezone.now() - datetime.timedelta(minutes=20))
    call_command("db_worker", "--batch", "--no-reload", verbosity=0)
    assert queued.get().status == "RUNNING"  # a live worker leaves a claimed task alone

    log = io.StringIO()
    call_command("run_scheduler", "--once", stdout=log)
    assert queued.get().status == "READY"
    assert f"requeued task {queued.get().pk} " in log.getvalue()
    call_command("db_worker", "--batch", "--no-reload", verbosity=0)
    assert queued.get().status == "SUCCESSFUL"
    assert LEAD_IMAGE_SPEC in renditions_of(get_image_model().objects.get(pk=lead.pk))


def test_recent_running_task_is_left_to_its_worker(settings, wagtail_base_rows):
    settings.TASKS = DATABASE_TASKS
    make_article(make_section(make_publication(), "Local"), lead_image=ImageFactory(), body=[])
    queued = DBTaskResult.objects.filter(task_path__endswith="prepare_article_media")
    queued.update(status="RUNNING", started_at=timezone.now() - datetime.timedelta(seconds=30))
    call_command("run_scheduler", "--once")
    assert queued.get().status == "RUNNING"
