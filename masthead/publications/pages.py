"""Behaviour every reader-facing page of a publication shares."""

from .cache import mark_cacheable
from .chrome import Publication


class PublicationPageMixin:
    """Marks anonymous, non-preview responses as cacheable until the publication's next midnight."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if response.status_code == 200 and not getattr(request, "is_preview", False):
            mark_cacheable(response, Publication.for_request(request).settings)
        return response
