from django.conf import settings
from django.urls import include, path, re_path
from django.views.decorators.csp import csp_override
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from masthead.api.api import urls as api_urls
from masthead.corrections import urls as correction_urls
from masthead.discovery import urls as discovery_urls
from masthead.narration import urls as narration_urls
from masthead.newsletters import urls as newsletter_urls
from masthead.publications.media import serve_media
from masthead.publications.views import healthz, publication_css

# Wagtail's admin (and its previews) needs inline styles; readers' pages get the strict policy.
admin_urls = decorate_urlpatterns(list(wagtailadmin_urls.urlpatterns), csp_override({}))

urlpatterns = [
    path("admin/", include(admin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("publication.css", publication_css, name="publication_css"),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api_urls()),
    path("", include(discovery_urls)),
    path("", include(correction_urls)),
    path("", include(narration_urls)),
    path("", include(newsletter_urls)),
]

if settings.DEBUG or getattr(settings, "SERVE_MEDIA", False):
    # In production the web server or object storage serves media, not Django.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve_media),
    ]

urlpatterns += [path("", include(wagtail_urls))]
