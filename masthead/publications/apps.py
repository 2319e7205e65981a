from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "masthead.publications"
    verbose_name = "Publications"

    def ready(self):
        from . import checks, signals  # noqa: F401  (deploy checks, page-cache invalidation)
