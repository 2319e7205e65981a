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


class TextSearchVectorField(models.Field):
    """PostgreSQL's tsvector; plain text elsewhere, where nothing writes it. (Django's own
    SearchVectorField would bring in django.contrib.postgres on every database.)"""

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


class SearchDocument(models.Model):
    """A live article's words as PostgreSQL's full-text search reads them, in a narrow row of
    its own: the headline (weighted A) and the rest, beside the path and date that search
    filters and orders by. Wagtail's index table keeps the whole body text in each row, so
    ranking a common word there read most of the table; see discovery.ranking. Kept on
    PostgreSQL only (SQLite ranks from Wagtail's FTS5 table); written when the article is
    published, deleted when it is unpublished."""

    article = models.OneToOneField(
        ArticlePage, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    path = models.CharField(max_length=255)  # the page's tree path: publication and section
    published_at = models.DateTimeField()
    document = TextSearchVectorField()

    class Meta:
        # The GIN index on `document` is made by the migration, on PostgreSQL only.
        indexes = [models.Index(fields=["-published_at"], name="search_document_newest")]

    def __str__(self):
        return f"Search document of article {self.article_id}"
