"""The findings panel in the editor, blocking checks at publish, dismissals in the story's
history, and `manage.py check_articles`."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import PageLogEntry
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import rich_text, streamfield

from masthead.articles.models import ArticlePage
from masthead.articles.tests.factories import (
    AuthorFactory,
    admin_article_form,
    make_article,
    make_section,
)
from masthead.standards.models import Dismissal, StandardsSettings

pytestmark = pytest.mark.django_db

QUOTE = (
    "“We have waited for this bridge for a decade and now the whole east bank can walk to the "
    "library and the school in ten minutes.”"
)


def quoting_form(author, article, **extra):
    return admin_article_form(
        author,
        title=article.title,
        slug=article.slug,
        standfirst="The crossing opens next autumn.",
        body=streamfield([("paragraph", rich_text(f"<p>{QUOTE}</p>"))]),
        **extra,
    )


def test_the_editor_shows_findings_after_each_save(admin_client, publication, section):
    author = AuthorFactory(publication=publication)
    article = make_article(section, "Footbridge approved", authors=[author], publish=False)
    edit = reverse("wagtailadmin_pages:edit", args=[article.pk])
    page = admin_client.get(edit).content.decode()
    assert "data-standards-findings" in page and "data-standards-clear" in page
    assert admin_client.post(edit, quoting_form(author, article)).status_code == 302
    page = admin_client.get(edit).content.decode()
    panel = page.split("data-standards-findings", 1)[1].split("</ul>", 1)[0]
    assert 'data-check="unattributed-quote"' in panel and "Warning" in panel


def test_a_blocking_check_stops_publishing_until_its_finding_is_dismissed(
    admin_client, admin_user, publication, section
):
    StandardsSettings.objects.update_or_create(
        site=publication, defaults={"blocking": ["unattributed-quote"]}
    )
    author = AuthorFactory(publication=publication)
    article = make_article(section, "Footbridge approved", authors=[author], publish=False)
    edit = reverse("wagtailadmin_pages:edit", args=[article.pk])
    publish = {"action-publish": "action-publish"}
    response = admin_client.post(edit, quoting_form(author, article, **publish), follow=True)
    assert "Not published" in response.content.decode()
    article.refresh_from_db()
    assert not article.live
    assert (
        QUOTE in article.get_latest_revision_as_object().body.raw_data[0]["value"]
    )  # kept as a draft

    dismiss = reverse("standards:dismiss", args=[article.pk])
    form = admin_client.get(dismiss, {"check": "unattributed-quote", "concerns": QUOTE[:120]})
    assert form.status_code == 200 and "Why this finding does not apply" in form.content.decode()
    refused = admin_client.post(
        dismiss, {"check_code": "unattributed-quote", "concerns": QUOTE[:120], "reason": ""}
    )
    assert refused.status_code == 200 and not Dismissal.objects.exists()
    admin_client.post(
        dismiss,
        {
            "check_code": "unattributed-quote",
            "concerns": QUOTE[:120],
            "reason": "The mayor's words, named in the next paragraph.",
        },
    )
    entry = PageLogEntry.objects.get(page=article, action="masthead.dismiss_finding")
    assert entry.user == admin_user and "named in the next paragraph" in entry.data["reason"]
    history = admin_client.get(
        reverse("wagtailadmin_pages:history", args=[article.pk])
    ).content.decode()
    assert "Dismissed the finding" in history

    assert admin_client.post(edit, quoting_form(author, article, **publish)).status_code == 302
    assert ArticlePage.objects.get(pk=article.pk).live


def test_editors_dismiss_findings_only_on_stories_they_may_edit(client, other_publication):
    from django.contrib.auth import get_user_model

    theirs = make_article(make_section(other_publication, "News"), "Their story")
    stranger = get_user_model().objects.create_user(
        "stranger", "s@example.org", "pw", is_staff=True
    )
    client.force_login(stranger)
    response = client.post(
        reverse("standards:dismiss", args=[theirs.pk]),
        {"check_code": "links", "concerns": "x", "reason": "Because."},
    )
    assert response.status_code in (302, 403)
    assert not Dismissal.objects.exists()


def crafted_drafts(section):
    bad = make_article(
        section,
        "Ferry fares fall",
        standfirst="Ferry fares fall.",
        body=[
            (
                "paragraph",
                RichText("<p>The council met on January 14, 2024. Fares rose last week.</p>"),
            ),
            (
                "paragraph",
                RichText('<p>See <a href="http://example.org/fares">click here</a>.</p>'),
            ),
        ],
        publish=False,
    )
    good = make_article(
        section,
        "Harbour reopens",
        standfirst="Boats can moor again from Monday.",
        body=[("paragraph", RichText("<p>The harbour reopens on Monday.</p>"))],
    )
    return bad, good


def test_check_articles_reports_a_block_per_story(publication, section):
    bad, good = crafted_drafts(section)
    out = io.StringIO()
    call_command("check_articles", "--drafts", stdout=out)
    report = out.getvalue()
    block = report.split("Ferry fares fall\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert "draft" in block[0]
    kinds = [line.split("]")[0].split("[")[1] for line in block[1:]]
    assert sorted(kinds) == ["links", "links", "relative-time", "standfirst"]
    assert all(line.startswith("  warning: ") for line in block[1:])
    assert "Harbour reopens\n" not in report
    assert "2 stories checked, 1 with findings, 0 errors." in report

    # Without --drafts only what readers see is checked.
    out = io.StringIO()
    call_command("check_articles", stdout=out)
    assert "Ferry fares fall" not in out.getvalue()


def test_check_articles_exits_1_on_errors_and_refuses_an_unknown_publication(publication, section):
    crafted_drafts(section)
    StandardsSettings.objects.update_or_create(site=publication, defaults={"blocking": ["links"]})
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command(
            "check_articles", "--drafts", "--publication", publication.hostname, stdout=out
        )
    assert exited.value.code == 1
    assert "  error: [links]" in out.getvalue() and "2 errors." in out.getvalue()
    with pytest.raises(CommandError, match="No publication at 'nowhere.example'"):
        call_command("check_articles", "--publication", "nowhere.example")


def test_an_editor_cannot_approve_a_submitted_story_a_blocking_check_flags(publication, section):
    from django.contrib.auth.models import Group

    from masthead.publications.roles import group_names
    from masthead.standards.models import StandardsApprovalTask

    editors, writers = group_names(publication)
    User = get_user_model()
    writer = User.objects.create_user("writer", password="pw")
    writer.groups.add(Group.objects.get(name=writers))
    editor = User.objects.create_user("editor", password="pw")
    editor.groups.add(Group.objects.get(name=editors))
    StandardsSettings.objects.update_or_create(site=publication, defaults={"blocking": ["links"]})
    story = make_article(
        section,
        "Ferry fares fall",
        body=[
            ("paragraph", RichText('<p>Fares: <a href="https://example.org/f">click here</a>.</p>'))
        ],
        publish=False,
    )
    story.save_revision(user=writer)
    story.get_workflow().start(story, writer)
    task = story.current_workflow_task
    assert isinstance(task, StandardsApprovalTask)
    assert [name for name, *_ in task.get_actions(story, editor)] == ["reject"]
    task.on_action(story.current_workflow_task_state, editor, "approve")
    assert not ArticlePage.objects.get(pk=story.pk).live

    # Mended: the editor may approve, and approving publishes.
    story = ArticlePage.objects.get(pk=story.pk)
    story.body = [
        ("paragraph", RichText('<p>Fares: <a href="https://example.org/f">the new fares</a>.</p>'))
    ]
    story.save_revision(user=writer)
    assert "approve" in [name for name, *_ in task.get_actions(story, editor)]
    task.on_action(story.current_workflow_task_state, editor, "approve")
    assert ArticlePage.objects.get(pk=story.pk).live
