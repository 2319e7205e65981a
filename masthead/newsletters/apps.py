from django.apps import AppConfig
from django.db.models.signals import post_migrate


class NewslettersConfig(AppConfig):
    name = "masthead.newsletters"
    verbose_name = "Newsletters"

    def ready(self):
        from masthead.publications.roles import grant_after_migrate

        from . import signals  # noqa: F401  (signup forms follow the newsletters offered)

        post_migrate.connect(grant_after_migrate, sender=self)
