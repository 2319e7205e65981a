"""Editors and writers per publication, built from Wagtail's own permissions and workflows.

Each publication gets an image collection, an 'editors' and a 'writers' group, page permissions
on its root page, collection permissions on its collection and a moderation workflow in which a
writer submits and one of the publication's editors approves.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
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


def group_names(site):
    return f"{site.site_name} editors", f"{site.site_name} writers"


def _permission(codename):
    return Permission.objects.get(codename=codename)


@transaction.atomic
def set_up_publication_roles(site):
    """Idempotent: running it again repairs a publication's groups without duplicating them."""
    root = site.root_page
    collection = Collection.objects.filter(name=site.site_name).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=site.site_name)

    editors_name, writers_name = group_names(site)
    editors, _ = Group.objects.get_or_create(name=editors_name)
    writers, _ = Group.objects.get_or_create(name=writers_name)
    admin_access = _permission("access_admin")
    for group, page_perms, image_perms, model_perms in (
        (editors, EDITOR_PAGE_PERMISSIONS, EDITOR_IMAGE_PERMISSIONS, EDITOR_MODEL_PERMISSIONS),
        (writers, WRITER_PAGE_PERMISSIONS, WRITER_IMAGE_PERMISSIONS, WRITER_MODEL_PERMISSIONS),
    ):
        group.permissions.add(admin_access, *[_permission(c) for c in model_perms])
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
        task = GroupApprovalTask.objects.create(name=f"{site.site_name} editor approval")
        task.groups.set([editors])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return editors, writers, collection


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
