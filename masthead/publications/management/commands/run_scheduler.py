import signal
import time
from contextlib import contextmanager

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from wagtail import hooks
from wagtail.signals import page_published, page_unpublished

from ...scheduler import SCHEDULED_WORK_HOOK
from ...stalled_tasks import requeue_stalled_tasks


@contextmanager
def pages_changed_by_wagtail():
    """Collects (action, page) for every page Wagtail publishes or unpublishes meanwhile."""
    changed = []

    def published(sender, instance, **kwargs):
        changed.append(("published", instance))

    def unpublished(sender, instance, **kwargs):
        changed.append(("unpublished", instance))

    page_published.connect(published, weak=False, dispatch_uid="run-scheduler-published")
    page_unpublished.connect(unpublished, weak=False, dispatch_uid="run-scheduler-unpublished")
    try:
        yield changed
    finally:
        page_published.disconnect(dispatch_uid="run-scheduler-published")
        page_unpublished.disconnect(dispatch_uid="run-scheduler-unpublished")


class Command(BaseCommand):
    help = (
        "Publish and unpublish scheduled pages on time (Wagtail's publish_scheduled) and "
        "requeue background tasks whose worker died, every --interval seconds until stopped. "
        "Writes one line for each page published or unpublished and each task requeued."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=30.0)
        parser.add_argument("--once", action="store_true", help="Run one pass and exit.")

    def handle(self, *args, interval, once, **options):
        if interval <= 0:
            raise CommandError("--interval must be a positive number of seconds")
        self.running = True
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        while self.running:
            self.run_once()
            if once:
                break
            deadline = time.monotonic() + interval
            while self.running and time.monotonic() < deadline:
                time.sleep(min(1.0, interval))

    def run_once(self):
        with pages_changed_by_wagtail() as changed:
            call_command("publish_scheduled", verbosity=0)
        for action, page in changed:
            self.say(f"{action} page {page.pk} “{page.title}” at {page.url_path}")
        for task in requeue_stalled_tasks():
            self.say(f"requeued task {task.pk} {task.task_path} (its worker stopped answering)")
        # Capabilities' own timed work (newsletter digests…), each saying what it did.
        for scheduled_work in hooks.get_hooks(SCHEDULED_WORK_HOOK):
            for line in scheduled_work():
                self.say(line)

    def say(self, line):
        self.stdout.write(f"{timezone.now():%Y-%m-%d %H:%M:%S} {line}")
        self.stdout.flush()

    def _stop(self, *args):
        self.running = False
