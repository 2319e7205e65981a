from wagtail import hooks

from masthead.articles.models import ARTICLE_CONTEXT_HOOK, ArticlePage


@hooks.register(ARTICLE_CONTEXT_HOOK)
def add_related_articles(article, request, context):
    """The stored list, live stories only, in rank order: never computed on a reader's request."""
    context["related_articles"] = list(
        ArticlePage.objects.filter(related_in__article_id=article.pk)
        .for_listing()
        .order_by("related_in__rank")
    )
