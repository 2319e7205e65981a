import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings.production")

django_application = get_wsgi_application()

# Anonymous readers' pages come from this process's memory before Django is entered
# (masthead/publications/local_cache.py); everything else goes straight to Django.
from masthead.publications.local_cache import LocalPageCache  # noqa: E402

application = LocalPageCache(django_application)
