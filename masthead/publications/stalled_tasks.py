"""Background tasks whose worker died mid-job go back in the queue.

The database worker marks a task RUNNING when it claims it and never hears of it again if the
process is killed. The scheduler hands such tasks back after a grace period, so they run again
on a live worker. Masthead's tasks are written to be safe to run twice.
"""

import datetime
import logging

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)


def requeue_stalled_tasks(now=None):
    from django_tasks_db.models import DBTaskResult

    grace = datetime.timedelta(seconds=settings.TASKS_STALLED_AFTER_SECONDS)
    cutoff = (now or timezone.now()) - grace
    requeued = []
    for task in DBTaskResult.objects.filter(status="RUNNING", started_at__lt=cutoff):
        # Only if it is still stalled: its worker may have finished it meanwhile.
        claimed = DBTaskResult.objects.filter(pk=task.pk, status="RUNNING", started_at__lt=cutoff)
        if claimed.update(status="READY", started_at=None):
            logger.warning(
                "Requeued task %s %s: its worker stopped answering", task.pk, task.task_path
            )
            requeued.append(task)
    return requeued
