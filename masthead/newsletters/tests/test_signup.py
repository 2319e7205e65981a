"""Readers sign up from a publication's pages, confirm from a real email, and leave in one click."""

import re

import pytest
from django.core.cache import cache

from masthead.articles.tests.factories import make_article
from masthead.newsletters.models import Newsletter, Subscriber, Subscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsletters(publication):
    return [
        Newsletter.objects.create(publication=publication, name="Morning Briefing", slug="morning"),
        Newsletter.objects.create(publication=publication, name="Breaking News", slug="breaking"),
    ]


def subscribe(client, site, email, newsletters, **extra):
    headers = {"HTTP_HOST": site.hostname, "HTTP_ORIGIN": f"http://{site.hostname}"}
    headers.update(extra)
    data = {"email": email, "newsletter": [n.pk for n in newsletters], "website": ""}
    return client.post("/newsletters/subscribe/", data, **headers)


def link_in(message, kind):
    text = message.get_body(("plain",)).get_content()
    return re.search(rf"http://\S+/newsletters/{kind}/\S+/", text).group(0)


def test_signup_confirmed_from_a_real_email(
    client, publication, newsletters, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = subscribe(client, publication, "Reader@Example.org", newsletters)
    assert answer.status_code == 200 and "Check your inbox" in answer.content.decode()
    subscriptions = Subscription.objects.filter(subscriber__email="Reader@Example.org")
    assert {s.status for s in subscriptions} == {"pending"}

    (message,) = smtp_server
    assert message["To"] == "Reader@Example.org"
    assert message["Subject"] == "Confirm your The Daily Meridian newsletter signup"
    assert "The Daily Meridian" in message["From"]
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    assert "Morning Briefing" in html and "Breaking News" in text
    confirm = link_in(message, "confirm")
    assert confirm in html  # the same absolute link in both parts

    path = confirm.split(publication.hostname, 1)[1]
    page = client.get(path, HTTP_HOST=publication.hostname)
    assert page.status_code == 200 and "Confirm my subscription" in page.content.decode()
    assert {s.status for s in subscriptions} == {"pending"}  # a link scanner's GET confirms nothing
    done = client.post(path, HTTP_HOST=publication.hostname)
    assert "You’re subscribed to Breaking News and Morning Briefing" in done.content.decode()
    assert {s.status for s in subscriptions.all()} == {"active"}
    assert Subscriber.objects.get(email="Reader@Example.org").confirmed_at is not None


def test_the_answer_never_tells_whether_an_address_is_subscribed(
    client, publication, newsletters, smtp_server
):
    first = subscribe(client, publication, "known@example.org", newsletters)
    Subscription.objects.update(status=Subscription.Status.ACTIVE)
    again = subscribe(client, publication, "known@example.org", newsletters)
    stranger = subscribe(client, publication, "new@example.org", newsletters)
    assert first.content == again.content == stranger.content
    json_answers = {
        subscribe(client, publication, address, newsletters, HTTP_ACCEPT="application/json").json()[
            "message"
        ]
        for address in ("known@example.org", "other@example.org")
    }
    assert len(json_answers) == 1
    assert (
        Subscription.objects.filter(subscriber__email="known@example.org", status="active").count()
        == 2
    )


@pytest.mark.parametrize(
    ("email", "chosen", "message"),
    [
        ("not-an-address", True, "Enter a valid email address"),
        ("", True, "Enter a valid email address"),
        ("reader@example.org", False, "Choose at least one newsletter"),
    ],
)
def test_bad_signups_are_refused_clearly_and_store_nothing(
    client, publication, newsletters, email, chosen, message
):
    answer = subscribe(client, publication, email, newsletters if chosen else [])
    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert not Subscriber.objects.exists()


def test_signups_from_elsewhere_bots_and_floods_are_turned_away(
    client, publication, newsletters, other_publication
):
    foreign = subscribe(
        client, publication, "a@example.org", newsletters, HTTP_ORIGIN="https://evil.example"
    )
    assert foreign.status_code == 403
    bot = client.post(
        "/newsletters/subscribe/",
        {"email": "bot@example.org", "newsletter": [newsletters[0].pk], "website": "http://spam"},
        HTTP_HOST=publication.hostname,
        HTTP_ORIGIN=f"http://{publication.hostname}",
    )
    assert bot.status_code == 200  # told nothing
    # Another publication's newsletters cannot be joined from this one.
    theirs = Newsletter.objects.create(publication=other_publication, name="Tides", slug="tides")
    assert subscribe(client, publication, "c@example.org", [theirs]).status_code == 400
    assert not Subscriber.objects.exists()
    cache.clear()
    answers = [
        subscribe(client, publication, "same@example.org", newsletters).status_code
        for _ in range(4)
    ]
    assert answers == [200, 200, 200, 400]  # three a hour per address
    assert (
        "Too many signups"
        in subscribe(client, publication, "same@example.org", newsletters).content.decode()
    )


def test_forged_or_expired_confirmation_links_do_nothing(client, publication, newsletters):
    subscribe(client, publication, "reader@example.org", newsletters)
    page = client.get("/newsletters/confirm/forged-token/", HTTP_HOST=publication.hostname)
    assert page.status_code == 400 and "expired or is not valid" in page.content.decode()
    assert not Subscription.objects.filter(status="active").exists()


def test_one_click_unsubscribe_and_preferences(client, publication, newsletters):
    subscribe(client, publication, "reader@example.org", newsletters)
    subscriber = Subscriber.objects.get()
    Subscription.objects.update(status=Subscription.Status.ACTIVE)
    host = {"HTTP_HOST": publication.hostname}

    # RFC 8058: a mail provider POSTs "List-Unsubscribe=One-Click", with no CSRF token.
    one_click = client.post(
        f"/newsletters/unsubscribe/{subscriber.token}/?newsletter=morning",
        {"List-Unsubscribe": "One-Click"},
        **host,
    )
    assert one_click.status_code == 200
    statuses = dict(subscriber.subscriptions.values_list("newsletter__slug", "status"))
    assert statuses == {"morning": "left", "breaking": "active"}

    preferences = client.get(f"/newsletters/preferences/{subscriber.token}/", **host)
    assert preferences.status_code == 200
    html = preferences.content.decode()
    assert "Morning Briefing" in html and "Breaking News" in html
    client.post(
        f"/newsletters/preferences/{subscriber.token}/", {"newsletter": [newsletters[0].pk]}, **host
    )
    statuses = dict(subscriber.subscriptions.values_list("newsletter__slug", "status"))
    assert statuses == {"morning": "active", "breaking": "left"}

    client.post(f"/newsletters/unsubscribe/{subscriber.token}/", **host)
    assert set(subscriber.subscriptions.values_list("status", flat=True)) == {"left"}
    assert client.get("/newsletters/preferences/not-a-token/", **host).status_code == 404


def test_article_pages_offer_signup_and_stay_cacheable(client, publication, section, newsletters):
    article = make_article(section, "Harbour reopens")
    url = f"/{section.slug}/{article.slug}/"
    first = client.get(url, HTTP_HOST=publication.hostname)
    html = first.content.decode()
    assert html.count('action="/newsletters/subscribe/"') == 3  # after the story, footer, pop-up
    assert "Morning Briefing" in html and "<dialog" in html
    assert "csrfmiddlewaretoken" not in html and "csrftoken" not in first.cookies
    assert client.get(url, HTTP_HOST=publication.hostname)["X-Page-Cache"] == "hit"
    # A newsletter no longer offered leaves every form at once.
    Newsletter.objects.filter(slug="breaking").update(offered=False)
    newsletters[1].refresh_from_db()
    newsletters[1].save()
    assert "Breaking News" not in client.get(url, HTTP_HOST=publication.hostname).content.decode()
