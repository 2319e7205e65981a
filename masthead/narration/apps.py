from django.apps import AppConfig


class NarrationConfig(AppConfig):
    name = "masthead.narration"
    verbose_name = "Narration"

    def ready(self):
        from . import signals  # noqa: F401  (narrate articles when they are published)
