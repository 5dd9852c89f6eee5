"""
Moderation that never waits on nobody.

A workflow whose approval step has nobody to do it would hold every page sent
to it for ever, while the publish menu tells the editor it is "in moderation".
So the rule, kept by signals on group membership, user activation and the
groups a task names: a workflow is **on** only while every one of its group
approval tasks has at least one active member in its groups. When the last
approver leaves (or is deactivated) it is paused; when an approver is added
again it is resumed. Each change is logged.

Paused means switched off with its pages kept. Wagtail's own "Disable" (in
Settings > Workflows) forgets a workflow's pages too, so a workflow someone
disabled there is never switched back on here. Pausing cancels what is in
progress, as disabling does: those pages go back to being drafts, and the
editor says who can publish them while the workflow is off
(``publishing_note``).

A group may publish directly only until the workflow over its pages is first
switched on: ``publish_until_reviewed`` records it (bootstrap does, for Editors
on a site built before the workflow existed), and resuming takes that group's
publish right away below the workflow's pages, once.
"""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowState,
)

from site_core.models import StarterContentRecord

logger = logging.getLogger(__name__)

PUBLISH_UNTIL_REVIEWED = "workflow:group publishes until reviews start"


def approval_groups(workflow):
    """The groups of each group approval task in ``workflow``, task by task."""
    return [
        list(task.specific.groups.all())
        for task in workflow.tasks.filter(active=True)
        if isinstance(task.specific, GroupApprovalTask)
    ]


def has_approver(groups):
    return get_user_model().objects.filter(is_active=True, groups__in=groups).exists()


def is_staffed(workflow):
    """Whether every approval step of ``workflow`` has someone active to do it."""
    return all(has_approver(groups) for groups in approval_groups(workflow))


def managed_workflows():
    """Workflows that apply to pages or snippets: on, or paused by this rule."""
    return Workflow.objects.filter(
        Q(workflow_pages__isnull=False) | Q(workflow_content_types__isnull=False)
    ).distinct()


def keep_in_step():
    """Pause each unstaffed workflow that is on; resume each paused one staffed."""
    for workflow in managed_workflows():
        staffed = is_staffed(workflow)
        if workflow.active and not staffed:
            pause(workflow)
        elif not workflow.active and staffed:
            resume(workflow)


def pause(workflow):
    workflow.active = False
    workflow.save(update_fields=["active"])
    waiting = list(
        WorkflowState.objects.filter(
            workflow=workflow, status=WorkflowState.STATUS_IN_PROGRESS
        )
    )
    for state in waiting:
        state.cancel()
    logger.warning(
        "Switched off the workflow '%s': nobody active is left to approve "
        "(%s). %d page(s) waiting went back to draft.",
        workflow.name,
        group_names(workflow),
        len(waiting),
    )


def resume(workflow):
    workflow.active = True
    workflow.save(update_fields=["active"])
    logger.info(
        "Switched on the workflow '%s': %s now approve.",
        workflow.name,
        group_names(workflow),
    )
    stop_publishing_directly(workflow)


def group_names(workflow):
    names = sorted(
        {group.name for groups in approval_groups(workflow) for group in groups}
    )
    return ", ".join(names) or "no group"


def publish_until_reviewed(group):
    """``group`` publishes directly until a workflow over its pages is switched on."""
    StarterContentRecord.objects.get_or_create(
        key=PUBLISH_UNTIL_REVIEWED, defaults={"object_id": group.pk}
    )


def stop_publishing_directly(workflow):
    """The recorded group now submits below ``workflow``'s pages: once, ever."""
    record = StarterContentRecord.objects.filter(key=PUBLISH_UNTIL_REVIEWED).first()
    if record is None:
        return
    covered = Q()
    for page in Page.objects.filter(workflowpage__workflow=workflow):
        covered |= Q(page__path__startswith=page.path)
    if not covered:
        return
    removed, _ = GroupPagePermission.objects.filter(
        covered,
        group_id=record.object_id,
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="publish_page"
        ),
    ).delete()
    record.delete()
    if removed:
        group = Group.objects.filter(pk=record.object_id).first()
        logger.info(
            "Group '%s' now submits pages to '%s' instead of publishing them.",
            group.name if group else record.object_id,
            workflow.name,
        )


def publishing_note(page):
    """
    What the editor tells someone who may edit ``page`` (or add pages below it)
    but not publish there, while no workflow is on over it: who can publish.
    None while a workflow is on (its "Submit" button is the way).
    """
    if page.get_workflow() is not None:
        return None
    ancestors = page.get_ancestors(inclusive=True)
    paused = (
        Workflow.objects.filter(active=False, workflow_pages__page__in=ancestors)
        .order_by("-workflow_pages__page__depth")
        .first()
    )
    if paused is None:
        return (
            "You can save drafts of this page, but not publish it. An "
            "administrator can publish it for you."
        )
    groups = group_names(paused)
    return (
        f"You can save drafts of this page, but not publish it: the review step "
        f"'{paused.name}' is off because nobody is in {groups}. Save a draft, then "
        f"ask an administrator to publish it, or to add someone to {groups}."
    )


def membership_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        keep_in_step()


def user_saved(sender, update_fields=None, **kwargs):
    # Signing in saves last_login only; that changes nobody's part in a workflow.
    if update_fields is None or "is_active" in update_fields:
        keep_in_step()


def connect():
    """Keep every workflow in step with who can approve (from AppConfig.ready)."""
    user_model = get_user_model()
    m2m_changed.connect(
        membership_changed,
        sender=user_model.groups.through,
        dispatch_uid="workflow-membership",
    )
    m2m_changed.connect(
        membership_changed,
        sender=GroupApprovalTask.groups.through,
        dispatch_uid="workflow-task-groups",
    )
    post_save.connect(user_saved, sender=user_model, dispatch_uid="workflow-user")
    for model in (user_model, Group):
        post_delete.connect(
            lambda **kwargs: keep_in_step(),
            sender=model,
            weak=False,
            dispatch_uid=f"workflow-delete-{model._meta.label_lower}",
        )
