"""Corrections, clarifications and editor's notes on published stories, and their record.

A note is dated by the system when it is made, never by the editor. It can be amended, never
deleted: each earlier wording stays in `history`, with when and by whom it was replaced, and
readers see that it was amended.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache
from wagtail.models import Site

from masthead.articles.models import ArticlePage
from masthead.publications.cache import invalidate_pages

from .forms import CorrectionForm


class Correction(models.Model):
    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        CLARIFICATION = "clarification", "Clarification"
        EDITORS_NOTE = "editors_note", "Editor's note"

    # Corrections and editor's notes stand above the story, before anyone reads the error;
    # a clarification, which adds rather than mends, follows it.
    ABOVE_THE_STORY = (Kind.CORRECTION, Kind.EDITORS_NOTE)

    publication = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="+", editable=False
    )
    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(
        max_length=1000,
        help_text="What was wrong and what is right, in a sentence or two readers understand.",
    )
    made_at = models.DateTimeField(editable=False)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    amended_at = models.DateTimeField(null=True, editable=False)
    # Earlier wordings, oldest first: {"kind", "text", "replaced_at", "replaced_by"}.
    history = models.JSONField(default=list, editable=False)

    panels = [
        PageChooserPanel("article", "articles.ArticlePage"),
        FieldPanel("kind"),
        FieldPanel("text"),
    ]
    base_form_class = CorrectionForm

    class Meta:
        ordering = ["-made_at"]
        indexes = [models.Index(fields=["publication", "-made_at"], name="corrections_newest")]

    def __str__(self):
        return f"{self.get_kind_display()} to “{self.article.title}”, {self.made_at:%Y-%m-%d}"

    def delete(self, *args, **kwargs):
        raise PermissionDenied("A correction is amended, never deleted.")

    def record(self, user, now=None):
        """Saves a new note or an amendment, keeping the wording it replaces, and dates the
        story's update: readers see "Updated" with the note's time."""
        now = now or timezone.now()
        if self.pk is None:
            self.made_at, self.made_by = now, user
        else:
            before = Correction.objects.get(pk=self.pk)
            if (before.kind, before.text) == (self.kind, self.text):
                return self
            self.history = [
                *before.history,
                {
                    "kind": before.kind,
                    "text": before.text,
                    "replaced_at": now.isoformat(),
                    "replaced_by": user.get_username() if user else "",
                },
            ]
            self.amended_at = now
        self.publication = self.article.get_site()
        self.save()
        ArticlePage.objects.filter(pk=self.article_id).update(text_updated_at=now)
        # The story's page, the corrections page and the feeds change: retire cached copies.
        invalidate_pages()
        if settings.WAGTAILFRONTENDCACHE:
            article = ArticlePage.objects.filter(pk=self.article_id)
            transaction.on_commit(lambda: purge_pages_from_cache(article))
        return self

    def as_notice(self):
        """What a page and JSON-LD show of it."""
        return {
            "kind": self.kind,
            "label": self.get_kind_display(),
            "text": self.text,
            "date": self.made_at,
            "amended": self.amended_at,
        }
