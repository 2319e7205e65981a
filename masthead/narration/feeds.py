"""Each publication's podcast: its narrated, live articles, for podcast apps."""

import io

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.views.decorators.http import require_GET
from PIL import Image, ImageDraw, ImageFont

from masthead.articles.models import ArticlePage
from masthead.publications.cache import mark_cacheable
from masthead.publications.chrome import Publication

from .models import Narration

EPISODES = 100
ARTWORK_SIZE = 1400
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"


def published_narrations(publication):
    """Ready narrations of this publication's live articles, newest first."""
    live = ArticlePage.objects.live().descendant_of(publication.site.root_page)
    return (
        Narration.objects.playable()
        .filter(article__in=live.values("pk"))
        .select_related("article")
        .order_by("-article__first_published_at")
    )


class PodcastFeedGenerator(Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:itunes": ITUNES, "xmlns:podcast": PODCAST}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        feed = self.feed
        handler.addQuickElement("itunes:author", feed["podcast_author"])
        handler.addQuickElement("itunes:summary", feed["description"])
        handler.addQuickElement("itunes:explicit", "false")
        handler.addQuickElement("itunes:type", "episodic")
        handler.addQuickElement("itunes:category", attrs={"text": "News"})
        handler.startElement("itunes:owner", {})
        handler.addQuickElement("itunes:name", feed["podcast_author"])
        handler.endElement("itunes:owner")
        if feed.get("artwork"):
            handler.addQuickElement("itunes:image", attrs={"href": feed["artwork"]})
            handler.startElement("image", {})
            handler.addQuickElement("url", feed["artwork"])
            handler.addQuickElement("title", feed["title"])
            handler.addQuickElement("link", feed["link"])
            handler.endElement("image")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("itunes:duration", str(item["duration"]))
        handler.addQuickElement("itunes:summary", item["description"])
        handler.addQuickElement("itunes:explicit", "false")
        handler.addQuickElement("itunes:episodeType", "full")
        if item.get("chapters_url"):
            handler.addQuickElement(
                "podcast:chapters",
                attrs={"url": item["chapters_url"], "type": "application/json+chapters"},
            )


class PodcastFeed(Feed):
    feed_type = PodcastFeedGenerator

    def __call__(self, request, *args, **kwargs):
        self.publication = Publication.for_request(request)
        if self.publication.site is None:
            raise Http404("No publication here")
        self.language = self.publication.settings.language
        response = super().__call__(request, *args, **kwargs)
        return mark_cacheable(response, self.publication.settings)

    def absolute(self, path):
        return self.publication.root_url + path

    def title(self):
        return f"{self.publication.name}: articles read aloud"

    def link(self):
        return "/"

    def description(self):
        tagline = self.publication.settings.tagline
        return f"{tagline + '. ' if tagline else ''}Every article of {self.publication.name}, narrated."

    def feed_extra_kwargs(self, obj):
        return {
            "podcast_author": self.publication.name,
            # The address changes with the logo and colour, so apps fetch the new picture.
            "artwork": self.absolute(
                f"/podcast/artwork.png?v={self.publication.settings.logo_id or 0}"
                f"-{self.publication.settings.brand_colour[1:]}"
            ),
        }

    def items(self):
        return published_narrations(self.publication)[:EPISODES]

    def item_title(self, narration):
        return narration.article.title

    def item_description(self, narration):
        return narration.article.standfirst

    def item_link(self, narration):
        return self.absolute(self.publication.url_for(narration.article))

    def item_guid(self, narration):
        return f"{self.item_link(narration)}#narration-{narration.input_fingerprint[:12]}"

    def item_guid_is_permalink(self, narration):
        return False

    def item_pubdate(self, narration):
        return narration.article.first_published_at

    def item_enclosures(self, narration):
        return [
            Enclosure(self.absolute(narration.audio.url), str(narration.byte_size), "audio/mpeg")
        ]

    def item_extra_kwargs(self, narration):
        return {
            "duration": round(narration.duration or 0),
            "chapters_url": self.absolute(f"/podcast/chapters/{narration.article_id}.json")
            if narration.chapters
            else "",
        }


@require_GET
def chapters(request, article_id):
    """Podcasting 2.0 chapters (JSON) for one narrated, live article of this publication."""
    publication = Publication.for_request_or_404(request)
    narration = published_narrations(publication).filter(article_id=article_id).first()
    if narration is None:
        raise Http404("No narration")
    body = {
        "version": "1.2.0",
        "chapters": [{"startTime": 0, "title": narration.article.title}]
        + [{"startTime": c["start"], "title": c["title"]} for c in narration.chapters],
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/json+chapters"
    return mark_cacheable(response, publication.settings)


@require_GET
def artwork(request):
    """The podcast's square cover: the publication's logo on white, or its name on its brand
    colour when it has no logo. Apps ask for 1400 to 3000 pixels."""
    publication = Publication.for_request_or_404(request)
    picture = podcast_cover(publication.name, publication.settings)
    response = HttpResponse(picture, content_type="image/png")
    return mark_cacheable(response, publication.settings)


def podcast_cover(name, publication_settings, size=ARTWORK_SIZE):
    if publication_settings.logo:
        canvas = Image.new("RGB", (size, size), "white")
        with publication_settings.logo.open_file() as file:
            logo = Image.open(file).convert("RGBA")
        logo.thumbnail((int(size * 0.8), int(size * 0.8)))
        canvas.paste(logo, ((size - logo.width) // 2, (size - logo.height) // 2), logo)
    else:
        canvas = Image.new("RGB", (size, size), publication_settings.brand_colour)
        draw = ImageDraw.Draw(canvas)
        words = name.split()
        lines = [" ".join(words[: len(words) // 2]), " ".join(words[len(words) // 2 :])]
        font = ImageFont.load_default(size=size // 9)
        for number, line in enumerate(line for line in lines if line):
            draw.text(
                (size // 2, size // 2 + (number - 0.5) * size // 7),
                line,
                font=font,
                fill="white",
                anchor="mm",
            )
        draw.text(
            (size // 2, size * 0.8),
            "Listen",
            font=ImageFont.load_default(size=size // 16),
            fill="white",
            anchor="mm",
        )
    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=True)
    return out.getvalue()


def podcast_feed(request):
    # A feed object per request: it holds the request's publication.
    return PodcastFeed()(request)
