"""A task for the worker tests: notes each run, with the worker process that ran it, in a file."""

import os
import time

from django.tasks import task


@task()
def note_run(number, log_path):
    time.sleep(0.02)  # long enough for both workers to be busy at once
    # One short append per run: O_APPEND writes of a line are not interleaved.
    with open(log_path, "a") as log:
        log.write(f"{number} {os.getpid()}\n")
