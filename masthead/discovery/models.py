"""What readers find beside the story: related lists, and the settings that shape them."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable, Site

from masthead.articles.models import ArticlePage


@register_setting(icon="list-ul")
class DiscoverySettings(BaseSiteSetting):
    """Per publication: how long a related list is and how old its stories may be."""

    related_count = models.PositiveSmallIntegerField(
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="How many related articles to show under each story (1 to 20).",
    )
    related_max_age_days = models.PositiveIntegerField(
        default=730,
        help_text="Leave older stories out of related lists; 0 for no limit.",
    )

    panels = [FieldPanel("related_count"), FieldPanel("related_max_age_days")]

    class Meta:
        verbose_name = "related articles"
        verbose_name_plural = "related articles"


class ArticleTerms(models.Model):
    """An article's words, hashed, as the related-articles index reads them. One row per
    article that has been live; `live` turns false when it leaves readers' reach, so a worker's
    index learns of it by the changed time alone."""

    article = models.OneToOneField(
        ArticlePage, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    live = models.BooleanField(default=True)
    published_at = models.DateTimeField()
    # Hashed term ids (int32) followed by their weights (float32), see discovery.related.
    terms = models.BinaryField()
    changed_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["site", "changed_at"], name="terms_site_changed")]

    def __str__(self):
        return f"Terms of article {self.article_id}"


class RelatedArticle(models.Model):
    """One item of an article's stored related list, in rank order; written by the worker."""

    article = models.ForeignKey(
        ArticlePage, on_delete=models.CASCADE, related_name="related_articles"
    )
    related = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="related_in")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField(null=True, help_text="Empty for an item the editors pinned.")
    # What the card under the story shows (headline, address, standfirst, date, picture),
    # copied when the list is written, so a page shows its list in one query. A story's
    # change rewrites every list that shows it.
    card = models.JSONField(default=dict)

    class Meta:
        ordering = ["article", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["article", "related"], name="unique_related_item")
        ]

    def __str__(self):
        return f"{self.rank + 1}. {self.related_id} under {self.article_id}"


class RelatedChoice(Orderable):
    """An editor's say over one article's related list: pin a story into it, or keep one out."""

    class Kind(models.TextChoices):
        PIN = "pin", "Pin (always show, in this order)"
        EXCLUDE = "exclude", "Exclude (never show)"

    article = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_choices")
    related = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.PIN)

    panels = [PageChooserPanel("related", "articles.ArticlePage"), FieldPanel("kind")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.related}"
