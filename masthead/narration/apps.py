from django.apps import AppConfig
from django.db.models.signals import post_migrate


class NarrationConfig(AppConfig):
    name = "masthead.narration"
    verbose_name = "Narration"

    def ready(self):
        from . import signals  # noqa: F401  (narrate articles when they are published)

        post_migrate.connect(give_editors_the_lexicon, sender=self)


def give_editors_the_lexicon(**kwargs):
    """Publications made before this app existed: their editors get its permissions too."""
    from wagtail.models import Site

    from masthead.publications.roles import set_up_publication_roles

    for site in Site.objects.filter(publicationsettings__isnull=False):
        set_up_publication_roles(site)
