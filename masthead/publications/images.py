"""Pictures that arrive from outside the admin's upload form (importers, the write API): checked
to be a real image of a format and size Masthead accepts, then stored once per publication."""

import hashlib
import io

from django.conf import settings
from django.core.files.images import ImageFile
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.images import get_image_model

from .roles import publication_collection

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp", "AVIF": "avif"}


class ImageRefused(ValueError):
    """Why a file is not taken as a picture, for the person who sent it."""


def check_image(data):
    """The image's format name, or ImageRefused."""
    if len(data) > settings.IMPORT_MAX_IMAGE_BYTES:
        limit = settings.IMPORT_MAX_IMAGE_BYTES // (1024 * 1024)
        raise ImageRefused(f"it is larger than the {limit} MB allowed")
    try:
        with PILImage.open(io.BytesIO(data)) as probe:
            kind, (width, height) = probe.format, probe.size
            if width * height > settings.IMPORT_MAX_IMAGE_PIXELS:
                raise ImageRefused(f"{width}×{height} pixels is more than allowed")
            probe.verify()
    except ImageRefused:
        raise
    except Exception as error:  # Pillow raises many kinds for a file that is not an image
        raise ImageRefused("it is not an image") from error
    if kind not in IMAGE_FORMATS:
        raise ImageRefused(f"{kind} images are not accepted")
    return kind


def store_image(site, data, *, name, title):
    """The publication's image with these bytes, stored now unless it already has it."""
    kind = check_image(data)
    digest = hashlib.sha1(data).hexdigest()
    collection = publication_collection(site)
    Image = get_image_model()
    existing = Image.objects.filter(collection=collection, file_hash=digest).first()
    if existing:
        return existing
    stem = slugify(name.rsplit("/", 1)[-1].split("?")[0].rsplit(".", 1)[0])[:80] or "image"
    image = Image(
        title=(title or stem)[:255],
        file=ImageFile(io.BytesIO(data), name=f"{stem}.{IMAGE_FORMATS[kind]}"),
        collection=collection,
        file_hash=digest,
    )
    image.save()
    return image
