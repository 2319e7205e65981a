import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.models import Site

from masthead.publications.forms import PublicationScopedForm
from masthead.publications.outbound import OutboundError, checked_address


def new_secret():
    return secrets.token_urlsafe(32)


def default_rate():
    return settings.API_KEY_REQUESTS_PER_MINUTE


class Webhook(models.Model):
    """An address told when a publication's articles are published, updated or unpublished."""

    class Event(models.TextChoices):
        PUBLISHED = "article.published", "Article published"
        UPDATED = "article.updated", "Published article updated"
        UNPUBLISHED = "article.unpublished", "Article unpublished"

    publication = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="webhooks")
    name = models.CharField(max_length=100, help_text="Who receives it, e.g. 'Partner wire'.")
    url = models.URLField(max_length=500, help_text="An https:// address on the public internet.")
    secret = models.CharField(
        max_length=100,
        default=new_secret,
        help_text="Signs every delivery (HMAC-SHA256); give it to the receiver.",
    )
    on_published = models.BooleanField("When an article is published", default=True)
    on_updated = models.BooleanField("When a published article is updated", default=True)
    on_unpublished = models.BooleanField("When an article is unpublished", default=True)
    active = models.BooleanField(default=True)

    panels = [
        FieldPanel("publication"),
        FieldPanel("name"),
        FieldPanel("url"),
        MultiFieldPanel(
            [FieldPanel("on_published"), FieldPanel("on_updated"), FieldPanel("on_unpublished")],
            heading="Events",
        ),
        FieldPanel("secret"),
        FieldPanel("active"),
        HelpPanel(
            "Each delivery is a POST of JSON with X-Masthead-Event, X-Masthead-Delivery (the "
            "same on every retry), X-Masthead-Timestamp and X-Masthead-Signature "
            "(sha256=HMAC of '<timestamp>.<body>' with the secret). Failed deliveries are "
            "retried with growing delays; see Settings → Webhook deliveries."
        ),
    ]
    base_form_class = PublicationScopedForm

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.url})"

    def clean(self):
        super().clean()
        if self.url:
            try:
                checked_address(self.url)
            except OutboundError as error:
                raise ValidationError({"url": str(error)}) from error

    def wants(self, event):
        return self.active and {
            self.Event.PUBLISHED: self.on_published,
            self.Event.UPDATED: self.on_updated,
            self.Event.UNPUBLISHED: self.on_unpublished,
        }.get(event, False)


class WebhookDelivery(models.Model):
    """One event for one webhook, with how sending it went. The body is fixed when the event
    happens; every attempt sends the same body under a fresh timestamp and signature."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        SENDING = "sending", "Sending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Gave up"

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=32, choices=Webhook.Event.choices)
    article_id = models.PositiveBigIntegerField(db_index=True)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_due")]

    def __str__(self):
        return f"{self.event} → {self.webhook.name} ({self.get_status_display()})"


class ApiKey(models.Model):
    """A newsroom tool's key to one publication's write API, with what it may do. Only a hash
    of the key is kept; the key itself is shown once, when it is made."""

    class Scope(models.TextChoices):
        DRAFTS = "drafts", "Create and update drafts"
        IMAGES = "images", "Upload images"
        SUBMIT = "submit", "Submit drafts for moderation"
        PUBLISH = "publish", "Publish and unpublish"

    publication = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100, help_text="The tool using it, e.g. 'Wire desk'.")
    prefix = models.CharField(max_length=12, unique=True, editable=False)
    hashed_key = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(default=list)
    requests_per_minute = models.PositiveIntegerField(
        default=default_rate,
        help_text="Requests beyond this in a minute are refused (429) until the minute passes.",
    )
    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Revisions and moderation requests made with this key are recorded as theirs.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = "API key"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
