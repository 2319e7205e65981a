from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published

from masthead.articles.models import ArticlePage
from masthead.publications.cache import invalidate_pages
from masthead.publications.roles import publication_of_page

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


def article_published(sender, instance, **kwargs):
    if instance.first_published_at != instance.last_published_at:
        return  # published before: it went out then
    from .schedule import send_new_article

    send_new_article(instance, publication_of_page(instance))


page_published.connect(article_published, sender=ArticlePage, dispatch_uid="newsletter-article")
