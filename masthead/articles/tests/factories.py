"""Factories for the newsroom: publications, sections, authors, images and articles."""

import datetime
import io
import itertools

import factory
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from masthead.articles.models import ArticleAuthor, ArticlePage, Author, SectionPage
from masthead.articles.setup import create_publication

_numbers = itertools.count(1)


def make_publication(name=None, hostname=None, **settings_fields):
    number = next(_numbers)
    return create_publication(
        name or f"The Test Gazette {number}",
        hostname or f"gazette{number}.localhost",
        **settings_fields,
    )


def make_section(site, title="News", *, publish=True, show_in_menus=True):
    section = SectionPage(title=title, show_in_menus=show_in_menus)
    site.root_page.add_child(instance=section)
    if publish:
        section.save_revision().publish()
    return section


def _png_bytes(colour=(120, 40, 40), size=(64, 36)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"Picture {n}")
    file = factory.LazyFunction(lambda: ImageFile(io.BytesIO(_png_bytes()), name="picture.png"))


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Reporter {n}")
    slug = factory.Sequence(lambda n: f"reporter-{n}")
    job_title = "Reporter"


def statement_value(**overrides):
    value = {
        "title": "Statement on the harbour",
        "issuer": "Harbour Commissioners",
        "date_issued": datetime.date(2025, 5, 30),
        "source_url": "https://example.org/statement",
        "text": RichText("<p>The harbour will reopen on Monday.</p>"),
    }
    value.update(overrides)
    return value


def make_article(
    section,
    title="Footbridge approved",
    *,
    authors=None,
    tags=(),
    body=None,
    publish=True,
    lead_image=None,
    published_at=None,
    **fields,
):
    fields.setdefault("standfirst", "The council voted to build a crossing over the creek.")
    article = ArticlePage(
        title=title,
        body=body
        if body is not None
        else [
            ("paragraph", RichText("<p>The first paragraph of the story.</p>")),
            ("statement", statement_value()),
        ],
        lead_image=lead_image,
        lead_image_alt_text="A picture" if lead_image else "",
        live=False,
        **fields,
    )
    site = section.get_site()
    for order, author in enumerate(authors or [AuthorFactory(publication=site)]):
        article.byline.add(ArticleAuthor(author=author, sort_order=order))
    if tags:
        article.tags.add(*tags)
    section.add_child(instance=article)
    revision = article.save_revision()
    if publish:
        revision.publish()
        article.refresh_from_db()
        if published_at:
            ArticlePage.objects.filter(pk=article.pk).update(first_published_at=published_at)
            article.first_published_at = published_at
    return article


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def admin_article_form(author, **overrides):
    """The article editor's form as the Wagtail admin posts it."""
    data = {
        "type_of_work": "news",
        "title": "Council approves footbridge",
        "slug": "council-approves-footbridge",
        "standfirst": "The crossing opens next autumn.",
        "byline": inline_formset([{"author": author.pk}]),
        # Panels other capabilities add to the form (discovery's related-article choices).
        "related_choices": inline_formset([]),
        "body": streamfield([("paragraph", rich_text("<p>The story.</p>"))]),
        "tags": "",
        "lead_image_alt_text": "",
        "lead_image_caption": "",
        "lead_image_credit": "",
    }
    data.update(overrides)
    return nested_form_data(data)
