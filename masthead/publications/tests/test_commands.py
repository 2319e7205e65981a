import datetime
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import Site

from masthead.articles.models import ArticlePage
from masthead.articles.tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_scheduler_publishes_an_article_when_its_time_comes(client, publication, section):
    article = make_article(section, "Weekend weather", publish=False)
    article.go_live_at = timezone.now() + datetime.timedelta(minutes=5)
    article.save_revision().publish()
    log = io.StringIO()
    call_command("run_scheduler", "--once", stdout=log)
    assert client.get(article.url, HTTP_HOST=publication.hostname).status_code == 404
    assert log.getvalue() == ""

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=6)):
        call_command("run_scheduler", "--once", stdout=log)
    response = client.get(article.url, HTTP_HOST=publication.hostname)
    assert response.status_code == 200
    assert "Weekend weather" in response.content.decode()
    assert ArticlePage.objects.get(pk=article.pk).first_published_at is not None
    # The log says what went live, one line.
    lines = log.getvalue().splitlines()
    assert len(lines) == 1 and f"published page {article.pk} “Weekend weather”" in lines[0]


def test_scheduler_logs_what_it_unpublishes(publication, section):
    article = make_article(section, "Offer ends")
    article.expire_at = timezone.now() + datetime.timedelta(minutes=5)
    article.save_revision().publish()
    log = io.StringIO()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=6)):
        call_command("run_scheduler", "--once", stdout=log)
    assert not ArticlePage.objects.get(pk=article.pk).live
    assert f"unpublished page {article.pk} “Offer ends”" in log.getvalue()


def test_create_publication_command_makes_a_working_site(client, db):
    call_command(
        "create_publication", "The Valley Post", "post.localhost", "--tagline", "Local and proud"
    )
    site = Site.objects.get(hostname="post.localhost")
    html = client.get("/", HTTP_HOST="post.localhost").content.decode()
    assert "The Valley Post" in html and "Local and proud" in html
    assert site.site_name == "The Valley Post"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--brand-colour", "#ffff00"], "contrast"),
        (["--time-zone", "Mars/Olympus"], "not a time zone"),
        (["--language", "klingon"], "not a language"),
    ],
)
def test_create_publication_refuses_bad_input_and_writes_nothing(db, args, message):
    before = Site.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("create_publication", "Bad Paper", "bad.localhost", *args)
    assert Site.objects.count() == before
    assert not ArticlePage.objects.exists()


def test_create_publication_refuses_a_taken_hostname(publication):
    with pytest.raises(CommandError, match="already answers"):
        call_command("create_publication", "Twin", publication.hostname)
