"""Articles as the APIs give them: the fields a reader sees, the body as structured blocks and as
HTML, and links on the article's own publication. Built from what publishing stored (credits),
so a list of any length costs a fixed number of queries."""

import base64
import binascii
import datetime

from django.db.models import Q
from wagtail.images import get_image_model
from wagtail.rich_text import RichText, expand_db_html

from masthead.articles.blocks import BODY_IMAGE_SPEC, images_already_loaded
from masthead.articles.models import LEAD_IMAGE_SPEC, ArticlePage, SectionPage
from masthead.publications.chrome import site_relative_url, site_root_url


class BadCursor(ValueError):
    pass


def live_articles(site):
    """Published articles of one publication that anyone may read (no view restrictions)."""
    return ArticlePage.objects.live().public().descendant_of(site.root_page)


def live_sections(site):
    return SectionPage.objects.child_of(site.root_page).live().public().order_by("path")


def encode_cursor(article):
    raw = f"{article.first_published_at.isoformat()}|{article.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def after_cursor(queryset, cursor):
    """The articles after the cursor in newest-first order (keyset pagination: stable while
    stories are published meanwhile, and as fast on page 500 as on page 1)."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        when, pk = base64.urlsafe_b64decode(padded.encode()).decode().rsplit("|", 1)
        when, pk = datetime.datetime.fromisoformat(when).astimezone(datetime.UTC), int(pk)
        if when.tzinfo is None or not 0 < pk < 2**63:
            raise ValueError("not a cursor")
    except (ValueError, OverflowError, binascii.Error, UnicodeDecodeError) as error:
        raise BadCursor("This cursor is not one the API gave out.") from error
    return queryset.filter(Q(first_published_at__lt=when) | Q(first_published_at=when, pk__lt=pk))


class Representer:
    """Turns articles of one publication into API dicts."""

    def __init__(self, site):
        self.site = site
        self.root_url = site_root_url(site)
        self.sections = {section.path: section for section in live_sections(site)}

    def url(self, page):
        return self.root_url + (site_relative_url(page, self.site) or "/")

    def section(self, section):
        return {"slug": section.slug, "title": section.title, "url": self.url(section)}

    def image(self, image, spec, alt_text="", caption="", credit=""):
        if image is None:
            return None
        rendition = image.get_rendition(spec)
        return {
            "id": image.pk,
            "url": self.root_url + rendition.url
            if rendition.url.startswith("/")
            else rendition.url,
            "width": rendition.width,
            "height": rendition.height,
            "alt_text": alt_text,
            "caption": caption,
            "credit": credit,
        }

    def summary(self, article):
        credits = article.credits or article.current_credits()
        section = self.sections.get(article.path[: -ArticlePage.steplen])
        return {
            "id": article.pk,
            "url": self.url(article),
            "headline": article.title,
            "standfirst": article.standfirst,
            "type_of_work": article.type_of_work,
            "section": self.section(section) if section else None,
            "authors": [
                {
                    "name": a["name"],
                    "slug": a["slug"],
                    "url": f"{self.root_url}/authors/{a['slug']}/",
                }
                for a in credits["byline"]
            ],
            "tags": [
                {"name": t["name"], "slug": t["slug"], "url": f"{self.root_url}/tags/{t['slug']}/"}
                for t in credits["tags"]
            ],
            "published_at": article.first_published_at,
            "updated_at": article.text_updated_at,
            "lead_image": self.image(
                article.lead_image,
                LEAD_IMAGE_SPEC,
                article.lead_image_alt_text,
                article.lead_image_caption,
                article.lead_image_credit,
            ),
            "first_published_by": article.first_published_by,
            "original_url": article.original_url,
            "syndicated": article.syndicated,
        }

    def detail(self, article):
        data = self.summary(article)
        ids = [b["value"]["image"] for b in article.body.raw_data if b["type"] == "image"]
        images = get_image_model().objects.prefetch_renditions(BODY_IMAGE_SPEC).in_bulk(ids)
        with images_already_loaded(images):
            data["body"] = [self.block(child) for child in article.body]
            # The blocks as the article page renders them (statements marked where they start
            # and end, images at their published size).
            data["body_html"] = "".join(str(child.render()) for child in article.body)
        return data

    def block(self, child):
        value = child.value
        kind = child.block_type
        if kind == "paragraph":
            value = expand_db_html(value.source)
        elif kind == "image":
            value = {
                "image": self.image(
                    value["image"],
                    BODY_IMAGE_SPEC,
                    value["alt_text"],
                    value["caption"],
                    value["credit"],
                )
            }
        elif kind == "statement":
            value = {
                "title": value["title"],
                "issuer": value["issuer"],
                "date_issued": value["date_issued"].isoformat() if value["date_issued"] else None,
                "source_url": value["source_url"],
                "text": expand_db_html(value["text"].source),
            }
        elif kind == "pull_quote":
            value = {"quote": value["quote"], "attribution": value["attribution"]}
        elif kind == "embed":
            value = {"url": value.url if value else ""}
        elif isinstance(value, RichText):
            value = expand_db_html(value.source)
        return {"id": child.id, "type": kind, "value": value}
