from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "masthead.publications"
    verbose_name = "Publications"

    def ready(self):
        from . import signals  # noqa: F401  (registers the page-cache invalidation handlers)
