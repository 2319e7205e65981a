from django.utils.dateparse import parse_datetime
from wagtail import hooks

from masthead.articles.models import ARTICLE_CONTEXT_HOOK, ArticlePage

from .models import RelatedArticle


@hooks.register(ARTICLE_CONTEXT_HOOK)
def add_related_articles(article, request, context):
    """The stored list, live stories only, in rank order, in one query: never computed on a
    reader's request."""
    cards = (
        RelatedArticle.objects.filter(article_id=article.pk)
        .filter(related__in=ArticlePage.objects.live().values("pk"))
        .order_by("rank")
        .values_list("card", flat=True)
    )
    context["related_articles"] = [
        {**card, "published": parse_datetime(card["published"]) if card.get("published") else None}
        for card in cards
    ]
