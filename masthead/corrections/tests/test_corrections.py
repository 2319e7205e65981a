"""Corrections: made by editors on live stories, dated by the system, shown on the story, in
its JSON-LD, on the corrections page and in its feed; amended, never deleted."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from masthead.articles.models import ARTICLES_PER_PAGE, ArticlePage
from masthead.articles.tests.factories import make_article, make_section
from masthead.articles.tests.test_views import QUERY_BUDGET, get
from masthead.corrections.models import Correction
from masthead.discovery.tests.test_structured_data import json_ld
from masthead.publications.roles import group_names

pytestmark = pytest.mark.django_db

ADD = "wagtailsnippets_corrections_correction:add"
EDIT = "wagtailsnippets_corrections_correction:edit"
DELETE = "wagtailsnippets_corrections_correction:delete"


def staff(site, name):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "pw")
    user.groups.add(Group.objects.get(name=group_names(site)[0]))
    return user


@pytest.fixture
def editor(client, publication):
    user = staff(publication, "editor")
    client.force_login(user)
    return user


def correct(article, text, kind="correction", user=None, when=None):
    return Correction(article=article, kind=kind, text=text).record(user, now=when)


def test_an_editor_corrects_a_live_story_and_readers_see_it_dated_above_the_story(
    client, editor, publication, section
):
    article = make_article(section, "Ferry fares fall")
    assert article.text_updated_at is None
    before = timezone.now()
    response = client.post(
        reverse(ADD),
        {"article": article.pk, "kind": "correction", "text": "The fare falls to £4, not £3."},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    note = Correction.objects.get()
    assert note.made_by == editor and note.made_at >= before
    assert note.publication == publication
    article.refresh_from_db()
    assert article.text_updated_at == note.made_at  # the story reads "Updated" at that time

    client.logout()
    html = get(client, publication, article.url).content.decode()
    above = html.split('class="notices notices--above"', 1)[1].split("</section>", 1)[0]
    assert "Correction" in above and "The fare falls to £4, not £3." in above
    assert html.index("notices--above") < html.index('class="article__body"')
    assert 'class="byline__updated"' in html
    (correction,) = json_ld(html)["correction"]
    assert correction == {
        "@type": "CorrectionComment",
        "text": "The fare falls to £4, not £3.",
        "datePublished": note.made_at.isoformat(),
    }


def test_a_clarification_follows_the_story(client, publication, section):
    article = make_article(section, "Ferry fares fall")
    correct(article, "The new fares apply to foot passengers only.", kind="clarification")
    html = get(client, publication, article.url).content.decode()
    assert "notices--above" not in html
    below = html.split('class="notices notices--below"', 1)[1].split("</section>", 1)[0]
    assert "Clarification" in below and "foot passengers only" in below
    assert html.index('class="article__body"') < html.index("notices--below")


def test_the_date_is_the_systems_not_the_editors(client, editor, section):
    article = make_article(section)
    client.post(
        reverse(ADD),
        {"article": article.pk, "kind": "correction", "text": "Fixed.", "made_at": "2001-01-01"},
    )
    assert Correction.objects.get().made_at.year == timezone.now().year


def test_an_amendment_keeps_the_earlier_wording_and_nothing_deletes_a_note(
    client, editor, publication, section
):
    article = make_article(section, "Ferry fares fall")
    note = correct(
        article, "The fare is £4.", user=editor, when=timezone.now() - datetime.timedelta(hours=2)
    )
    response = client.post(
        reverse(EDIT, args=[note.pk]),
        {"article": article.pk, "kind": "correction", "text": "The fare is £4.50."},
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.text == "The fare is £4.50." and note.amended_at is not None
    assert [(h["text"], h["replaced_by"]) for h in note.history] == [("The fare is £4.", "editor")]
    html = get(client, publication, article.url).content.decode()
    assert "(amended" in html

    assert client.post(reverse(DELETE, args=[note.pk])).status_code in (302, 403)
    assert Correction.objects.filter(pk=note.pk).exists()
    superuser = get_user_model().objects.create_superuser("chief", "c@example.org", "pw")
    client.force_login(superuser)
    client.post(reverse(DELETE, args=[note.pk]))
    assert Correction.objects.filter(pk=note.pk).exists()
    with pytest.raises(PermissionDenied):
        note.delete()


def test_editors_correct_only_their_own_publications_live_stories(
    client, editor, publication, other_publication, section
):
    theirs = make_article(make_section(other_publication, "News"), "Their story")
    draft = make_article(section, "Unfinished", publish=False)
    for article, reason in ((theirs, "another publication"), (draft, "published stories")):
        response = client.post(
            reverse(ADD), {"article": article.pk, "kind": "correction", "text": "No."}
        )
        assert response.status_code == 200 and reason in response.content.decode()
    assert not Correction.objects.exists()
    their_note = correct(theirs, "Theirs.")
    assert client.get(reverse(EDIT, args=[their_note.pk])).status_code in (302, 403, 404)
    listing = client.get(reverse("wagtailsnippets_corrections_correction:list")).content.decode()
    assert "Their story" not in listing


def test_the_corrections_page_lists_notes_newest_first_and_never_a_drafts(
    client, publication, other_publication, section
):
    now = timezone.now()
    stories = [make_article(section, f"Story {n}") for n in range(ARTICLES_PER_PAGE + 1)]
    for n, story in enumerate(stories):
        correct(story, f"Note {n}.", when=now - datetime.timedelta(hours=len(stories) - n))
    withdrawn = make_article(section, "Withdrawn story")
    correct(withdrawn, "Note on a withdrawn story.")
    withdrawn.unpublish()
    correct(make_article(make_section(other_publication, "News"), "Elsewhere"), "Not ours.")

    first = get(client, publication, "/corrections/").content.decode()
    shown = re.findall(r"Note (\d+)\.", first)
    assert shown == [str(n) for n in range(ARTICLES_PER_PAGE, 0, -1)]
    assert "withdrawn" not in first and "Not ours" not in first
    second = get(client, publication, "/corrections/?page=2").content.decode()
    assert re.findall(r"Note (\d+)\.", second) == ["0"]
    assert get(client, publication, "/corrections/?page=9").status_code == 404
    assert 'href="/corrections/"' in first.split('<footer class="site-footer">', 1)[1]

    feed = get(client, publication, "/corrections/rss.xml")
    assert feed["Content-Type"].startswith("application/rss+xml")
    xml = feed.content.decode()
    titles = re.findall(r"<title>(.*?)</title>", xml)
    assert titles[1] == f"Correction: Story {ARTICLES_PER_PAGE}"
    assert "withdrawn" not in xml and "Not ours" not in xml


def test_a_corrected_story_stays_within_the_query_budget(client, publication, section):
    article = make_article(section, "Ferry fares fall")
    correct(article, "The fare is £4.")
    correct(article, "Foot passengers only.", kind="clarification")
    article = ArticlePage.objects.get(pk=article.pk)
    with CaptureQueriesContext(connection) as queries:
        assert get(client, publication, article.url).status_code == 200
    assert len(queries) <= QUERY_BUDGET
