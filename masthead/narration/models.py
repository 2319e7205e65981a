"""Narrations of articles, and how each publication wants its articles read aloud."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from masthead.publications.forms import PublicationScopedForm

from .engines import engine_choices


def validate_engine(value):
    # Validated, not choices: the engines are the install's settings, not a migration's.
    if value and value not in settings.NARRATION_ENGINES:
        raise ValidationError(f"'{value}' is not a narration engine of this install.")


@register_setting(icon="media")
class NarrationSettings(BaseSiteSetting):
    """Per publication: whether and how its articles are read aloud."""

    enabled = models.BooleanField(
        default=True, help_text="Narrate every published article of this publication."
    )
    engine = models.CharField(
        max_length=32,
        blank=True,
        validators=[validate_engine],
        help_text="Leave empty for the install's default (the neural voice).",
    )
    voice = models.CharField(
        max_length=64,
        blank=True,
        help_text="The engine's voice name; empty for its default (Piper: joe; eSpeak NG: the "
        "publication's language, e.g. en-gb).",
    )
    speaking_rate = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("2"))],
        help_text="1.00 is the voice's natural pace; 0.50 to 2.00.",
    )
    read_captions = models.BooleanField(
        default=False, help_text="Read image captions aloud where the images are."
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("enabled"),
                FieldPanel(
                    "engine", widget=forms.Select(choices=[("", "Default"), *engine_choices()])
                ),
                FieldPanel("voice"),
                FieldPanel("speaking_rate"),
                FieldPanel("read_captions"),
            ],
            heading="Listen",
        ),
    ]

    class Meta:
        verbose_name = "narration settings"
        verbose_name_plural = "narration settings"

    def lexicon_pairs(self):
        return list(
            Pronunciation.objects.filter(publication=self.site).values_list("term", "respelling")
        )


class Pronunciation(models.Model):
    """How the voice should say a name: "Tokayev" → "toe-kah-YEV". Editors keep their
    publication's lexicon under Snippets → Pronunciations."""

    publication = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="pronunciations")
    term = models.CharField(max_length=100, help_text="As written in articles, e.g. Tokayev.")
    respelling = models.CharField(max_length=200, help_text="As it should sound, e.g. toe-kah-YEV.")

    panels = [FieldPanel("publication"), FieldPanel("term"), FieldPanel("respelling")]
    base_form_class = PublicationScopedForm

    class Meta:
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "term"], name="unique_pronunciation")
        ]

    def __str__(self):
        return f"{self.term} → {self.respelling}"


class NarrationQuerySet(models.QuerySet):
    def playable(self):
        """What readers may hear: switched on, with audio, and not turned off for the
        publication (audio being remade still plays until the new file replaces it)."""
        return self.filter(enabled=True).exclude(audio="").exclude(status=Narration.Status.OFF)


class Narration(models.Model):
    """The audio of one article, and where its making stands."""

    class Status(models.TextChoices):
        PENDING = "pending", "Being narrated"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"
        OFF = "off", "Off"

    article = models.OneToOneField(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="narration"
    )
    enabled = models.BooleanField(
        default=True, help_text="Turn off to remove this article's player and audio."
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The audio readers get; replaced only once a new file is complete.
    audio = models.FileField(upload_to="narration/", blank=True)
    duration = models.FloatField(null=True, blank=True)  # seconds
    byte_size = models.PositiveIntegerField(null=True, blank=True)
    engine = models.CharField(max_length=100, blank=True)
    chapters = models.JSONField(default=list, blank=True)
    # Of the spoken text plus engine, voice and rate that made `audio`.
    input_fingerprint = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NarrationQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self):
        return f"Narration of “{self.article.title}”"

    @property
    def duration_label(self):
        return minutes_seconds(self.duration or 0)


def minutes_seconds(seconds):
    """4:12, as players show time."""
    whole = int(round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"
