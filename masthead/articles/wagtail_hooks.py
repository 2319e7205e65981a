"""Authors are snippets, but each publication's editors see and change only their own."""

from functools import cached_property

from django.contrib import messages
from django.shortcuts import redirect
from wagtail.snippets.views import chooser as chooser_views
from wagtail.snippets.views import snippets as snippet_views

from masthead.publications.snippets import (
    OwnPublicationChoices,
    PublicationSnippetViewSet,
    register_publication_snippet,
    scoped,
)

from .models import ArticlePage, Author


class AuthorDeleteView(scoped(snippet_views.DeleteView)):
    """An author named in bylines cannot go (the byline protects them): say so, not a 500."""

    @cached_property
    def byline_count(self):
        return ArticlePage.objects.filter(byline__author=self.object).distinct().count()

    @property
    def protected_reason(self):
        return (
            f"{self.object} cannot be deleted: they are in the byline of {self.byline_count} "
            "article(s). Take them off those bylines first."
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_protected"] = context.get("is_protected") or bool(self.byline_count)
        return context

    def form_valid(self, form):
        if self.byline_count:
            messages.error(self.request, self.protected_reason)
            return redirect(self.request.path)
        return super().form_valid(form)


class AuthorChooserViewSet(chooser_views.SnippetChooserViewSet):
    choose_view_class = type(
        "AuthorChooseView", (OwnPublicationChoices, chooser_views.ChooseView), {}
    )
    choose_results_view_class = type(
        "AuthorChooseResultsView", (OwnPublicationChoices, chooser_views.ChooseResultsView), {}
    )


class AuthorViewSet(PublicationSnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    add_to_admin_menu = True
    list_display = ["name", "job_title", "publication"]
    search_fields = ["name"]
    delete_view_class = AuthorDeleteView
    delete_template_name = "articles/author_confirm_delete.html"
    chooser_viewset_class = AuthorChooserViewSet


register_publication_snippet(AuthorViewSet)
