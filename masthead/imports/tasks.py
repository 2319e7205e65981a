import tempfile
from collections import Counter
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from .items import UnreadableSource
from .models import ImportRun
from .running import run_import

# An import still running this long after it started has lost its worker.
STALLED_AFTER = timedelta(hours=2)
SUFFIXES = {"wordpress": ".xml", "ghost": ".json", "feed": ".xml", "html": ".html"}


@task()
def run_uploaded_import(run_id):
    """An export uploaded in the admin, imported by a worker. Claimed once (a second delivery
    of the task finds it taken); the import is idempotent, so a run whose worker died can be
    started again from the same file without duplicates."""
    with transaction.atomic():
        claimed = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.QUEUED).update(
            status=ImportRun.Status.RUNNING, started_at=timezone.now()
        )
    if not claimed:
        return
    run = ImportRun.objects.select_related("publication__root_page").get(pk=run_id)
    counts, lines = Counter(), []
    with tempfile.TemporaryDirectory(prefix="masthead-upload-") as folder:
        path = Path(folder) / f"upload{SUFFIXES.get(run.format, '')}"
        path.write_bytes(bytes(run.upload))
        try:
            for outcome in run_import(
                path,
                run.publication,
                run.format,
                section_slug=run.section_slug,
                draft=run.draft,
                dry_run=run.dry_run,
            ):
                counts[outcome.status] += 1
                lines.append([outcome.status, outcome.title, outcome.detail, outcome.url])
            run.status = ImportRun.Status.DONE
        except UnreadableSource as error:
            run.status, run.error = ImportRun.Status.FAILED, str(error)
    run.lines, run.counts = lines, dict(counts)
    run.upload = b""
    run.finished_at = timezone.now()
    run.save()


def requeue_stalled_runs(now=None):
    """For the scheduler: a run whose worker died is started again from its upload, which is
    kept until a run finishes; the import is idempotent, so what the first attempt wrote is
    reported unchanged, not written twice."""
    now = now or timezone.now()
    stalled = ImportRun.objects.filter(
        status=ImportRun.Status.RUNNING, started_at__lt=now - STALLED_AFTER
    ).values_list("pk", flat=True)
    lines = []
    for run_id in stalled:
        if ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.RUNNING).update(
            status=ImportRun.Status.QUEUED
        ):
            transaction.on_commit(lambda run_id=run_id: run_uploaded_import.enqueue(run_id))
            lines.append(f"requeued import {run_id} (its worker stopped)")
    return lines
