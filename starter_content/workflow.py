"""
The starter site's moderation: "Editors submit, a Lead Editor approves".

Editors write and save drafts, then submit; a member of Lead Editors approves
(which publishes) or asks for changes. Made once by ``bootstrap_site``:

- the workflow, with one approval task for the Lead Editors group, set on the
  home page and made *paused*: it is switched on by ``site_core.workflow`` when
  the first active Lead Editor is added, and paused again when the last one
  leaves, so it never waits on an empty group. While it is paused, only Lead
  Editors (there are none) and administrators publish; the editor says so.
- on a site built before the workflow existed, Editors could publish directly:
  they keep that right until the workflow is first switched on (taking it away
  at once would leave a site with no Lead Editors unable to publish without an
  administrator), then lose it below the home page, once.

A workflow staff set on the home page themselves is kept, and this one is not
made; one made here and later renamed, changed or deleted is left as it is.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from site_core import workflow as rule
from site_core.models import StarterContentRecord

LEAD_EDITORS = "Lead Editors"
WORKFLOW_NAME = "Editors submit, a Lead Editor approves"
TASK_NAME = "A Lead Editor approves"
KEY = f"workflow:{WORKFLOW_NAME}"


def grant_lead_editors(group, home):
    """
    Everything Editors may do as their group stands (pages, media, settings,
    redirects), and publishing below the home page: Lead Editors approve what
    Editors submit, and can still make and publish pages themselves.
    """
    editors = Group.objects.get(name="Editors")
    group.permissions.add(*editors.permissions.all())
    for granted in editors.collection_permissions.all():
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=granted.collection, permission=granted.permission
        )
    for granted in editors.page_permissions.all():
        GroupPagePermission.objects.get_or_create(
            group=group, page=granted.page, permission=granted.permission
        )
    if home is not None:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=home,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename="publish_page"
            ),
        )


def editors_publish_until_reviewed(editors):
    """Editors who could publish keep doing so until the workflow is first on."""
    if GroupPagePermission.objects.filter(
        group=editors, permission__codename="publish_page"
    ).exists():
        rule.publish_until_reviewed(editors)


def review_workflow(home):
    """
    The workflow on ``home``, made once. Returns a line of progress saying what
    was done, or None when it had been done before.
    """
    if StarterContentRecord.objects.filter(key=KEY).exists():
        return None
    if home is None:
        return f"Skipped the workflow '{WORKFLOW_NAME}': there is no home page"
    existing = WorkflowPage.objects.filter(page=home).select_related("workflow")
    if existing:
        StarterContentRecord.objects.create(key=KEY, object_id=0)
        return f"Kept the workflow '{existing[0].workflow.name}' staff set up"
    lead_editors, _ = Group.objects.get_or_create(name=LEAD_EDITORS)
    task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.set([lead_editors])
    workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=False)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=home)
    rule.keep_in_step()  # on at once if Lead Editors already has someone
    StarterContentRecord.objects.create(key=KEY, object_id=workflow.pk)
    workflow.refresh_from_db()
    state = "on" if workflow.active else f"off until someone is added to {LEAD_EDITORS}"
    return f"Created the workflow '{WORKFLOW_NAME}' ({state})"
