"""Production: base settings plus security flags, each with its reason."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = False
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("Set SECRET_KEY in the environment for production.")

# Browsers must only ever talk to us over HTTPS.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Behind a TLS-terminating proxy, trust its scheme header (set to "" to disable).
if os.environ.get("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto"):
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_"
        + os.environ.get("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto").upper().replace("-", "_"),
        "https",
    )
# A year of HSTS, including subdomains, so a downgrade cannot be forced.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Session and CSRF cookies never travel over plain HTTP.
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Readers' pages must not be framed by other sites.
X_FRAME_OPTIONS = "DENY"
