"""The findings panel on the article form, added by this app so `articles` need not know it."""

from django.urls import reverse
from wagtail.admin.panels import Panel

from masthead.articles.models import ArticlePage


class FindingsPanel(Panel):
    """The standards checks' findings on the version being edited, after each save."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "standards/findings_panel.html"

        def get_context_data(self, parent_context=None):
            from .models import findings_for

            context = super().get_context_data(parent_context)
            article = self.instance
            context["checked"] = bool(article.pk)
            context["findings"] = findings_for(article) if article.pk else []
            context["has_errors"] = any(f.error for f in context["findings"])
            if article.pk:
                context["dismiss_url"] = reverse("standards:dismiss", args=[article.pk])
            return context


def add_findings_panel():
    if not any(isinstance(panel, FindingsPanel) for panel in ArticlePage.content_panels):
        ArticlePage.content_panels = [
            FindingsPanel(heading="Standards checks"),
            *ArticlePage.content_panels,
        ]
