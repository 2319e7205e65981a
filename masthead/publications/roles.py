"""Editors and writers per publication, built from Wagtail's own permissions and workflows.

Each publication gets an image collection, an 'editors' and a 'writers' group, page permissions
on its root page, collection permissions on its collection and a moderation workflow in which a
writer submits and one of the publication's editors approves.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from wagtail import hooks
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
WRITER_PAGE_PERMISSIONS = ["add_page"]
EDITOR_IMAGE_PERMISSIONS = ["add_image", "change_image", "choose_image", "delete_image"]
WRITER_IMAGE_PERMISSIONS = ["add_image", "choose_image"]
# Snippet permissions are model-wide in Django; the Author viewset narrows them to a publication.
EDITOR_MODEL_PERMISSIONS = ["add_author", "change_author", "delete_author", "view_author"]
WRITER_MODEL_PERMISSIONS = ["view_author"]
# Wagtail hook: fn() -> permission codenames a capability gives every publication's editors
# (for its publication-scoped snippets, see publications.snippets).
EDITOR_PERMISSIONS_HOOK = "masthead_editor_permissions"
# Wagtail hook: fn() -> the GroupApprovalTask subclass a new publication's editors approve
# with (the standards checks offer one); Wagtail's own when no capability does.
APPROVAL_TASK_HOOK = "masthead_approval_task"


def group_names(site):
    return f"{site.site_name} editors", f"{site.site_name} writers"


def _permission(codename):
    return Permission.objects.get(codename=codename)


@transaction.atomic
def set_up_publication_roles(site):
    """Idempotent: running it again repairs a publication's groups without duplicating them."""
    root = site.root_page
    collection = publication_collection(site)
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=site.site_name)

    editors_name, writers_name = group_names(site)
    editors, _ = Group.objects.get_or_create(name=editors_name)
    writers, _ = Group.objects.get_or_create(name=writers_name)
    admin_access = _permission("access_admin")
    editor_model_permissions = EDITOR_MODEL_PERMISSIONS + [
        codename
        for codenames in hooks.get_hooks(EDITOR_PERMISSIONS_HOOK)
        for codename in codenames()
    ]
    for group, page_perms, image_perms, model_perms in (
        (editors, EDITOR_PAGE_PERMISSIONS, EDITOR_IMAGE_PERMISSIONS, editor_model_permissions),
        (writers, WRITER_PAGE_PERMISSIONS, WRITER_IMAGE_PERMISSIONS, WRITER_MODEL_PERMISSIONS),
    ):
        # A capability's permissions exist once its app has migrated (see grant_after_migrate).
        group.permissions.add(admin_access, *Permission.objects.filter(codename__in=model_perms))
        for codename in page_perms:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=_permission(codename)
            )
        for codename in image_perms:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=_permission(codename)
            )

    workflow, _ = Workflow.objects.get_or_create(name=f"{site.site_name} editorial approval")
    if not workflow.workflow_tasks.exists():
        task_class = next((hook() for hook in hooks.get_hooks(APPROVAL_TASK_HOOK)), None)
        task_class = task_class or GroupApprovalTask
        task = task_class.objects.create(name=f"{site.site_name} editor approval")
        task.groups.set([editors])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return editors, writers, collection


def publication_collection(site):
    """The image collection a publication's staff upload to and choose from."""
    return Collection.objects.filter(name=site.site_name, depth=2).first()


def publication_of_page(page):
    """The publication a page sits in, from its tree path (works before it is first saved)."""
    prefixes = [page.path[:end] for end in range(Page.steplen, len(page.path) + 1, Page.steplen)]
    return Site.objects.filter(root_page__path__in=prefixes).order_by("-root_page__depth").first()


def images_of_other_publications(site, image_ids):
    """Of these image ids, those filed in another publication's collection (three queries).
    Images outside every publication's collection (the shared root) stay usable."""
    own = publication_collection(site)
    others = Collection.objects.filter(
        depth=2, name__in=Site.objects.exclude(pk=site.pk).values("site_name")
    )
    if own is not None:
        others = others.exclude(pk=own.pk)
    condition = Q(pk__in=[])
    for collection in others:
        condition |= Q(collection__path__startswith=collection.path)
    return set(
        get_image_model().objects.filter(condition, pk__in=image_ids).values_list("pk", flat=True)
    )


def publications_for_user(user):
    """The sites whose page tree this user may work on, by their page permissions."""
    if not user.is_active:
        return Site.objects.none()
    if user.is_superuser:
        return Site.objects.all()
    paths = GroupPagePermission.objects.filter(group__user=user).values_list(
        "page__path", flat=True
    )
    condition = Q(pk__in=[])
    for path in set(paths):
        condition |= Q(root_page__path__startswith=path)
    return Site.objects.filter(condition)


def publications_edited_by(user):
    """The publications whose editors this user is among: they may publish there (imports,
    API keys and webhooks are theirs to manage)."""
    return [
        site
        for site in publications_for_user(user).select_related("root_page")
        if site.root_page.permissions_for_user(user).can_publish()
    ]


def publication_owning_collection(collection):
    """The publication whose collection this is, or holds it; None for shared collections."""
    top = collection if collection.depth <= 2 else collection.get_ancestors().get(depth=2)
    return Site.objects.filter(site_name=top.name).first()


def belongs_to_users_publications(user, obj):
    """Whether an admin object (page, image, or anything with a `publication`) belongs to one
    of this user's publications. What no publication owns is left to Wagtail's own checks."""
    if user.is_superuser:
        return True
    sites = publications_for_user(user)
    if isinstance(obj, Page):
        return any(obj.path.startswith(s.root_page.path) for s in sites.select_related("root_page"))
    if getattr(obj, "collection_id", None):
        owner = publication_owning_collection(obj.collection)
        return owner is None or sites.filter(pk=owner.pk).exists()
    if hasattr(obj, "publication_id"):
        return sites.filter(pk=obj.publication_id).exists()
    return True


def grant_after_migrate(app_config, **kwargs):
    """post_migrate handler for a capability's app: give its editor permissions to the
    publications that existed before it was installed."""
    from django.contrib.auth.management import create_permissions

    create_permissions(app_config, verbosity=0)  # before auth's own handler gets to this app
    for site in Site.objects.filter(publicationsettings__isnull=False):
        set_up_publication_roles(site)
