"""Behaviour every reader-facing page of a publication shares."""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Substr
from wagtail.models import Page, PageViewRestriction

from .cache import mark_cacheable
from .chrome import Publication

# Root, front page, section, article: the deepest a reader's page sits in the tree.
TREE_DEPTH = 4


def with_live_ancestors(queryset):
    """Only pages every ancestor of which (front page, section) is live too: a section taken
    down takes its articles out of readers' reach with it, wherever they would be listed."""
    prefixes = [Substr(OuterRef("path"), 1, depth * Page.steplen) for depth in range(2, TREE_DEPTH)]
    hidden_ancestor = Page.objects.filter(
        live=False, path__in=prefixes, depth__lt=OuterRef("depth")
    )
    return queryset.exclude(Exists(hidden_ancestor))


class PublicationPageMixin:
    """Marks anonymous, non-preview responses as cacheable until the publication's next midnight."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if response.status_code == 200 and not getattr(request, "is_preview", False):
            mark_cacheable(response, Publication.for_request(request).settings)
        return response

    def get_view_restrictions(self):
        """Wagtail's rule (restrictions on this page, its ancestors, or their alias sources),
        in one query: ancestor paths are prefixes of this page's own path. None at all when the
        front page's router has told us this publication has no private pages."""
        if getattr(self, "publication_has_view_restrictions", True) is False:
            return PageViewRestriction.objects.none()
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        on_path = Page.objects.filter(path__in=paths)
        return PageViewRestriction.objects.filter(
            Q(page__in=on_path.filter(alias_of__isnull=True).values("pk"))
            | Q(page__in=on_path.filter(alias_of__isnull=False).values("alias_of"))
        )
