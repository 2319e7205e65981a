from django.conf import settings
from django.db import models
from wagtail.models import Site


class ImportedStory(models.Model):
    """Which article an imported item became, so a second run updates that article (or reports
    it unchanged) instead of adding another."""

    publication = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    # The export's own id (wordpress:<site>#<post id>, ghost:<uuid>) or the original URL.
    source_key = models.CharField(max_length=500)
    article = models.ForeignKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="+")
    # The item's address at its source, kept whatever the article became (a migrated story's
    # page does not show it; a syndicated one's canonical link does).
    source_url = models.URLField(max_length=500, blank=True)
    # What the item said when last imported; the same again is "unchanged".
    fingerprint = models.CharField(max_length=64)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "source_key"], name="unique_imported_story"
            )
        ]

    def __str__(self):
        return self.source_key


class ImportRun(models.Model):
    """An import started in the admin: the uploaded export until a worker has read it, then the
    report editors read."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Could not be read"

    publication = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    format = models.CharField(max_length=16)
    file_name = models.CharField(max_length=255)
    # The upload itself, kept in the database (not public media) and emptied once read.
    upload = models.BinaryField(blank=True, default=b"")
    section_slug = models.SlugField(blank=True)
    draft = models.BooleanField(default=False)
    dry_run = models.BooleanField(default=False)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    # One [outcome, title, URL or reason] per item, and the counts of each outcome.
    lines = models.JSONField(default=list, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"
