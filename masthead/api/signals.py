from wagtail.signals import page_published, page_unpublished

from masthead.articles.models import ArticlePage
from masthead.publications.roles import publication_of_page

from .models import Webhook
from .representation import Representer
from .webhooks import last_event_for, record_event


def _site_with_webhooks(article):
    site = publication_of_page(article)
    if site is None or not Webhook.objects.filter(publication=site, active=True).exists():
        return None
    return site


def article_published(sender, instance, **kwargs):
    site = _site_with_webhooks(instance)
    if site is None:
        return
    previous = last_event_for(site, instance)
    fresh = previous in (None, Webhook.Event.UNPUBLISHED)
    event = Webhook.Event.PUBLISHED if fresh else Webhook.Event.UPDATED
    record_event(site, event, instance, {"article": Representer(site).summary(instance)})


def article_unpublished(sender, instance, **kwargs):
    site = _site_with_webhooks(instance)
    if site is None:
        return
    payload = {"article": {"id": instance.pk, "headline": instance.title}}
    record_event(site, Webhook.Event.UNPUBLISHED, instance, payload)


page_published.connect(article_published, sender=ArticlePage, dispatch_uid="webhooks-published")
page_unpublished.connect(
    article_unpublished, sender=ArticlePage, dispatch_uid="webhooks-unpublished"
)
