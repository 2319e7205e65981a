"""Stories made into articles of one publication, each in its own transaction.

An item that fails (invalid, refused) rolls back alone and is reported; the others import. A
second run matches items by their source key and updates their article, or reports them
unchanged. A dry run does every step but storing images, then rolls each item back.
"""

import hashlib
import json
import logging
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator, slugify
from wagtail.contrib.redirects.models import Redirect

from masthead.articles.models import (
    RESERVED_SECTION_SLUGS,
    STANDFIRST_MAX_LENGTH,
    ArticleAuthor,
    ArticlePage,
    Author,
    SectionPage,
)
from masthead.publications.images import ImageRefused, store_image
from masthead.publications.outbound import OutboundError

from .body import text_of
from .items import Picture, Refusal, UnreadableSource
from .models import ImportedStory

logger = logging.getLogger(__name__)


@dataclass
class Outcome:
    status: str  # created, updated, unchanged, skipped or failed
    title: str
    detail: str  # the article's address, or the reason
    url: str = ""  # the article's address, for links in the admin's report

    def line(self):
        return f"{self.status:<9} {self.title} — {self.detail}"


def fingerprint(story, options):
    data = asdict(story)
    data.pop("page_file", None)
    data["options"] = options
    text = json.dumps(data, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _errors(error):
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
            for field, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


class Importer:
    def __init__(self, site, source, *, own_archive, section_slug="", draft=False, dry_run=False):
        self.site = site
        self.source = source
        self.own_archive = own_archive
        self.draft = draft
        self.dry_run = dry_run
        self.front = site.root_page
        self.fixed_section = None
        if section_slug:
            self.fixed_section = (
                SectionPage.objects.child_of(self.front).filter(slug=section_slug).first()
            )
            if self.fixed_section is None:
                raise UnreadableSource(
                    f"{site.hostname} has no section with the slug {section_slug!r}."
                )

    def import_story(self, story):
        if isinstance(story, Refusal):
            return Outcome("skipped", story.title or story.key, story.reason)
        marks = fingerprint(
            story, {"draft": self.draft, "section": getattr(self.fixed_section, "pk", None)}
        )
        record = (
            ImportedStory.objects.filter(publication=self.site, source_key=story.key[:500])
            .select_related("article")
            .first()
        )
        if record and record.fingerprint == marks:
            address = self._address(record.article)
            return Outcome("unchanged", story.title, address, address.split(" ")[0])
        notes = []
        try:
            with transaction.atomic():
                article, created = self._write(story, record, notes)
                ImportedStory.objects.update_or_create(
                    publication=self.site,
                    source_key=story.key[:500],
                    defaults={
                        "article": article,
                        "fingerprint": marks,
                        "source_url": story.original_url[:500],
                    },
                )
                if self.dry_run:
                    transaction.set_rollback(True)
        except ValidationError as error:
            return Outcome("failed", story.title, _errors(error))
        except Exception as error:  # one broken item must not stop an archive's import
            logger.exception("Importing %s failed", story.key)
            return Outcome("failed", story.title, f"{type(error).__name__}: {error}")
        detail = "(dry run)" if self.dry_run else self._address(article)
        url = "" if self.dry_run else detail.split(" ")[0]
        if notes:
            detail += f" ({'; '.join(notes)})"
        return Outcome("created" if created else "updated", story.title, detail, url)

    def _address(self, article):
        url = article.get_url_parts()
        if not url:
            return "(not reachable)"
        path = url[2]
        return f"{self.site.root_url}{path}" + ("" if article.live else " (draft)")

    # -- writing ----------------------------------------------------------------------------

    def _write(self, story, record, notes):
        section = self.fixed_section or self._section(story.section)
        body = self._body(story, notes)
        if not body:
            raise ValidationError("The item has no body text.")
        lead = (
            self._picture(story.lead_image, story, notes, "lead image")
            if story.lead_image
            else None
        )
        article = record.article if record else ArticlePage(live=False)
        created = record is None
        article.title = story.title[:255]
        article.standfirst = self._standfirst(story)
        article.body = body
        article.lead_image = lead
        article.lead_image_alt_text = story.lead_image.alt_text[:250] if lead else ""
        article.lead_image_caption = story.lead_image.caption[:300] if lead else ""
        article.lead_image_credit = story.lead_image.credit[:120] if lead else ""
        migrated = self.own_archive or self._same_host(story.original_url)
        if story.original_url and not migrated:
            article.first_published_by = (story.outlet or _host(story.original_url))[:200]
            article.first_published_on = story.published_at or timezone.now()
            article.original_url = story.original_url[:500]
            article.syndicated = True
        article.byline = [
            ArticleAuthor(author=author, sort_order=order)
            for order, author in enumerate(self._authors(story))
        ]
        article.tags.set([tag[:100] for tag in story.tags])
        published_at = min(story.published_at or timezone.now(), timezone.now())
        if created:
            article.slug = self._free_slug(section, story.slug or story.title)
            # The original date, before the first publish: Wagtail keeps it, and capabilities
            # that act on new stories (newsletters) see an archive story, not news.
            article.first_published_at = published_at
            section.add_child(instance=article)
        else:
            article.full_clean()
        revision = article.save_revision(clean=False)
        if not (self.draft or story.draft):
            revision.publish()
            article.refresh_from_db()
            if migrated and story.original_url:
                self._redirect(story.original_url, article)
        return article, created

    def _same_host(self, url):
        return bool(url) and _host(url).removeprefix("www.") == self.site.hostname.removeprefix(
            "www."
        )

    def _redirect(self, original_url, article):
        """The old address of a story moving from the same host answers with the new one."""
        if not self._same_host(original_url):
            return
        old_path = Redirect.normalise_path(original_url)
        new_path = article.get_url_parts()[2] if article.get_url_parts() else ""
        if old_path in {"", "/"} or old_path.rstrip("/") == new_path.rstrip("/"):
            return
        Redirect.objects.update_or_create(
            site=self.site,
            old_path=old_path,
            defaults={"redirect_page": article, "is_permanent": True},
        )

    def _section(self, name):
        sections = SectionPage.objects.child_of(self.front)
        slug = slugify(name)[:50] if name else ""
        if slug:
            found = (
                sections.filter(slug=slug).first() or sections.filter(title__iexact=name).first()
            )
            if found:
                return found
        elif first := sections.live().first():
            return first
        else:
            name, slug = "News", "news"
        if slug in RESERVED_SECTION_SLUGS:
            slug += "-section"
        section = SectionPage(title=name[:255], slug=slug, show_in_menus=True)
        self.front.add_child(instance=section)
        section.save_revision().publish()
        return section

    def _authors(self, story):
        names = story.authors or [story.outlet or f"{self.site.site_name} staff"]
        authors = []
        for name in dict.fromkeys(n.strip()[:120] for n in names if n.strip()):
            slug = slugify(name)[:120] or "staff"
            author, _ = Author.objects.get_or_create(
                publication=self.site, slug=slug, defaults={"name": name}
            )
            authors.append(author)
        return authors

    def _standfirst(self, story):
        text = story.standfirst
        if not text:
            first = next((b["value"] for b in story.body if b["type"] == "paragraph"), "")
            text = text_of(first)
        text = text or story.title
        return Truncator(text).chars(STANDFIRST_MAX_LENGTH)

    def _free_slug(self, section, wanted):
        base = slugify(wanted)[:200] or "story"
        taken = set(
            ArticlePage.objects.child_of(section)
            .filter(slug__startswith=base)
            .values_list("slug", flat=True)
        )
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        return slug

    def _body(self, story, notes):
        blocks = []
        for block in story.body:
            if block["type"] != "image":
                blocks.append(block)
                continue
            picture = block["value"]
            image = self._picture(picture, story, notes, "image")
            if image is not None:
                blocks.append(
                    {
                        "type": "image",
                        "value": {
                            "image": image.pk,
                            "alt_text": picture.alt_text[:250],
                            "caption": picture.caption[:300],
                            "credit": picture.credit[:120],
                        },
                    }
                )
        return blocks

    # -- images -----------------------------------------------------------------------------

    def _picture(self, picture: Picture, story, notes, what):
        """The stored image for a picture, or None with a note saying why it was left out."""
        if self.dry_run:
            notes.append(f"{what} {picture.src} not fetched in a dry run")
            return None
        try:
            data = self.source.read_picture(picture.src, beside=story.page_file)
            return store_image(self.site, data, name=picture.src, title=picture.alt_text)
        except (OutboundError, ImageRefused) as error:
            notes.append(f"{what} {picture.src} left out: {error}")
            return None


def _host(url):
    return (urlsplit(url).hostname or "").lower()
