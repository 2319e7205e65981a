from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from masthead.articles.setup import create_publication


class Command(BaseCommand):
    help = "Start a new publication: a site at HOSTNAME with its front page, settings and roles."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The masthead, e.g. 'The Daily Meridian'")
        parser.add_argument("hostname", help="e.g. daily.example.org")
        parser.add_argument(
            "--port",
            type=int,
            # Production serves every publication over https (see publications.checks).
            default=443 if settings.CANONICAL_HTTPS else 80,
        )
        parser.add_argument("--tagline", default="")
        parser.add_argument("--time-zone", default="UTC")
        parser.add_argument("--language", default="en")
        parser.add_argument("--brand-colour", default="#8a1c1c")

    def handle(self, *args, **options):
        try:
            site = create_publication(
                options["name"],
                options["hostname"],
                port=options["port"],
                tagline=options["tagline"],
                time_zone=options["time_zone"],
                language=options["language"],
                brand_colour=options["brand_colour"],
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Created {site.site_name} at {site.root_url}"))
