import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from masthead.publications.models import PublicationSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def edit_url(publication):
    return reverse(
        "wagtailsettings:edit", args=["publications", "publicationsettings", publication.pk]
    )


@pytest.fixture
def chief(client):
    client.force_login(get_user_model().objects.create_superuser("chief", "c@example.org", "pw"))
    return client


def settings_form(**overrides):
    data = {
        "tagline": "News for the valley",
        "time_zone": "America/New_York",
        "language": "en",
        "brand_colour": "#8a1c1c",
        "dateline_format": "l, F j, Y",
        "footer_text": "",
        "logo": "",
    }
    data.update(overrides)
    return data


def test_editor_changes_tagline_and_zone(chief, edit_url, publication):
    assert chief.get(edit_url).status_code == 200
    response = chief.post(
        edit_url, settings_form(tagline="Fresh every morning", time_zone="Asia/Tokyo")
    )
    assert response.status_code == 302
    saved = PublicationSettings.for_site(publication)
    assert (saved.tagline, saved.time_zone) == ("Fresh every morning", "Asia/Tokyo")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("brand_colour", "#ffee00", "contrast"),
        ("time_zone", "Atlantis/Capital", "not a time zone"),
        ("language", "xx", "not a language"),
    ],
)
def test_bad_settings_are_refused_and_nothing_changes(
    chief, edit_url, publication, field, value, message
):
    before = PublicationSettings.for_site(publication)
    response = chief.post(edit_url, settings_form(tagline="Should not be saved", **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    after = PublicationSettings.objects.get(pk=before.pk)
    assert after.tagline == before.tagline
