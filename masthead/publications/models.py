"""A publication is a Wagtail Site; these are the settings that make it look and read like itself."""

import re
import zoneinfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .roles import images_of_other_publications

DATELINE_FORMATS = [
    ("l, F j, Y", "Saturday, May 31, 2025"),
    ("l j F Y", "Saturday 31 May 2025"),
    ("l, j F Y", "Saturday, 31 May 2025"),
    ("D, M j, Y", "Sat, May 31, 2025"),
    ("Y-m-d", "2025-05-31"),
]
TIME_ZONE_CHOICES = [
    (name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())
]
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


# The lightest and darkest backgrounds brand-coloured text sits on: the page and the tinted
# panels (statements, footer). See --paper and --tint in masthead.css.
PAGE_BACKGROUNDS = ("#ffffff", "#f6f4ef")


def _relative_luminance(hex_colour):
    def channel(value):
        c = int(value, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(hex_colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground, background):
    lighter, darker = sorted((_relative_luminance(foreground), _relative_luminance(background)))[
        ::-1
    ]
    return (lighter + 0.05) / (darker + 0.05)


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            f"'{value}' is not a time zone this server knows, e.g. Europe/London."
        )


def validate_language(value):
    if value not in dict(settings.LANGUAGES):
        raise ValidationError(f"'{value}' is not a language Masthead knows, e.g. en or en-gb.")


def validate_brand_colour(value):
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(
            "Enter a colour as # followed by six hexadecimal digits, e.g. #8a1c1c."
        )
    # The brand colour is used for links, drop caps and rules on the page's light backgrounds.
    ratio = min(contrast(value, background) for background in PAGE_BACKGROUNDS)
    if ratio < 4.5:
        raise ValidationError(
            f"{value} has a contrast of {ratio:.1f}:1 against the page's light backgrounds; "
            "readers need at least 4.5:1. Choose a darker colour."
        )


@register_setting(icon="site")
class PublicationSettings(BaseSiteSetting):
    """The masthead name is the Site's own name; everything else a publication varies lives here."""

    tagline = models.CharField(max_length=160, blank=True)
    # Validated rather than given choices: the lists come from the server's time zone database
    # and Django's languages, and must not turn into migrations when those change.
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    language = models.CharField(max_length=16, default="en", validators=[validate_language])
    brand_colour = models.CharField(
        max_length=7, default="#8a1c1c", validators=[validate_brand_colour]
    )
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dateline_format = models.CharField(
        max_length=32, choices=DATELINE_FORMATS, default=DATELINE_FORMATS[0][0]
    )
    footer_text = models.CharField(
        max_length=255, blank=True, help_text="A line under the masthead name in the footer."
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("tagline"), FieldPanel("logo"), FieldPanel("brand_colour")],
            heading="Masthead",
        ),
        MultiFieldPanel(
            [
                FieldPanel("time_zone", widget=forms.Select(choices=TIME_ZONE_CHOICES)),
                FieldPanel("language", widget=forms.Select(choices=settings.LANGUAGES)),
                FieldPanel("dateline_format"),
            ],
            heading="Dateline and language",
        ),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = "publication settings"
        verbose_name_plural = "publication settings"

    def clean(self):
        super().clean()
        if (
            self.logo_id
            and self.site_id
            and images_of_other_publications(self.site, [self.logo_id])
        ):
            raise ValidationError({"logo": "This image belongs to another publication."})

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)
