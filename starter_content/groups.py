"""
The staff groups the starter site sets up, and what each may do.

- Editors write pages, media and event categories below the home page, change
  the site settings Editors may change (not where the quick exit leads), write
  and translate the words on every page and manage redirects; they submit
  pages for review.
- Lead Editors may do what Editors may, and publish: they approve what Editors
  submit (``starter_content.workflow``).
- Coordinators read applications and track them to an answer.

Every grant is made once ever (``StaffGroupSteps.group``): a right staff later
take away is not given back.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
)

from site_core.models import StarterContentRecord
from starter_content.workflow import (
    LEAD_EDITORS,
    editors_publish_until_reviewed,
    grant_lead_editors,
    review_workflow,
)

# Editors submit pages for review (starter_content/workflow.py); Lead Editors
# approve them, which publishes.
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
EDITOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("events", "add_eventcategory"),
    ("events", "change_eventcategory"),
]
EDITOR_SETTINGS_PERMISSIONS = [
    ("site_core", "change_sitesettings"),
    ("wagtailredirects", "add_redirect"),
    ("wagtailredirects", "change_redirect"),
    ("wagtailredirects", "delete_redirect"),
]
# The hotline line and footer sentence (site_core.SiteTexts), and wagtail-localize's
# Translate, which makes each language's copy. Not deleting: the English words
# are what every untranslated language shows.
SUBMIT_TRANSLATION = ("wagtail_localize", "submit_translation")
SITE_TEXTS_PERMISSIONS = [
    ("site_core", "add_sitetexts"),
    ("site_core", "change_sitetexts"),
    SUBMIT_TRANSLATION,
]
REVIEW_APPLICATIONS = ("legal_forum", "review_applicationsubmission")


def permission(app_label, codename):
    if (app_label, codename) == SUBMIT_TRANSLATION:
        return submit_translation_permission()
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def submit_translation_permission():
    """
    wagtail-localize's "Can submit translations". Its migration makes it, not a
    model: a database emptied since (``manage.py flush``, or a test that
    commits) gets it back here, made as that migration makes it.
    """
    content_type, _ = ContentType.objects.get_or_create(
        app_label="wagtail_localize", model="translation"
    )
    found, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )
    return found


class StaffGroupSteps:
    """``bootstrap_site``'s steps for the groups; it provides ``report`` and ``say``."""

    def groups(self, home):
        def editors(group):
            if home is not None:
                for codename in EDITOR_PAGE_PERMISSIONS:
                    GroupPagePermission.objects.get_or_create(
                        group=group,
                        page=home,
                        permission=permission("wagtailcore", codename),
                    )
            root_collection = Collection.get_first_root_node()
            for app_label, codename in EDITOR_COLLECTION_PERMISSIONS:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=permission(app_label, codename),
                )
            group.permissions.add(*(permission(*p) for p in EDITOR_PERMISSIONS))

        def settings_and_redirects(group):
            # The hotline number, footer and share image; the quick exit's
            # destination needs site_core.change_safety_settings, which Editors
            # do not get.
            group.permissions.add(
                *(permission(*p) for p in EDITOR_SETTINGS_PERMISSIONS)
            )

        def site_texts(group):
            group.permissions.add(*(permission(*p) for p in SITE_TEXTS_PERMISSIONS))

        def coordinators(group):
            group.permissions.add(permission("wagtailadmin", "access_admin"))

        def reviewers(group):
            group.permissions.add(permission(*REVIEW_APPLICATIONS))

        def editors_below_home(group):
            # Wagtail's migrations let Editors add and change pages from the root
            # of the tree (other sites, the root itself); their rights start at
            # the home page instead.
            if home is not None:
                GroupPagePermission.objects.filter(
                    group=group, page=Page.get_first_root_node()
                ).delete()

        self.group("Editors", "pages and media", editors)
        self.group("Editors", "pages only below the home page", editors_below_home)
        self.group("Editors", "site settings and redirects", settings_and_redirects)
        self.group(
            "Editors", "submitting pages for review", editors_publish_until_reviewed
        )
        self.group(
            LEAD_EDITORS,
            "what Editors may do, and publishing",
            lambda group: grant_lead_editors(group, home),
        )
        # Its own purpose, after Lead Editors', so that sites whose groups were
        # set up before these words could be translated get it too.
        for name in ("Editors", LEAD_EDITORS):
            self.group(name, "the words on every page and translating them", site_texts)
        self.group("Coordinators", "admin access", coordinators)
        self.group("Coordinators", "reading applications", reviewers)
        self.unused_moderation()
        if progress := review_workflow(home):
            self.say(progress)

    def unused_moderation(self):
        """
        Wagtail's migrations make a "Moderators" group with page rights from the
        root and a "Moderators approval" workflow on the whole tree, so the publish
        menu offers to send pages to a group nobody is in. This site's own
        workflow is made by ``review_workflow``: while Wagtail's group has no
        members, remove it and switch its workflow off. Done once; a group or
        workflow staff set up is never touched.
        """
        key = "group:Moderators:removed while unused"
        if StarterContentRecord.objects.filter(key=key).exists():
            return
        group = Group.objects.filter(name="Moderators").first()
        group_id = group.pk if group else 0
        if group is not None and not group.user_set.exists():
            workflows = Workflow.objects.filter(
                active=True, workflow_tasks__task__groupapprovaltask__groups=group
            ).distinct()
            for workflow in workflows:
                tasks = [task.specific for task in workflow.tasks]
                if all(
                    set(getattr(task, "groups", Group.objects.none()).all()) <= {group}
                    for task in tasks
                ):
                    workflow.deactivate()
                    self.say(f"Switched off the unused workflow '{workflow.name}'")
            group.delete()
            self.say("Removed the 'Moderators' group (it had no members)")
        StarterContentRecord.objects.create(key=key, object_id=group_id)

    def group(self, name, purpose, grant):
        """
        Create the group if needed and grant one set of starter permissions, once
        ever: a grant staff later take away is not given back.
        """
        key = f"group:{name}:{purpose}"
        if StarterContentRecord.objects.filter(key=key).exists():
            self.report(False, f"permissions for {purpose} of group '{name}'")
            return
        # Wagtail's own migrations may already have made a group of this name;
        # permissions are only ever added to it, never taken away.
        group, _ = Group.objects.get_or_create(name=name)
        grant(group)
        StarterContentRecord.objects.create(key=key, object_id=group.pk)
        self.report(True, f"permissions for {purpose} of group '{name}'")
