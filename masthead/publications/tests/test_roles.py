"""Editors and writers of one publication can see and change only that publication's content."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.permissions import policy_registry
from wagtail.test.utils.form_data import streamfield

from masthead.articles.models import ArticlePage, Author
from masthead.articles.tests.factories import (
    AuthorFactory,
    ImageFactory,
    admin_article_form,
    make_article,
    make_section,
)
from masthead.publications.roles import group_names, publications_for_user

pytestmark = pytest.mark.django_db


def staff(site, role):
    editors, writers = group_names(site)
    user = get_user_model().objects.create_user(f"{site.hostname}-{role}", password="pw")
    user.groups.add(Group.objects.get(name=editors if role == "editor" else writers))
    return user


@pytest.fixture
def newsroom(publication, other_publication):
    a_section = make_section(publication, "Local")
    b_section = make_section(other_publication, "Harbour")
    return {
        "a": publication,
        "b": other_publication,
        "a_article": make_article(a_section, "Meridian story"),
        "b_article": make_article(b_section, "Courier story"),
        "a_image": ImageFactory(collection=Collection.objects.get(name=publication.site_name)),
        "b_image": ImageFactory(
            collection=Collection.objects.get(name=other_publication.site_name)
        ),
        "a_author": AuthorFactory(publication=publication, name="Meridian writer"),
        "b_author": AuthorFactory(publication=other_publication, name="Courier writer"),
    }


@pytest.mark.parametrize("role", ["editor", "writer"])
def test_staff_belong_to_exactly_their_publication(newsroom, role):
    user = staff(newsroom["a"], role)
    assert list(publications_for_user(user)) == [newsroom["a"]]


@pytest.mark.parametrize(
    ("role", "own_edit", "own_publish", "other_edit"),
    [("editor", True, True, False), ("writer", False, False, False)],
)
def test_page_permission_matrix(newsroom, role, own_edit, own_publish, other_edit):
    user = staff(newsroom["a"], role)
    own = newsroom["a_article"].permissions_for_user(user)
    other = newsroom["b_article"].permissions_for_user(user)
    assert own.can_edit() is own_edit
    assert own.can_publish() is own_publish
    assert other.can_edit() is other_edit
    assert other.can_publish() is False
    # Writers may start new articles in their own publication only.
    section_a = newsroom["a_article"].get_parent()
    section_b = newsroom["b_article"].get_parent()
    assert section_a.permissions_for_user(user).can_add_subpage() is True
    assert section_b.permissions_for_user(user).can_add_subpage() is False


@pytest.mark.parametrize("role", ["editor", "writer"])
def test_admin_edit_view_refuses_another_publications_article(client, newsroom, role):
    client.force_login(staff(newsroom["a"], role))
    other = client.get(reverse("wagtailadmin_pages:edit", args=[newsroom["b_article"].pk]))
    assert other.status_code in (302, 403)
    explorer = client.get(reverse("wagtailadmin_explore_root"))
    assert explorer.status_code in (200, 302)


def test_editor_edits_own_article_in_admin(client, newsroom):
    client.force_login(staff(newsroom["a"], "editor"))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[newsroom["a_article"].pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["editor", "writer"])
def test_images_are_scoped_to_the_publication_collection(newsroom, role):
    user = staff(newsroom["a"], role)
    image_policy = policy_registry.get_by_type(get_image_model())
    choosable = set(image_policy.instances_user_has_permission_for(user, "choose"))
    assert newsroom["a_image"] in choosable
    assert newsroom["b_image"] not in choosable
    assert not image_policy.user_has_permission_for_instance(user, "change", newsroom["b_image"])
    assert get_image_model().objects.count() == 2


def test_editor_sees_and_changes_only_own_authors(client, newsroom):
    client.force_login(staff(newsroom["a"], "editor"))
    listing = client.get(reverse("wagtailsnippets_articles_author:list")).content.decode()
    assert "Meridian writer" in listing and "Courier writer" not in listing
    own = client.get(
        reverse("wagtailsnippets_articles_author:edit", args=[newsroom["a_author"].pk])
    )
    assert own.status_code == 200
    other = client.get(
        reverse("wagtailsnippets_articles_author:edit", args=[newsroom["b_author"].pk])
    )
    assert other.status_code in (302, 403, 404)
    posted = client.post(
        reverse("wagtailsnippets_articles_author:edit", args=[newsroom["b_author"].pk]),
        {"publication": newsroom["b"].pk, "name": "Hijacked", "slug": "hijacked"},
    )
    assert posted.status_code in (302, 403, 404)
    assert Author.objects.get(pk=newsroom["b_author"].pk).name == "Courier writer"


def test_editor_cannot_create_an_author_for_another_publication(client, newsroom):
    client.force_login(staff(newsroom["a"], "editor"))
    response = client.post(
        reverse("wagtailsnippets_articles_author:add"),
        {"publication": newsroom["b"].pk, "name": "Planted", "slug": "planted"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Author.objects.filter(name="Planted").exists()


def test_writer_submits_and_only_own_editors_can_approve(newsroom):
    writer = staff(newsroom["a"], "writer")
    own_editor, other_editor = staff(newsroom["a"], "editor"), staff(newsroom["b"], "editor")
    article = newsroom["a_article"]
    workflow = article.get_workflow()
    assert workflow is not None and workflow.name.startswith(newsroom["a"].site_name)
    article.save_revision(user=writer)
    workflow.start(article, writer)
    task = article.current_workflow_task
    assert "approve" in [name for name, *_ in task.get_actions(article, own_editor)]
    assert task.get_actions(article, other_editor) == []
    assert task.get_actions(article, writer) == []


def test_byline_author_chooser_offers_only_own_authors(client, newsroom):
    client.force_login(staff(newsroom["a"], "writer"))
    chooser = client.get(reverse("wagtailsnippetchoosers_articles_author:choose"))
    assert chooser.status_code == 200
    html = chooser.json()["html"]
    assert "Meridian writer" in html and "Courier writer" not in html


@pytest.mark.parametrize("role", ["editor", "writer"])
def test_admin_explorer_and_search_show_only_own_publication(client, newsroom, role):
    client.force_login(staff(newsroom["a"], role))
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    explorer = client.get(reverse("wagtailadmin_explore_root"), follow=True)
    assert explorer.status_code == 200
    html = explorer.content.decode()
    assert "Courier story" not in html
    results = client.get(reverse("wagtailadmin_pages:search"), {"q": "story"}).content.decode()
    assert "Meridian story" in results and "Courier story" not in results


def test_moderation_through_the_admin(client, newsroom):
    """A writer submits a new article for moderation; only their own editors can publish it."""
    section = newsroom["a_article"].get_parent()
    client.force_login(staff(newsroom["a"], "writer"))
    data = admin_article_form(
        newsroom["a_author"],
        title="Writer's story",
        slug="writers-story",
        **{"action-submit": "Submit for moderation"},
    )
    add = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", section.pk])
    assert client.post(add, data).status_code == 302
    story = ArticlePage.objects.get(slug="writers-story")
    task_state = story.current_workflow_task_state
    assert not story.live and task_state is not None

    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=[story.pk, "approve", task_state.pk]
    )
    client.force_login(staff(newsroom["b"], "editor"))
    client.post(approve, {"comment": ""})
    assert not ArticlePage.objects.get(pk=story.pk).live

    client.force_login(staff(newsroom["a"], "editor"))
    client.post(approve, {"comment": ""})
    assert ArticlePage.objects.get(pk=story.pk).live


@pytest.mark.parametrize("view", ["usage", "history"])
@pytest.mark.parametrize("role", ["editor", "writer"])
def test_author_usage_and_history_open_for_own_authors_only(client, newsroom, role, view):
    client.force_login(staff(newsroom["a"], role))
    url_name = f"wagtailsnippets_articles_author:{view}"
    own = client.get(reverse(url_name, args=[newsroom["a_author"].pk]))
    # Editors may change their authors; writers only read them, so Wagtail turns them away.
    assert own.status_code == 200 if role == "editor" else own.status_code in (200, 302, 403)
    other = client.get(reverse(url_name, args=[newsroom["b_author"].pk]))
    assert other.status_code in (302, 403, 404)
    assert "Courier writer" not in other.content.decode()


def test_author_in_a_byline_cannot_be_deleted_and_the_editor_is_told_why(client, newsroom):
    client.force_login(staff(newsroom["a"], "editor"))
    author = newsroom["a_article"].byline.first().author
    url = reverse("wagtailsnippets_articles_author:delete", args=[author.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "in the byline of 1 article" in confirm.content.decode()
    assert "Yes, delete" not in confirm.content.decode()
    refused = client.post(url, follow=True)
    assert refused.status_code == 200
    assert "Take them off those bylines first" in refused.content.decode()
    assert Author.objects.filter(pk=author.pk).exists()
    # An author with no bylines goes.
    gone = client.post(
        reverse("wagtailsnippets_articles_author:delete", args=[newsroom["a_author"].pk])
    )
    assert gone.status_code == 302
    assert not Author.objects.filter(pk=newsroom["a_author"].pk).exists()


def test_article_form_refuses_another_publications_images(client, newsroom):
    client.force_login(staff(newsroom["a"], "editor"))
    article = newsroom["a_article"]
    edit = reverse("wagtailadmin_pages:edit", args=[article.pk])
    common = {"title": article.title, "slug": article.slug, "standfirst": article.standfirst}
    lead = admin_article_form(
        newsroom["a_author"],
        lead_image=newsroom["b_image"].pk,
        lead_image_alt_text="Someone else's picture",
        **common,
        **{"action-publish": "action-publish"},
    )
    response = client.post(edit, lead)
    assert response.status_code == 200
    assert "belongs to another publication" in response.content.decode()
    body = streamfield(
        [("image", {"image": newsroom["b_image"].pk, "alt_text": "x", "caption": "", "credit": ""})]
    )
    response = client.post(edit, admin_article_form(newsroom["a_author"], body=body, **common))
    assert "belongs to another publication" in response.content.decode()
    saved = ArticlePage.objects.get(pk=article.pk)
    assert saved.lead_image_id is None
    assert saved.get_latest_revision_as_object().lead_image_id is None
    # Adding a new article with the other publication's image is refused the same way.
    add = reverse(
        "wagtailadmin_pages:add", args=["articles", "articlepage", article.get_parent().pk]
    )
    response = client.post(
        add,
        admin_article_form(
            newsroom["a_author"],
            slug="new-one",
            lead_image=newsroom["b_image"].pk,
            lead_image_alt_text="Someone else's picture",
        ),
    )
    assert "belongs to another publication" in response.content.decode()
    assert not ArticlePage.objects.filter(slug="new-one").exists()
    # Their own publication's image is accepted.
    own = admin_article_form(
        newsroom["a_author"],
        lead_image=newsroom["a_image"].pk,
        lead_image_alt_text="Our picture",
        **common,
    )
    assert client.post(edit, own).status_code == 302


def test_articles_written_outside_the_admin_refuse_other_publications_images(newsroom):
    article = ArticlePage.objects.get(pk=newsroom["a_article"].pk)
    article.lead_image = newsroom["b_image"]
    article.lead_image_alt_text = "Someone else's picture"
    with pytest.raises(ValidationError, match="another publication"):
        article.save_revision()


def test_publication_logo_must_be_the_publications_own_image(client, newsroom):
    from masthead.publications.models import PublicationSettings

    settings = PublicationSettings.for_site(newsroom["a"])
    settings.logo = newsroom["b_image"]
    with pytest.raises(ValidationError, match="another publication"):
        settings.full_clean()
    settings.logo = newsroom["a_image"]
    settings.full_clean()


@pytest.mark.parametrize("role", ["editor", "writer"])
def test_admin_confirmations_do_not_name_other_publications_items(client, newsroom, role):
    client.force_login(staff(newsroom["a"], role))
    own, other = newsroom["a_article"], newsroom["b_article"]
    move = reverse("wagtailadmin_pages:move_confirm", args=[other.pk, own.get_parent().pk])
    response = client.get(move)
    assert response.status_code == 403
    assert "Courier story" not in response.content.decode()
    for app, model, item, name in (
        ("wagtailcore", "page", other, "Courier story"),
        ("wagtailimages", "image", newsroom["b_image"], newsroom["b_image"].title),
        ("articles", "author", newsroom["b_author"], "Courier writer"),
    ):
        url = reverse("wagtail_bulk_action", args=[app, model, "delete"])
        response = client.get(url, {"id": [item.pk, own.pk if model == "page" else item.pk]})
        assert response.status_code in (403, 404), url
        assert name not in response.content.decode()
    # Their own items still open.
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    assert client.get(url, {"id": [own.pk]}).status_code == 200
