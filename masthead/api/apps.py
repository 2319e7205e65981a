from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "masthead.api"
    verbose_name = "APIs"

    def ready(self):
        from . import signals  # noqa: F401  (webhooks follow what is published)
