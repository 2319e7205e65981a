"""A publication's newsletters and the readers who asked for them."""

import calendar
import datetime
import secrets

from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable, Site

from masthead.publications.forms import PublicationScopedForm

from .forms import IssueForm


class Newsletter(models.Model):
    """One list readers can join: a morning digest, breaking news…"""

    publication = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="newsletters")
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100)
    description = models.CharField(
        max_length=200, blank=True, help_text="One line under its name in the signup form."
    )
    offered = models.BooleanField(
        default=True, help_text="Offer it in the signup forms on this publication's pages."
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Schedule(models.TextChoices):
        NONE = "", "Only when editors send it"
        DAILY = "daily", "Every day"
        WEEKLY = "weekly", "Every week"

    schedule = models.CharField(max_length=8, choices=Schedule.choices, blank=True)
    send_time = models.TimeField(
        default=datetime.time(7, 0), help_text="In the publication's time zone."
    )
    weekday = models.PositiveSmallIntegerField(
        choices=[(n, calendar.day_name[n]) for n in range(7)],
        default=0,
        help_text="For a weekly digest.",
    )
    send_each_article = models.BooleanField(
        default=False, help_text="Send every newly published article on its own, at once."
    )
    # The last scheduled moment the digest was considered, sent or not (nothing new).
    last_scheduled_run = models.DateTimeField(null=True, blank=True, editable=False)

    panels = [
        FieldPanel("publication"),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("offered"),
        FieldPanel("sort_order"),
        FieldPanel("schedule"),
        FieldPanel("send_time"),
        FieldPanel("weekday"),
        FieldPanel("send_each_article"),
    ]
    base_form_class = PublicationScopedForm

    class Meta:
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "slug"], name="unique_newsletter_slug")
        ]

    def __str__(self):
        return self.name


@register_setting(icon="mail")
class NewsletterSettings(BaseSiteSetting):
    """How the publication's pages invite readers to sign up."""

    popup_enabled = models.BooleanField(
        default=True,
        help_text="Invite readers in a pop-up on article pages, once; it never comes back to a "
        "reader who closed it or signed up.",
    )
    popup_delay_seconds = models.PositiveIntegerField(
        default=40,
        help_text="Open the pop-up after this many seconds on an article, or as soon as the "
        "reader has scrolled through most of it; 0 waits for the scrolling only.",
    )

    class Meta:
        verbose_name = "newsletter settings"
        verbose_name_plural = "newsletter settings"


def new_token():
    return secrets.token_urlsafe(24)


class Subscriber(models.Model):
    """A reader's address at one publication. Nothing is sent to it but the confirmation
    until the reader has followed the link in that email (double opt-in)."""

    publication = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="subscribers")
    email = models.EmailField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Identifies the reader in unsubscribe and preferences links; never shown elsewhere.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the mail server refused the address for good: nothing more is sent to it.
    suppressed_at = models.DateTimeField(null=True, blank=True)
    suppressed_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "email"], name="unique_subscriber")
        ]

    def __str__(self):
        return self.email


class Subscription(models.Model):
    """A subscriber on one newsletter: wanted (pending confirmation) or active, or left."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting confirmation"
        ACTIVE = "active", "Subscribed"
        LEFT = "left", "Unsubscribed"

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    newsletter = models.ForeignKey(
        Newsletter, on_delete=models.CASCADE, related_name="subscriptions"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "newsletter"], name="unique_subscription")
        ]

    def __str__(self):
        return f"{self.subscriber} on {self.newsletter}: {self.get_status_display()}"


class Issue(ClusterableModel):
    """One send of a newsletter: a digest of articles in the editors' order, or one story."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    publication = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="+", editable=False
    )
    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="issues")
    subject = models.CharField(max_length=200)
    intro = models.TextField(blank=True, help_text="A few lines above the articles.")
    send_at = models.DateTimeField(
        null=True, blank=True, help_text="Leave empty to send when you press Send."
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # For a send of one new article (Newsletter.send_each_article): never twice.
    breaking_article = models.ForeignKey(
        "articles.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    base_form_class = IssueForm
    panels = [
        FieldPanel("newsletter"),
        FieldPanel("subject"),
        FieldPanel("intro"),
        InlinePanel("items", heading="Articles", label="Article", min_num=1),
        FieldPanel("send_at"),
    ]

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "breaking_article"], name="one_send_per_breaking_article"
            )
        ]

    def __str__(self):
        return self.subject

    def save(self, *args, **kwargs):
        self.publication_id = self.newsletter.publication_id
        super().save(*args, **kwargs)

    @classmethod
    def compose(cls, newsletter, subject, article_ids, **fields):
        issue = cls(newsletter=newsletter, subject=subject, **fields)
        issue.items = [
            IssueArticle(article_id=pk, sort_order=n) for n, pk in enumerate(article_ids)
        ]
        issue.save()
        return issue

    @property
    def article_ids(self):
        return [item.article_id for item in self.items.all()]


class IssueArticle(Orderable):
    issue = ParentalKey(Issue, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("article")]


class Delivery(models.Model):
    """One message of one issue to one subscriber, at most once.

    QUEUED → SENDING (just before the SMTP transaction) → SENT, or FAILED with the reason. A
    worker that dies leaves at most one row SENDING: that message may or may not have gone, so
    it is marked UNCERTAIN rather than sent again; every QUEUED row is still to do.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        UNCERTAIN = "uncertain", "Uncertain (worker stopped mid-send)"

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    error = models.CharField(max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="one_delivery_per_issue")
        ]
        indexes = [models.Index(fields=["issue", "status"])]

    def __str__(self):
        return f"{self.issue} to {self.subscriber}: {self.get_status_display()}"
