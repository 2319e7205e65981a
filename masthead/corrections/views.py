"""The public record: a publication's corrections page and its feed."""

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.feedgenerator import Rss201rev2Feed
from django.views.decorators.http import require_GET

from masthead.articles.models import ArticlePage, paginate
from masthead.publications.cache import mark_cacheable
from masthead.publications.chrome import Publication

from .models import Correction

FEED_ITEMS = 30


def public_notes(publication):
    """Notes on the publication's live stories, newest first: never one on a draft or on a
    story taken down."""
    live = ArticlePage.objects.live().descendant_of(publication.site.root_page)
    return (
        Correction.objects.filter(publication=publication.site, article__in=live.values("pk"))
        .select_related("article")
        .order_by("-made_at", "-pk")
    )


@require_GET
def corrections_page(request):
    publication = Publication.for_request_or_404(request)
    notes = paginate(request, public_notes(publication))
    for note in notes:
        note.address = publication.url_for(note.article)
    response = TemplateResponse(request, "corrections/corrections_page.html", {"notes": notes})
    response.render()
    return mark_cacheable(response, publication.settings)


@require_GET
def corrections_feed(request):
    publication = Publication.for_request_or_404(request)
    root = publication.root_url
    feed = Rss201rev2Feed(
        title=f"{publication.name}: corrections",
        link=f"{root}/corrections/",
        feed_url=f"{root}/corrections/rss.xml",
        description=f"Corrections and clarifications published by {publication.name}.",
        language=publication.settings.language,
    )
    for note in public_notes(publication)[:FEED_ITEMS]:
        address = root + publication.url_for(note.article)
        feed.add_item(
            title=f"{note.get_kind_display()}: {note.article.title}",
            link=f"{address}#corrections",
            description=note.text,
            pubdate=note.made_at,
            updateddate=note.amended_at or note.made_at,
            unique_id=f"{root}/corrections/#note-{note.pk}",
            unique_id_is_permalink=False,
        )
    response = HttpResponse(content_type="application/rss+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return mark_cacheable(response, publication.settings)
