from django.db.models.signals import post_delete, post_save

from masthead.publications.cache import invalidate_pages

from .models import Newsletter, NewsletterSettings


def newsletters_changed(**kwargs):
    invalidate_pages()  # every page's signup forms list the newsletters offered


def settings_saved(created, **kwargs):
    # A settings row made on first read holds the defaults pages already used.
    if not created:
        invalidate_pages()


post_save.connect(newsletters_changed, sender=Newsletter, dispatch_uid="signup-newsletter")
post_delete.connect(newsletters_changed, sender=Newsletter, dispatch_uid="signup-newsletter-del")
post_save.connect(settings_saved, sender=NewsletterSettings, dispatch_uid="signup-settings")
