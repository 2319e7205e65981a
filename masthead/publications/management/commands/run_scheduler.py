import signal
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from ...stalled_tasks import requeue_stalled_tasks


class Command(BaseCommand):
    help = (
        "Publish and unpublish scheduled pages on time (Wagtail's publish_scheduled) and "
        "requeue background tasks whose worker died, every --interval seconds until stopped."
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
            call_command("publish_scheduled", verbosity=0)
            requeue_stalled_tasks()
            if once:
                break
            deadline = time.monotonic() + interval
            while self.running and time.monotonic() < deadline:
                time.sleep(min(1.0, interval))

    def _stop(self, *args):
        self.running = False
