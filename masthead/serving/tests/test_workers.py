"""Any number of workers: two real worker processes drain one queue, and no task runs twice."""

import os
import subprocess
import sys
from collections import Counter

import pytest
from django.conf import settings
from django_tasks_db.models import DBTaskResult

from .tasks import note_run

pytestmark = pytest.mark.django_db(transaction=True)

TASKS = 60


def test_two_workers_share_the_queue_and_never_run_a_task_twice(
    settings_tasks_db, tmp_path, database_url
):
    log = tmp_path / "runs.log"
    for number in range(TASKS):
        note_run.enqueue(number, str(log))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "masthead.settings.dev",
        "DATABASE_URL": database_url,
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "MASTHEAD_VAR_DIR": str(settings.VAR_DIR),
    }
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload"]
    command += ["--no-startup-delay", "--interval", "0.05"]
    workers = [
        subprocess.Popen([*command, "--worker-id", f"test-{n}"], env=env, cwd=settings.BASE_DIR)
        for n in range(2)
    ]
    for worker in workers:
        assert worker.wait(timeout=120) == 0

    runs = [line.split() for line in log.read_text().splitlines()]
    counts = Counter(number for number, _ in runs)
    assert sorted(int(n) for n in counts) == list(range(TASKS))
    assert set(counts.values()) == {1}, "a task ran twice"
    assert len({pid for _, pid in runs}) == 2, "one worker did everything"
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


@pytest.fixture
def settings_tasks_db(settings, wagtail_base_rows):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
