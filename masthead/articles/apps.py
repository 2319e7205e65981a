from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "masthead.articles"
    verbose_name = "Articles"

    def ready(self):
        from . import signals  # noqa: F401  (honest dates and publish-time renditions)
