from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from masthead.api.models import ApiKey
from masthead.publications.roles import group_names


def staff(site, role, name):
    user = get_user_model().objects.create_user(name, password="pw")
    user.groups.add(Group.objects.get(name=group_names(site)[0 if role == "editor" else 1]))
    return user


def test_an_editor_makes_a_key_sees_it_once_and_revokes_it(publication, client):
    client.force_login(staff(publication, "editor", "editor"))
    page = client.post(
        "/admin/api/keys/",
        {
            "publication": publication.pk,
            "name": "Wire desk",
            "scopes": ["drafts", "images"],
            "requests_per_minute": 60,
        },
    ).content.decode()
    api_key = ApiKey.objects.get()
    assert "Copy this key now" in page and f"mh_{api_key.prefix}_" in page
    shown = page.split(f"mh_{api_key.prefix}_")[1].split("<")[0]
    assert shown not in client.get("/admin/api/keys/").content.decode()  # never shown again
    assert api_key.hashed_key and shown not in api_key.hashed_key
    assert api_key.scopes == ["drafts", "images"] and api_key.requests_per_minute == 60

    client.post(f"/admin/api/keys/{api_key.pk}/revoke/")
    api_key.refresh_from_db()
    assert api_key.revoked


def test_keys_stay_with_their_publications_editors(publication, other_publication, client):
    client.force_login(staff(publication, "editor", "editor"))
    client.post(
        "/admin/api/keys/",
        {
            "publication": publication.pk,
            "name": "Wire desk",
            "scopes": ["drafts"],
            "requests_per_minute": 60,
        },
    )
    api_key = ApiKey.objects.get()
    client.force_login(staff(other_publication, "editor", "outsider"))
    assert "Wire desk" not in client.get("/admin/api/keys/").content.decode()
    assert client.post(f"/admin/api/keys/{api_key.pk}/revoke/").status_code == 404
    refused = client.post(
        "/admin/api/keys/",
        {
            "publication": publication.pk,
            "name": "Sneaky",
            "scopes": ["publish"],
            "requests_per_minute": 60,
        },
    )
    assert "Select a valid choice" in refused.content.decode()
    client.force_login(staff(publication, "writer", "writer"))
    assert client.get("/admin/api/keys/").status_code in (200, 302, 403)
    assert "Wire desk" not in client.get("/admin/api/keys/").content.decode()
    assert ApiKey.objects.count() == 1 and not ApiKey.objects.get().revoked
