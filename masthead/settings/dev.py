"""Local development and the demo: SQLite, an insecure key that is fine on loopback.

DEBUG stays off unless asked for (DEBUG=1): demo readers get the publication's own 404 page,
not Django's debug page. Static files and media are served by the app either way.
"""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SERVE_MEDIA = True
