from wagtail.admin.panels import InlinePanel

from masthead.articles.models import ArticlePage


def add_related_choices_panel():
    """Editors pin or exclude related stories on the article's own form. The panel is added
    from here so the articles app need not know this capability exists."""
    if any(
        getattr(panel, "relation_name", None) == "related_choices"
        for panel in ArticlePage.content_panels
    ):
        return
    ArticlePage.content_panels = [
        *ArticlePage.content_panels,
        InlinePanel(
            "related_choices",
            heading="Related articles",
            label="Related article",
            help_text="Pinned stories lead the list under this article; excluded ones never "
            "appear in it. The rest are chosen by similarity when the article is published.",
        ),
    ]
