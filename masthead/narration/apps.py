from django.apps import AppConfig
from django.db.models.signals import post_migrate


class NarrationConfig(AppConfig):
    name = "masthead.narration"
    verbose_name = "Narration"

    def ready(self):
        from masthead.publications.roles import grant_after_migrate

        from . import signals  # noqa: F401  (narrate articles when they are published)

        post_migrate.connect(grant_after_migrate, sender=self)
