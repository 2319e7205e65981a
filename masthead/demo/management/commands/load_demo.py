import datetime
import secrets
from io import BytesIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.models import Collection, Site
from wagtail.rich_text import RichText

from masthead.articles.models import ArticleAuthor, ArticlePage, Author, SectionPage
from masthead.articles.setup import create_publication
from masthead.corrections.models import Correction
from masthead.newsletters.models import Newsletter
from masthead.publications.roles import group_names

from ...content import ARTICLES, CORRECTIONS, PUBLICATIONS
from ...images import draw_scene

PASSWORD_FILE = settings.VAR_DIR / "demo-login.txt"

DEMO_NEWSLETTERS = [
    ("Morning Briefing", "morning", "The day’s stories at seven, every morning."),
    ("Breaking News", "breaking", "Only when something big happens."),
]


class Command(BaseCommand):
    help = "Create the demo: two publications with sections, authors, images and articles."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, port, **options):
        password = self._password()
        self._remove_wagtail_welcome_site()
        for spec in PUBLICATIONS:
            if Site.objects.filter(hostname=spec["hostname"]).exists():
                self.stdout.write(f"{spec['name']} already exists; leaving it as it is.")
                continue
            with transaction.atomic():
                site = self._publication(spec, port)
                self._staff(site, spec["slug"], password)
            self.stdout.write(self.style.SUCCESS(f"Created {spec['name']} at {site.root_url}/"))
        self._superuser(password)
        self.stdout.write(
            f"\nAdmin: http://localhost:{port}/admin/  user: admin  password: {password}\n"
            f"Editors and writers: daily-editor, daily-writer, courier-editor, courier-writer "
            f"(same password)\n"
        )

    def _remove_wagtail_welcome_site(self):
        """Wagtail's first migration makes a placeholder site; the demo's publications replace it."""
        for site in Site.objects.filter(root_page__content_type__model="page", root_page__depth=2):
            page = site.root_page
            site.delete()
            page.delete()

    def _password(self):
        if PASSWORD_FILE.exists():
            return PASSWORD_FILE.read_text().strip()
        password = secrets.token_urlsafe(12)
        PASSWORD_FILE.write_text(password + "\n")
        return password

    def _superuser(self, password):
        """The printed login always works, even if the demo's database outlived its password file."""
        User = get_user_model()
        user = User.objects.filter(username="admin").first()
        if user is None:
            User.objects.create_superuser("admin", "admin@example.org", password)
        elif not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])

    def _staff(self, site, slug, password):
        User = get_user_model()
        editors_name, writers_name = group_names(site)
        for role, group_name in (("editor", editors_name), ("writer", writers_name)):
            user = User.objects.create_user(
                f"{slug}-{role}",
                f"{slug}-{role}@example.org",
                password,
                first_name=slug.title(),
                last_name=role.title(),
            )
            user.groups.add(Group.objects.get(name=group_name))

    def _publication(self, spec, port):
        site = create_publication(
            spec["name"],
            spec["hostname"],
            port=port,
            slug=spec["slug"],
            tagline=spec["tagline"],
            time_zone=spec["time_zone"],
            language=spec["language"],
            brand_colour=spec["brand_colour"],
            dateline_format=spec["dateline_format"],
            footer_text=spec["footer_text"],
        )
        for order, (name, slug, description) in enumerate(DEMO_NEWSLETTERS):
            Newsletter.objects.create(
                publication=site, name=name, slug=slug, description=description, sort_order=order
            )
        front = site.root_page.specific
        collection = Collection.objects.get(name=site.site_name)
        sections = []
        for title, description in spec["sections"]:
            section = SectionPage(title=title, description=description, show_in_menus=True)
            front.add_child(instance=section)
            section.save_revision().publish()
            sections.append(section)
        authors = [
            Author.objects.create(
                publication=site, name=name, slug=slugify(name), job_title=role, bio=bio
            )
            for name, role, bio in spec["authors"]
        ]
        now = timezone.now()
        specs = ARTICLES[spec["hostname"]]
        articles = []
        for number, (section_index, author_indexes, headline, standfirst, paragraphs, tags, extras) in enumerate(specs):  # fmt: skip
            image = self._image(
                f"{headline} (lead)",
                collection,
                spec["brand_colour"],
                seed=number * 7 + len(spec["slug"]),
            )
            body = self._body(number, headline, paragraphs, extras, collection, spec, now)
            article = ArticlePage(
                type_of_work=extras.get("type", "news"),
                title=headline,
                standfirst=standfirst,
                lead_image=image,
                lead_image_alt_text=f"Illustration for “{headline}”",
                lead_image_caption="An illustration drawn for the demo.",
                lead_image_credit="Masthead demo",
                body=body,
            )
            for order, index in enumerate(author_indexes):
                article.byline.add(ArticleAuthor(author=authors[index], sort_order=order))
            article.tags.add(*tags)
            sections[section_index].add_child(instance=article)
            article.save_revision().publish()
            # Spread the demo's stories over the past weeks, newest first in the list above.
            published = now - datetime.timedelta(days=number * 1.5, hours=number)
            ArticlePage.objects.filter(pk=article.pk).update(
                first_published_at=published, last_published_at=published
            )
            if "first_published" in extras:
                outlet, address, days_before, syndicated = extras["first_published"]
                ArticlePage.objects.filter(pk=article.pk).update(
                    first_published_by=outlet,
                    first_published_on=published - datetime.timedelta(days=days_before),
                    original_url=address,
                    syndicated=syndicated,
                )
            articles.append(article)
        self._updated_story(articles[1])
        self._corrections(articles, CORRECTIONS[spec["hostname"]], now)
        self._unpublished_examples(sections[0], authors[0], now)
        return site

    def _body(self, number, headline, paragraphs, extras, collection, spec, now):
        """Paragraphs with a subheading, and the pull quote, picture and statement the story has."""
        body = [("paragraph", RichText(f"<p>{paragraphs[0]}</p>"))]
        if "quote" in extras:
            quote, attribution = extras["quote"]
            body.append(("pull_quote", {"quote": quote, "attribution": attribution}))
        body.append(("subheading", "What happens next" if number % 2 else "The background"))
        body += [("paragraph", RichText(f"<p>{text}</p>")) for text in paragraphs[1:]]
        if "image" in extras:
            picture = self._image(
                f"{headline} (inside)", collection, spec["brand_colour"], seed=number * 11 + 3
            )
            caption = extras["image"]
            body.append(
                (
                    "image",
                    {
                        "image": picture,
                        "alt_text": caption,
                        "caption": caption,
                        "credit": "Demo illustration",
                    },
                )  # fmt: skip
            )
        if "statement" in extras:
            issuer, title, text = extras["statement"]
            statement = {
                "title": title,
                "issuer": issuer,
                "date_issued": (now - datetime.timedelta(days=number + 1)).date(),
                "source_url": f"https://example.org/statements/{slugify(title)}",
                "text": RichText(f"<p>{text}</p>"),
            }
            body.append(("statement", statement))
        return body

    def _corrections(self, articles, specs, now):
        for index, kind, text, hours in specs:
            article = ArticlePage.objects.get(pk=articles[index].pk)
            made = min(now, article.first_published_at + datetime.timedelta(hours=hours))
            Correction(article=article, kind=kind, text=text).record(None, now=made)

    def _updated_story(self, article):
        article.refresh_from_db()
        article.standfirst += " The times were confirmed on Thursday."
        article.save_revision().publish()

    def _unpublished_examples(self, section, author, now):
        """A draft readers never see (with slips the standards checks flag: `check_articles
        --drafts` and its editor panel show them), and a story the scheduler publishes three
        minutes after the demo starts, so editors can watch scheduling work."""
        draft_text = (
            "Not for readers yet. The council set its budget on January 14. Officials said last "
            'week that the figures would change. For the tables, <a href="http://example.org/'
            'budget">click here</a>.'
        )
        examples = [
            ("Draft: budget figures still being checked", "Not for readers yet.", None),
            (
                "Weekend outlook: bright spells after a frosty start",
                "Forecasters expect a cold, clear Saturday and milder rain arriving on Sunday.",
                now + datetime.timedelta(minutes=3),
            ),
        ]
        for title, standfirst, go_live_at in examples:
            article = ArticlePage(
                title=title,
                standfirst=standfirst,
                body=[
                    (
                        "paragraph",
                        RichText(
                            f"<p>{draft_text}</p>"
                            if go_live_at is None
                            else f"<p>{standfirst} Check back for the full story.</p>"
                        ),
                    )
                ],
                live=False,
                go_live_at=go_live_at,
            )
            article.byline.add(ArticleAuthor(author=author, sort_order=0))
            section.add_child(instance=article)
            revision = article.save_revision()
            if go_live_at:
                revision.publish()  # with go_live_at in the future, Wagtail schedules it

    def _image(self, title, collection, colour, seed):
        Image = get_image_model()
        data = BytesIO(draw_scene(seed, colour))
        return Image.objects.create(
            title=title,
            collection=collection,
            file=ImageFile(data, name=f"demo-{slugify(title)[:40]}.jpg"),
        )
