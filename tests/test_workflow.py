"""
"Editors submit, a Lead Editor approves", and it never waits on an empty group:
on while Lead Editors has an active member, off otherwise.
"""

import logging
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from home.models import HomePage
from resources.models import ResourceIndexPage, ResourcePage
from site_core.models import StarterContentRecord
from site_core.workflow import PUBLISH_UNTIL_REVIEWED
from starter_content.workflow import KEY, WORKFLOW_NAME
from tests.admin_forms import form_data
from tests.auth import PASSWORD, sign_in

pytestmark = pytest.mark.django_db


def review():
    return Workflow.objects.get(name=WORKFLOW_NAME)


def is_on():
    return review().active


def lead_editors():
    return Group.objects.get(name="Lead Editors")


def editors():
    return Group.objects.get(name="Editors")


def can_publish(group, page):
    return GroupPagePermission.objects.filter(
        group=group, page=page, permission__codename="publish_page"
    ).exists()


@pytest.fixture
def resource(starter_site):
    return ResourcePage.objects.get(
        slug="what-is-human-trafficking", locale__language_code="en"
    )


@pytest.fixture
def resources(starter_site):
    """A page whose editor holds no StreamField (tests.admin_forms sends them empty)."""
    return ResourceIndexPage.objects.get(locale__language_code="en")


# The rule: on only while someone can approve ------------------------------------


def test_bootstrap_makes_it_off_until_there_is_a_lead_editor(starter_site):
    workflow = review()
    assert not workflow.active
    # On each language's home page: every language is reviewed the same way.
    assert set(workflow.workflow_pages.values_list("page", flat=True)) == set(
        HomePage.objects.values_list("pk", flat=True)
    )
    [task] = [task.specific for task in workflow.tasks]
    assert isinstance(task, GroupApprovalTask)
    assert list(task.groups.all()) == [lead_editors()]
    # Editors submit; only Lead Editors (and administrators) publish.
    home = HomePage.objects.get(locale__language_code="en")
    assert not can_publish(editors(), home)
    assert can_publish(lead_editors(), home)
    # A fresh site has no direct publishing to take away later.
    assert not StarterContentRecord.objects.filter(key=PUBLISH_UNTIL_REVIEWED)


def test_the_first_lead_editor_switches_it_on_the_last_switches_it_off(staff, caplog):
    caplog.set_level(logging.INFO, logger="site_core.workflow")
    first = staff("Lead Editors", "lead")
    assert is_on()
    assert f"Switched on the workflow '{WORKFLOW_NAME}'" in caplog.text

    second = staff("Lead Editors", "second-lead")
    first.groups.remove(lead_editors())
    assert is_on()  # someone is still there to approve

    lead_editors().user_set.remove(second)  # from the group's side this time
    assert not is_on()
    assert "nobody active is left to approve (Lead Editors)" in caplog.text
    # Paused, not disabled: still set on the home page, ready to come back.
    assert review().workflow_pages.exists()

    lead_editors().user_set.add(first)
    assert is_on()


def test_deactivating_or_deleting_the_last_lead_editor_switches_it_off(staff):
    lead = staff("Lead Editors", "lead")
    lead.is_active = False
    lead.save()
    assert not is_on()
    lead.is_active = True
    lead.save(update_fields=["is_active"])
    assert is_on()
    lead.delete()
    assert not is_on()


def test_signing_in_changes_nothing(staff, django_assert_max_num_queries):
    """The rule runs on changes of membership, not on every save of a user."""
    lead = staff("Lead Editors", "lead")
    with django_assert_max_num_queries(1):
        lead.save(update_fields=["last_login"])


def test_an_editor_is_never_an_approver(staff):
    staff("Editors", "editor")
    assert not is_on()


def test_pages_waiting_when_the_last_lead_editor_leaves_go_back_to_draft(
    staff, resource
):
    editor = staff("Editors", "editor")
    lead = staff("Lead Editors", "lead")
    state = review().start(resource, editor)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    lead.groups.clear()
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_CANCELLED
    assert not WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS
    ).exists()


def test_a_workflow_an_administrator_disabled_stays_off(staff):
    """Wagtail's own Disable forgets the workflow's pages: the rule leaves it."""
    review().deactivate()
    staff("Lead Editors", "lead")
    assert not is_on()


def test_naming_a_group_with_members_in_the_task_switches_it_on(staff):
    """Any member of any group a task names may approve."""
    staff("Coordinators", "coordinator")
    task = review().tasks.get().specific
    task.groups.add(Group.objects.get(name="Coordinators"))
    assert is_on()
    task.groups.remove(Group.objects.get(name="Coordinators"))
    assert not is_on()


def test_any_workflow_on_pages_is_paused_when_its_group_empties(starter_site):
    """Not only the starter one: a workflow staff make follows the same rule."""
    reviewers = Group.objects.create(name="Board")
    task = GroupApprovalTask.objects.create(name="Board approves")
    task.groups.set([reviewers])
    workflow = Workflow.objects.create(name="Board review")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    forum = Page.objects.get(slug="legal-forum", locale__language_code="en")
    WorkflowPage.objects.create(workflow=workflow, page=forum)
    member = get_user_model().objects.create_user("board", password=PASSWORD)
    member.groups.add(reviewers)
    workflow.refresh_from_db()
    assert workflow.active
    member.groups.remove(reviewers)
    workflow.refresh_from_db()
    assert not workflow.active


# In the admin: submit, approve, publish ---------------------------------------------


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def text_of(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def save(client, page, data):
    response = client.post(edit_url(page), data)
    assert response.status_code == 302, response.context["form"].errors


def test_while_off_an_editor_saves_drafts_and_is_told_who_can_publish(
    client, staff, resources
):
    sign_in(client, staff("Editors", "editor"))
    response = client.get(edit_url(resources))
    html = response.content.decode()
    assert "action-publish" not in html
    assert "action-submit" not in html
    assert (
        f"the review step '{WORKFLOW_NAME}' is off because nobody is in Lead "
        "Editors. Save a draft, then ask an administrator to publish it, or to add "
        "someone to Lead Editors." in text_of(response)
    )

    data = form_data(response, "page-edit-form") | {"title": "A new title"}
    data["action-publish"] = "action-publish"  # a crafted publish is only a draft
    save(client, resources, data)
    resources.refresh_from_db()
    assert resources.has_unpublished_changes
    assert resources.get_latest_revision_as_object().title == "A new title"
    assert resources.live and resources.title != "A new title"


def test_an_editor_submits_and_a_lead_editor_approves(client, staff, resources):
    editor = staff("Editors", "editor")
    lead = staff("Lead Editors", "lead")

    sign_in(client, editor)
    response = client.get(edit_url(resources))
    html = response.content.decode()
    assert "action-submit" in html
    assert "action-publish" not in html
    assert "ask an administrator" not in html
    data = form_data(response, "page-edit-form") | {"title": "Human trafficking"}
    data["action-submit"] = "action-submit"
    save(client, resources, data)
    state = resources.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert Page.objects.get(pk=resources.pk).title != "Human trafficking"

    client.logout()
    sign_in(client, lead)
    html = client.get(edit_url(resources)).content.decode()
    assert "Approve" in html
    task_state = state.current_task_state
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[resources.pk, "approve", task_state.pk],
        ),
        {"comment": ""},
    )
    assert response.status_code == 302
    live = Page.objects.get(pk=resources.pk)
    assert live.title == "Human trafficking" and live.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED


def test_a_lead_editor_can_ask_for_changes(client, staff, resources):
    editor = staff("Editors", "editor")
    lead = staff("Lead Editors", "lead")
    state = review().start(resources, editor)
    sign_in(client, lead)
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[resources.pk, "reject", state.current_task_state.pk],
        ),
        {"comment": "Please add the hotline number."},
    )
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES


# A site built before the workflow existed -------------------------------------------


def run_bootstrap():
    call_command("bootstrap_site", stdout=StringIO())


def as_before_the_workflow():
    """
    Put the database back as the earlier bootstrap left it: Editors published
    directly, and there was no Lead Editors group and no workflow of ours.
    """
    home = HomePage.objects.get(locale__language_code="en")
    workflow = review()
    tasks = list(workflow.tasks)
    workflow.delete()
    for task in tasks:
        task.delete()
    lead_editors().delete()
    StarterContentRecord.objects.filter(
        key__in=[
            KEY,
            "group:Editors:submitting pages for review",
            "group:Lead Editors:what Editors may do, and publishing",
        ]
    ).delete()
    GroupPagePermission.objects.create(
        group=editors(),
        page=home,
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="publish_page"
        ),
    )


def test_on_an_existing_site_editors_publish_until_the_workflow_is_first_on(
    starter_site, staff
):
    as_before_the_workflow()
    run_bootstrap()
    home = HomePage.objects.get(locale__language_code="en")
    assert not is_on()
    # No Lead Editor yet: taking publishing away now would leave nobody to do it.
    assert can_publish(editors(), home)

    lead = staff("Lead Editors", "lead")
    assert is_on()
    assert not can_publish(editors(), home)  # they submit from now on
    assert can_publish(lead_editors(), home)

    # Once only: when the last Lead Editor leaves, Editors do not publish again.
    lead.groups.clear()
    assert not is_on()
    assert not can_publish(editors(), home)
    assert not StarterContentRecord.objects.filter(key=PUBLISH_UNTIL_REVIEWED)


def test_bootstrap_switches_it_on_when_lead_editors_already_has_someone(
    starter_site,
):
    as_before_the_workflow()
    group = Group.objects.create(name="Lead Editors")
    get_user_model().objects.create_user("lead", password=PASSWORD).groups.add(group)
    run_bootstrap()
    assert is_on()
    assert not can_publish(editors(), HomePage.objects.get(locale__language_code="en"))


def test_a_workflow_staff_set_on_the_home_page_is_kept(starter_site):
    as_before_the_workflow()
    theirs = Workflow.objects.create(name="Director signs off")
    WorkflowPage.objects.create(
        workflow=theirs, page=HomePage.objects.get(locale__language_code="en")
    )
    run_bootstrap()
    assert not Workflow.objects.filter(name=WORKFLOW_NAME).exists()
    # Theirs, on the English home page and on the home page of each language
    # the run added.
    assert {page.workflow for page in WorkflowPage.objects.all()} == {theirs}
