from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from masthead.articles.models import ArticlePage
from masthead.imports.models import ImportRun
from masthead.publications.roles import group_names

from .conftest import SAMPLES


def staff(site, role, name):
    user = get_user_model().objects.create_user(name, password="pw")
    user.groups.add(Group.objects.get(name=group_names(site)[0 if role == "editor" else 1]))
    return user


def upload(client, site, name="wordpress.xml", fmt="wordpress", **extra):
    data = {
        "publication": site.pk,
        "format": fmt,
        "file": SimpleUploadedFile(name, (SAMPLES / name).read_bytes()),
        **extra,
    }
    return client.post("/admin/imports/", data)


def report(client):
    return client.get(f"/admin/imports/{ImportRun.objects.get().pk}/").content.decode()


def test_an_editor_uploads_an_export_and_reads_the_report(
    publication, client, django_capture_on_commit_callbacks
):
    client.force_login(staff(publication, "editor", "editor"))
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(client, publication).status_code == 302
    html = report(client)
    assert "3 created" in html and "1 failed" in html
    assert "Harbour to reopen on Monday after sea wall repairs" in html
    assert "in WordPress&#x27;s trash" in html
    run = ImportRun.objects.get()
    assert run.status == "done" and run.upload == b""  # the file is not kept once read
    assert ArticlePage.objects.filter(live=True).count() == 2


def test_an_unreadable_upload_changes_nothing_and_says_why(
    publication, client, django_capture_on_commit_callbacks
):
    client.force_login(staff(publication, "editor", "editor"))
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, publication, name="ghost.json", fmt="wordpress")
    assert "Nothing was imported: The export is not well-formed XML" in report(client)
    assert not ArticlePage.objects.exists()


def test_writers_and_other_publications_editors_cannot_import(
    publication, other_publication, client
):
    client.force_login(staff(publication, "writer", "writer"))
    assert upload(client, publication).status_code == 200
    assert not ImportRun.objects.exists()  # the publication is not theirs to choose

    client.force_login(staff(other_publication, "editor", "other-editor"))
    response = upload(client, publication)
    assert "Select a valid choice" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_missing_section_is_a_form_error(publication, client):
    client.force_login(staff(publication, "editor", "editor"))
    response = upload(client, publication, section="nowhere")
    assert "has no section with this slug" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_run_whose_worker_died_is_started_again_and_writes_nothing_twice(
    publication, client, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    from masthead.imports.tasks import requeue_stalled_runs

    editor = staff(publication, "editor", "editor")
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, publication)
    created = ArticlePage.objects.count()
    # As if a second upload's worker had died after importing some of it.
    run = ImportRun.objects.create(
        publication=publication,
        requested_by=editor,
        format="wordpress",
        file_name="wordpress.xml",
        upload=(SAMPLES / "wordpress.xml").read_bytes(),
        status="running",
        started_at=timezone.now() - datetime.timedelta(hours=3),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stalled_runs() == [f"requeued import {run.pk} (its worker stopped)"]
    run.refresh_from_db()
    assert run.status == "done" and run.counts["unchanged"] == 3
    assert ArticlePage.objects.count() == created
