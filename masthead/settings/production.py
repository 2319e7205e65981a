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
# Preload lists are hard to leave and bind every subdomain: only when asked for.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Not preloading is that deliberate choice, not an oversight for check --deploy to flag.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# Session and CSRF cookies never travel over plain HTTP.
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Readers' pages must not be framed by other sites.
X_FRAME_OPTIONS = "DENY"
# Readers reach publications over https on the standard port, whatever port a Site row says:
# canonical and sharing links must not carry http:// or :8000 (see publications.checks).
CANONICAL_HTTPS = env_bool("CANONICAL_HTTPS", True)
