"""Editors compose, preview, test and send issues of their own publication's newsletters."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from masthead.articles.tests.factories import days_ago, make_article, make_section
from masthead.newsletters.models import Issue, Newsletter, Subscriber, Subscription
from masthead.publications.roles import group_names

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, publication):
    user = get_user_model().objects.create_user("editor", "editor@example.org", "pw")
    user.groups.add(Group.objects.get(name=group_names(publication)[0]))
    client.force_login(user)
    return user


def issue_form(newsletter, articles, **overrides):
    data = {
        "newsletter": newsletter.pk,
        "subject": "Morning Briefing, March 2",
        "intro": "Good morning.",
        "send_at": "",
        "items": inline_formset([{"article": a.pk} for a in articles]),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_editor_composes_previews_tests_and_sends_an_issue(
    client, editor, publication, section, smtp_server, django_capture_on_commit_callbacks
):
    morning = Newsletter.objects.create(
        publication=publication, name="Morning Briefing", slug="morning"
    )
    first = make_article(section, "Harbour reopens", published_at=days_ago(0))
    second = make_article(section, "Ferry fares fall", published_at=days_ago(0))
    reader = Subscriber.objects.create(
        publication=publication, email="r@example.org", confirmed_at=timezone.now()
    )
    Subscription.objects.create(subscriber=reader, newsletter=morning, status="active")

    add = client.post(
        reverse("wagtailsnippets_newsletters_issue:add"), issue_form(morning, [second, first])
    )
    assert add.status_code == 302
    issue = Issue.objects.get()
    assert issue.article_ids == [second.pk, first.pk]  # the editor's order
    listing = client.get(reverse("wagtailsnippets_newsletters_issue:list")).content.decode()
    assert reverse("newsletter_issues:send", args=[issue.pk]) in listing
    newsletters = client.get(
        reverse("wagtailsnippets_newsletters_newsletter:list")
    ).content.decode()
    assert reverse("newsletter_lists:page", args=[morning.pk]) in newsletters

    preview = client.get(reverse("newsletter_issues:preview", args=[issue.pk])).content.decode()
    assert preview.find("Ferry fares fall") < preview.find("Harbour reopens")
    assert "Good morning." in preview

    page = client.get(reverse("newsletter_issues:send", args=[issue.pk])).content.decode()
    assert "1 confirmed subscriber" in page
    client.post(reverse("newsletter_issues:test", args=[issue.pk]))
    assert [m["Subject"] for m in smtp_server] == ["[Test] Morning Briefing, March 2"]
    assert smtp_server[0]["To"] == "editor@example.org"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("newsletter_issues:send_now", args=[issue.pk]))
    assert [m["To"] for m in smtp_server] == ["editor@example.org", "r@example.org"]
    assert Issue.objects.get().status == Issue.Status.SENT
    sent_page = client.get(reverse("newsletter_issues:send", args=[issue.pk])).content.decode()
    assert "Sent" in sent_page


def test_a_scheduled_issue_goes_out_at_its_time(
    client,
    editor,
    publication,
    section,
    smtp_server,
    django_capture_on_commit_callbacks,
    time_machine,
):
    from django.core.management import call_command

    morning = Newsletter.objects.create(
        publication=publication, name="Morning Briefing", slug="morning"
    )
    article = make_article(section, "Harbour reopens", published_at=days_ago(0))
    reader = Subscriber.objects.create(
        publication=publication, email="r@example.org", confirmed_at=timezone.now()
    )
    Subscription.objects.create(subscriber=reader, newsletter=morning, status="active")
    when = timezone.now() + datetime.timedelta(hours=2)
    client.post(
        reverse("wagtailsnippets_newsletters_issue:add"),
        issue_form(morning, [article], send_at=timezone.localtime(when).strftime("%Y-%m-%d %H:%M")),
    )
    issue = Issue.objects.get()
    client.post(reverse("newsletter_issues:send_now", args=[issue.pk]))
    assert Issue.objects.get().status == Issue.Status.SCHEDULED
    call_command("run_scheduler", "--once")
    assert smtp_server == []
    time_machine.move_to(when + datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_scheduler", "--once")
    assert [m["To"] for m in smtp_server] == ["r@example.org"]


def test_editors_cannot_use_another_publications_newsletters_or_articles(
    client, editor, publication, other_publication, section
):
    theirs = Newsletter.objects.create(publication=other_publication, name="Tides", slug="tides")
    ours = Newsletter.objects.create(
        publication=publication, name="Morning Briefing", slug="morning"
    )
    their_article = make_article(make_section(other_publication, "Harbour"), "Courier story")
    add = reverse("wagtailsnippets_newsletters_issue:add")
    refused = client.post(add, issue_form(theirs, [make_article(section, "Ours")]))
    assert refused.status_code == 200 and not Issue.objects.exists()
    refused = client.post(add, issue_form(ours, [their_article]))
    assert "belongs to another publication" in refused.content.decode()
    assert not Issue.objects.exists()
    other_issue = Issue.compose(theirs, "Tides", [their_article.pk])
    assert client.get(reverse("newsletter_issues:send", args=[other_issue.pk])).status_code == 404
    assert (
        client.get(reverse("newsletter_issues:preview", args=[other_issue.pk])).status_code == 404
    )


def test_subscribers_import_export_history_and_digest(
    client, editor, publication, section, smtp_server, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    morning = Newsletter.objects.create(
        publication=publication, name="Morning Briefing", slug="morning"
    )
    page = reverse("newsletter_lists:page", args=[morning.pk])
    csv_file = SimpleUploadedFile(
        "list.csv",
        b"Email,Name\nann@example.org,Ann\nnot-an-address,Bob\nann@example.org,Ann again\nbo@example.org,Bo\n",
        content_type="text/csv",
    )
    report = client.post(reverse("newsletter_lists:import", args=[morning.pk]), {"file": csv_file})
    html = report.content.decode()
    assert "2 subscriber(s) imported, 2 row(s) rejected" in html
    assert "not a valid email address" in html and "repeats line 2" in html
    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "ann@example.org",
        "bo@example.org",
    }

    # A broken file imports nothing.
    broken = SimpleUploadedFile("list.csv", b"name\nsomeone\n", content_type="text/csv")
    client.post(reverse("newsletter_lists:import", args=[morning.pk]), {"file": broken})
    binary = SimpleUploadedFile("list.csv", b"\xff\xfe\x00email", content_type="text/csv")
    answer = client.post(
        reverse("newsletter_lists:import", args=[morning.pk]), {"file": binary}, follow=True
    )
    assert "Nothing was imported" in answer.content.decode()
    assert Subscriber.objects.count() == 2

    export = client.get(reverse("newsletter_lists:export", args=[morning.pk]))
    lines = export.content.decode().splitlines()
    assert lines[0] == "email,status,confirmed_at,subscribed_since"
    assert [line.split(",")[:2] for line in lines[1:]] == [
        ["ann@example.org", "active"],
        ["bo@example.org", "active"],
    ]

    make_article(section, "Harbour reopens", published_at=days_ago(0))
    digest = client.post(reverse("newsletter_lists:digest", args=[morning.pk]))
    issue = Issue.objects.get()
    assert digest["Location"] == reverse("wagtailsnippets_newsletters_issue:edit", args=[issue.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("newsletter_issues:send_now", args=[issue.pk]))
    assert len(smtp_server) == 2
    history = client.get(page).content.decode()
    assert "Subscribed: <strong>2</strong>" in history
    assert issue.subject in history and "<td>2</td>" in history
    assert "<svg" in history and "2 now" in history
