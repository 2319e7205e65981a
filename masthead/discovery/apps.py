from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "masthead.discovery"
    verbose_name = "Discovery"

    def ready(self):
        from . import signals  # noqa: F401  (related lists follow what is published)
        from .panels import add_related_choices_panel

        add_related_choices_panel()
