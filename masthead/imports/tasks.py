import tempfile
from collections import Counter
from pathlib import Path

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from .items import UnreadableSource
from .models import ImportRun
from .running import run_import

SUFFIXES = {"wordpress": ".xml", "ghost": ".json", "feed": ".xml", "html": ".html"}


@task()
def run_uploaded_import(run_id):
    """An export uploaded in the admin, imported by a worker. Claimed once (a second delivery
    of the task finds it taken); the import is idempotent, so a run whose worker died can be
    started again from the same file without duplicates."""
    with transaction.atomic():
        claimed = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.QUEUED).update(
            status=ImportRun.Status.RUNNING
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
