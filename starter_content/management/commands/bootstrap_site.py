"""Create the starter site: pages, forms, settings and staff groups."""

import contextlib
import logging

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
)

from events.models import EventCategory, EventIndexPage, EventPage
from home.models import HomePage, HomePageFeaturedResource
from legal_forum.models import (
    ApplicationFormField,
    ApplicationFormPage,
    ApplicationRouting,
    ApplicationStatus,
    LegalForumPage,
)
from legal_forum.models.tracking import STARTER_STATUSES
from resources.models import ResourceIndexPage, ResourcePage
from site_core.models import SiteSettings, StarterContentRecord
from starter_content import content

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
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
REVIEW_APPLICATIONS = ("legal_forum", "review_applicationsubmission")
HOME_KEY = "page:home"


def permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def stream(blocks):
    """Starter body blocks, given as (type, value) pairs, in StreamField's JSON form."""
    return [{"type": block_type, "value": value} for block_type, value in blocks]


@contextlib.contextmanager
def quiet_page_log(verbosity):
    """
    Wagtail logs every page it creates, edits and publishes at INFO: some forty
    lines for the starter site, which would bury what a first run has to say.
    They are shown from verbosity 2 (-v 2) on.
    """
    logger = logging.getLogger("wagtail")
    level = logger.level
    if verbosity < 2:
        logger.setLevel(max(logging.WARNING, level))
    try:
        yield
    finally:
        logger.setLevel(level)


class Command(BaseCommand):
    help = (
        "Create the starter site from the organisation's facts: home page, "
        "resources, events, the Legal Forum and its two application forms, site "
        "settings and the Editors and Coordinators groups. Safe to run again: "
        "anything that already exists is left exactly as it is, even if staff "
        "have edited or unpublished it."
    )

    verbosity = 1  # handle() sets it; steps may also be called on their own

    def handle(self, *args, verbosity=1, **options):
        self.verbosity = verbosity
        with transaction.atomic(), quiet_page_log(verbosity):
            self.wagtail_roots()
            home, home_created = self.home_page()
            if home is not None:
                self.site_settings(self.default_site(home))

            resources, _ = self.page(home, ResourceIndexPage, content.RESOURCE_INDEX)
            trafficking, created = self.page(
                resources, ResourcePage, content.WHAT_IS_TRAFFICKING
            )
            if home_created and created:
                # Through a revision, so the editor shows what the live page shows.
                home.featured_resources = [
                    HomePageFeaturedResource(resource=trafficking)
                ]
                home.save_revision().publish()
            safety, created = self.page(resources, ResourcePage, content.BROWSE_SAFELY)
            if created and home is not None:
                # Linked beside the quick exit, unless staff chose another page.
                SiteSettings.objects.filter(
                    site__root_page=home, safety_page__isnull=True
                ).update(safety_page=safety)

            events, _ = self.page(home, EventIndexPage, content.EVENT_INDEX)
            conference = dict(content.CONFERENCE_2018)
            conference["category"] = self.category(conference.pop("category_slug"))
            self.page(events, EventPage, conference)

            forum_data = dict(content.LEGAL_FORUM)
            forum_data["meeting_category"] = self.category(
                forum_data.pop("meeting_category_slug")
            )
            forum, forum_created = self.page(home, LegalForumPage, forum_data)
            forum_form, _ = self.form_page(forum, content.LEGAL_FORUM_APPLICATION)
            pro_bono_form, _ = self.form_page(forum, content.PRO_BONO_APPLICATION)
            if forum_created and forum_form and pro_bono_form:
                forum.legal_forum_application = forum_form
                forum.pro_bono_application = pro_bono_form
                forum.save_revision().publish()

            self.groups(home)
            self.application_statuses()
        self.stdout.write(self.style.SUCCESS("The starter site is ready."))

    def report(self, created, what):
        self.say(f"{'Created' if created else 'Kept'} {what}")

    def say(self, text):
        """One line of progress; -v 0 leaves only the last line and problems."""
        if self.verbosity >= 1:
            self.stdout.write(text)

    def wagtail_roots(self):
        """
        Wagtail's migrations make a locale, a root page and a root collection; a
        database emptied since (by a flush, say) gets them back.
        """
        if not Locale.objects.exists():
            Locale.objects.create(
                language_code=get_supported_content_language_variant(
                    settings.LANGUAGE_CODE
                )
            )
        if Collection.get_first_root_node() is None:
            Collection.add_root(name="Root")
            self.report(True, "the root collection")
        if Page.get_first_root_node() is None:
            Page.add_root(
                instance=Page(
                    title="Root",
                    slug="root",
                    content_type=ContentType.objects.get_for_model(Page),
                    locale=Locale.get_default(),
                )
            )
            self.report(True, "the root of the page tree")

    def home_page(self):
        record = StarterContentRecord.objects.filter(key=HOME_KEY).first()
        if record is not None:
            home = HomePage.objects.filter(pk=record.object_id).first()
            self.report(
                False, "home page" if home else "no home page (removed by staff)"
            )
            return home, False
        home = HomePage.objects.first()
        if home is not None:
            # A home page made by hand: build beneath it rather than beside it.
            StarterContentRecord.objects.create(key=HOME_KEY, object_id=home.pk)
            self.report(False, f"page '{home.title}'")
            return home, False
        root = Page.get_first_root_node()
        # Wagtail's own placeholder ("Welcome to your new Wagtail site!") holds the
        # slug the home page needs; remove it while it is still a bare placeholder.
        placeholders = root.get_children().filter(
            slug=content.HOME["slug"], content_type__model="page", numchild=0
        )
        for placeholder in placeholders:
            # Deleting a site's root page would delete the site with it.
            Site.objects.filter(root_page=placeholder).update(root_page=root)
            placeholder.delete()
        return self.page(root, HomePage, content.HOME, key=HOME_KEY)

    def default_site(self, home):
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            site = Site.objects.create(
                hostname="localhost",
                root_page=home,
                is_default_site=True,
                site_name=content.ORGANISATION["organisation_name"],
            )
            self.report(True, "the default site")
        elif site.root_page_id == Page.get_first_root_node().pk:
            # Left pointing at the tree's root when the placeholder was removed.
            site.root_page = home
            site.site_name = content.ORGANISATION["organisation_name"]
            site.save()
            self.report(True, f"the default site, showing '{home.title}'")
        return site

    def site_settings(self, site):
        if SiteSettings.objects.filter(site=site).exists():
            self.report(False, "site settings")
            return
        SiteSettings.objects.create(site=site, **content.ORGANISATION)
        self.report(True, "site settings")

    def category(self, slug):
        names = {"conference": "Conference", "legal-forum": "Legal Forum"}
        category, created = EventCategory.objects.get_or_create(
            slug=slug, defaults={"name": names[slug]}
        )
        if created:
            self.report(True, f"event category '{category.name}'")
        return category

    def page(self, parent, model, data, key=None):
        """
        The starter page described by ``data``, created and published beneath
        ``parent`` unless bootstrap made it before. Returns (page, created); the page
        is None if staff have since deleted it or the page it belongs under.
        """
        key = key or f"page:{model._meta.label_lower}:{data['slug']}"
        record = StarterContentRecord.objects.filter(key=key).first()
        if record is not None:
            page = model.objects.filter(pk=record.object_id).first()
            self.report(
                False,
                f"page '{page.title}'"
                if page
                else f"no page '{data['title']}' (removed by staff)",
            )
            return page, False
        if parent is None:
            self.stdout.write(
                f"Skipped page '{data['title']}': the page it belongs under was removed"
            )
            return None, False
        data = dict(data)
        if "body" in data:
            data["body"] = stream(data["body"])
        page = model(**data)
        parent.add_child(instance=page)
        page.save_revision().publish()
        StarterContentRecord.objects.create(key=key, object_id=page.pk)
        self.report(True, f"page '{page.title}'")
        return page, True

    def form_page(self, parent, data):
        data = dict(data)
        subject = data.pop("subject", "")
        data["form_fields"] = [
            ApplicationFormField(sort_order=position, **field)
            for position, field in enumerate(data.pop("fields"))
        ]
        page, created = self.page(parent, ApplicationFormPage, data)
        if created and subject:
            # Delivery settings live beside the page; nobody is emailed until
            # coordinators add their addresses.
            ApplicationRouting.objects.filter(page=page).update(subject=subject)
        return page, created

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
            # The hotline, footer and share image; the quick exit's destination
            # needs site_core.change_safety_settings, which Editors do not get.
            group.permissions.add(
                *(permission(*p) for p in EDITOR_SETTINGS_PERMISSIONS)
            )

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
        self.group("Coordinators", "admin access", coordinators)
        self.group("Coordinators", "reading applications", reviewers)
        self.unused_moderation()

    def application_statuses(self):
        """
        The statuses coordinators start with (the migrations make them too; this
        puts them back in a database emptied since). Once ever: statuses staff
        rename or remove stay as they left them.
        """
        key = "application statuses"
        if StarterContentRecord.objects.filter(key=key).exists():
            self.report(False, "application statuses")
            return
        if not ApplicationStatus.objects.exists():
            for order, (name, description) in enumerate(STARTER_STATUSES):
                ApplicationStatus.objects.create(
                    name=name, description=description, sort_order=order
                )
        StarterContentRecord.objects.create(key=key, object_id=0)
        self.report(True, "application statuses")

    def unused_moderation(self):
        """
        Wagtail's migrations make a "Moderators" group with page rights from the
        root and a "Moderators approval" workflow on the whole tree, so the publish
        menu offers to send pages to a group nobody is in. Editors publish
        directly here: while the group has no members, remove it and switch the
        workflow off. Done once; a group or workflow staff set up is never touched.
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
