"""The test suite: SQLite unless DATABASE_URL is set, tasks run immediately, a private cache.

Tests write only under a temporary folder (media, the demo's login file, screenshots), never
into the working tree.
"""

import os
import tempfile
from pathlib import Path

os.environ["MASTHEAD_VAR_DIR"] = str(Path(tempfile.gettempdir()) / f"masthead-tests-{os.getuid()}")

from .base import *  # noqa: E402, F403

SECRET_KEY = "test-only-insecure-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
# The live server serves static files straight from the apps' folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
SERVE_MEDIA = True
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
# The fast engine; tests that need the neural voice ask for it.
NARRATION_DEFAULT_ENGINE = "espeak"
NARRATION_MAX_ATTEMPTS = 2
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: crash tests run a real worker process against the test database.
    # One per run, so two test runs on one machine never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")}  # noqa: F405
