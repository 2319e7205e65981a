"""The blocks an article body is made of."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images.blocks import ImageChooserBlock

from .sanitise import is_web_address, unsafe_parts

BODY_IMAGE_SPEC = "width-1200"
PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


# Images a page has already loaded (with their renditions) for the body blocks to use.
_loaded_images = ContextVar("loaded_images", default=None)


@contextmanager
def images_already_loaded(images):
    token = _loaded_images.set(images)
    try:
        yield
    finally:
        _loaded_images.reset(token)


class RenditionPrefetchingImageChooserBlock(ImageChooserBlock):
    """Loads every image of a body, and its body rendition, in two queries whatever their number,
    or none when the page has loaded them already."""

    def bulk_to_python(self, values):
        images = _loaded_images.get()
        if images is None:
            ids = [value for value in values if value is not None]
            images = self.model_class.objects.prefetch_renditions(BODY_IMAGE_SPEC).in_bulk(ids)
        return [images.get(value) for value in values]


def body_image_ids(stream_raw_data):
    return [
        block["value"]["image"]
        for block in stream_raw_data
        if block["type"] == "image" and block["value"].get("image")
    ]


class StoredEmbedBlock(EmbedBlock):
    """Embeds whose providers were asked at publish time (articles.tasks) come from the
    database in one query for the whole body, instead of one lookup per embed."""

    def bulk_to_python(self, values):
        embeds = [self.to_python(value) for value in values]
        wanted = {get_embed_hash(e.url, e.max_width, e.max_height): e for e in embeds if e}
        stored = Embed.objects.exclude(cache_until__lte=timezone.now()).filter(hash__in=wanted)
        for embed in stored:
            html = render_to_string("wagtailembeds/embed_frontend.html", {"embed": embed})
            wanted[embed.hash].__dict__["html"] = html  # fills EmbedValue's cached property
        return embeds


def body_embed_urls(stream_raw_data):
    return [
        block["value"] for block in stream_raw_data if block["type"] == "embed" and block["value"]
    ]


class SafeRichTextBlock(blocks.RichTextBlock):
    """Rich text that refuses tags, attributes and links beyond its features when saved,
    whoever saves it (see sanitise.py); templates strip them again when rendering."""

    def __init__(self, **kwargs):
        super().__init__(features=PARAGRAPH_FEATURES, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if refused := unsafe_parts(value.source):
            raise ValidationError(f"Rich text may not contain {', '.join(refused)}.")
        return value


def body_problems(body):
    """Every block's validation, as the admin form runs it, for writers that bypass the form
    (shell, importers, APIs): one readable line per block that fails."""
    problems = []
    for number, child in enumerate(body, start=1):
        try:
            child.block.clean(child.value)
        except ValidationError as error:
            details = getattr(error, "block_errors", None)
            if isinstance(details, dict):
                reasons = [f"{field}: {' '.join(e.messages)}" for field, e in details.items()]
            else:
                reasons = error.messages
            problems.append(f"Block {number} ({child.block_type}): {'; '.join(reasons)}")
    return problems


class CaptionedImageBlock(blocks.StructBlock):
    image = RenditionPrefetchingImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250, help_text="What the image shows, for readers who cannot see it."
    )
    caption = blocks.CharBlock(required=False, max_length=300)
    credit = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "image"
        template = "blocks/captioned_image.html"


class PullQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=400)
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "blocks/pull_quote.html"


class StatementBlock(blocks.StructBlock):
    """An official statement quoted whole, set apart with who issued it, when and where from."""

    title = blocks.CharBlock(required=False, max_length=200)
    issuer = blocks.CharBlock(max_length=200, help_text="Who issued the statement.")
    date_issued = blocks.DateBlock()
    source_url = blocks.URLBlock(required=False, help_text="Where the statement was published.")
    text = SafeRichTextBlock()

    class Meta:
        icon = "doc-full"
        template = "blocks/statement.html"
        label = "Quoted statement"

    def clean(self, value):
        value = super().clean(value)
        # URLBlock also takes ftp:// addresses; readers follow a source in a browser.
        if value.get("source_url") and not is_web_address(value["source_url"]):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "source_url": ValidationError(
                        "Give the source as an http:// or https:// address."
                    )
                }
            )
        return value


class SubheadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        template = "blocks/subheading.html"
        form_classname = "title"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = SafeRichTextBlock(template="blocks/paragraph.html")
    subheading = SubheadingBlock(max_length=120)
    image = CaptionedImageBlock()
    pull_quote = PullQuoteBlock()
    statement = StatementBlock()
    embed = StoredEmbedBlock(template="blocks/embed.html")
