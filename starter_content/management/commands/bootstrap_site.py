"""Create the starter site: pages, forms, settings, words and staff groups."""

import contextlib
import logging
from calendar import TUESDAY

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site
from wagtail_localize.models import LocaleSynchronization

from events.models import EventCategory, EventIndexPage, EventPage
from events.recurrence import nth_weekday
from home.models import HomePage, HomePageFeaturedResource
from legal_forum.models import (
    ApplicationFormField,
    ApplicationFormPage,
    ApplicationRouting,
    ApplicationStatus,
    LegalForumPage,
)
from legal_forum.models.tracking import STARTER_STATUSES
from news.models import NewsArticlePage, NewsIndexPage
from resources.models import ResourceIndexPage, ResourcePage
from site_core.models import SiteSettings, SiteTexts, StarterContentRecord
from site_core.site_url import configured_address
from starter_content import content
from starter_content.groups import StaffGroupSteps
from starter_content.images import make_starter_image

HOME_KEY = "page:home"
SITE_TEXTS_KEY = "words on every page"


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


class Command(StaffGroupSteps, BaseCommand):
    help = (
        "Create the starter site from the organisation's facts: home page, "
        "resources, events, news, the Legal Forum and its two application forms, site "
        "settings, the words on every page, the Editors, Lead Editors and "
        "Coordinators groups and the review workflow between them. Safe to run again: "
        "anything that already exists is left exactly as it is, even if staff "
        "have edited or unpublished it."
    )

    verbosity = 1  # handle() sets it; steps may also be called on their own

    def add_arguments(self, parser):
        parser.add_argument(
            "--languages",
            default=",".join(content.LANGUAGES),
            help="The languages to offer besides English, as codes separated by "
            "commas (default: %(default)s); 'none' for English alone. Staff add "
            "and remove languages later under Settings > Locales.",
        )

    def handle(self, *args, verbosity=1, languages="", **options):
        self.verbosity = verbosity
        codes = self.language_codes(languages)
        with transaction.atomic(), quiet_page_log(verbosity):
            self.wagtail_roots()
            home, home_created = self.home_page()
            if home is not None:
                self.site_settings(self.default_site(home))
            self.site_texts()

            resources, _ = self.page(home, ResourceIndexPage, content.RESOURCE_INDEX)
            trafficking, created = self.page(
                resources, ResourcePage, content.WHAT_IS_TRAFFICKING, pictures=["image"]
            )
            if home_created and created:
                # Through a revision, so the editor shows what the live page shows.
                home.featured_resources = [
                    HomePageFeaturedResource(resource=trafficking)
                ]
                home.save_revision().publish()
            safety, created = self.page(
                resources, ResourcePage, content.BROWSE_SAFELY, pictures=["image"]
            )
            if created and home is not None:
                # Linked beside the quick exit, unless staff chose another page.
                SiteSettings.objects.filter(
                    site__root_page=home, safety_page__isnull=True
                ).update(safety_page=safety)
            privacy, created = self.page(resources, ResourcePage, content.PRIVACY)
            if created and home is not None:
                # Linked in the footer and from the forms, unless staff chose one.
                SiteSettings.objects.filter(
                    site__root_page=home, privacy_page__isnull=True
                ).update(privacy_page=privacy)

            events, _ = self.page(home, EventIndexPage, content.EVENT_INDEX)
            conference = dict(content.CONFERENCE_2018)
            conference["category"] = self.category(conference.pop("category_slug"))
            self.page(events, EventPage, conference, pictures=["image"])
            meeting = dict(content.LEGAL_FORUM_MEETING)
            meeting["category"] = self.category(meeting.pop("category_slug"))
            today = timezone.localdate()
            meeting["start_date"] = nth_weekday(today.year, today.month, TUESDAY, 2)
            self.page(events, EventPage, meeting, pictures=["image"])

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
            if home_created:
                self.calls_to_action(home, [trafficking, forum, pro_bono_form])

            news, _ = self.page(home, NewsIndexPage, content.NEWS_INDEX)
            for article in (content.CONFERENCE_NEWS, content.LEGAL_FORUM_ANNOUNCEMENT):
                self.page(news, NewsArticlePage, article, pictures=["image"])

            self.groups(home)
            self.application_statuses()
            self.languages(codes)
        self.stdout.write(self.style.SUCCESS("The starter site is ready."))

    @staticmethod
    def language_codes(languages):
        """The codes ``--languages`` names, each one the site can be read in."""
        if languages.strip().lower() == "none":
            return []
        codes = [code.strip().lower() for code in languages.split(",") if code.strip()]
        known = dict(settings.LANGUAGES)
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise CommandError(
                f"Unknown language code: {', '.join(unknown)}. Use codes from this "
                f"list, separated by commas: {', '.join(known)}; or 'none'."
            )
        return [code for code in codes if code != settings.LANGUAGE_CODE]

    def languages(self, codes):
        """
        Each language in ``codes``, once ever: a locale kept in step with
        English, so every English page, now and later, answers in it too (a
        stand-in showing the English words until staff translate it). Languages
        staff remove stay removed.
        """
        english = Locale.get_default()
        for code in codes:
            key = f"locale:{code}"
            if StarterContentRecord.objects.filter(key=key).exists():
                self.report(False, f"language '{code}'")
                continue
            locale, _ = Locale.objects.get_or_create(language_code=code)
            # Saving the synchronisation makes the stand-ins (wagtail-localize).
            LocaleSynchronization.objects.get_or_create(
                locale=locale, defaults={"sync_from": english}
            )
            StarterContentRecord.objects.create(key=key, object_id=locale.pk)
            self.report(
                True, f"language '{code}', with every page in English until translated"
            )

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
        return self.page(
            root, HomePage, content.HOME, key=HOME_KEY, pictures=["hero_image"]
        )

    def default_site(self, home):
        address = configured_address()
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            site = Site.objects.create(
                hostname=address.hostname,
                port=address.port,
                root_page=home,
                is_default_site=True,
                site_name=content.ORGANISATION["organisation_name"],
            )
            self.report(True, f"the default site, at {site.root_url}")
        elif site.root_page_id == Page.get_first_root_node().pk:
            # Left pointing at the tree's root when the placeholder was removed.
            site.root_page = home
            site.site_name = content.ORGANISATION["organisation_name"]
            site.save()
            self.report(True, f"the default site, showing '{home.title}'")
        self.follow_site_url(site, address)
        return site

    def follow_site_url(self, site, address):
        """
        On every run, the default site moves to SITE_URL's host and port, so that
        page links, the sitemap and feeds say the address the API and emails say.
        """
        if address.matches(site):
            return
        taken = Site.objects.filter(hostname=address.hostname, port=address.port)
        other = taken.exclude(pk=site.pk).first()
        if other is not None:
            self.stderr.write(
                f"The default site stays at {site.root_url}: the site "
                f"'{other.site_name or other.hostname}' already answers at "
                f"{address.url} (SITE_URL). Change that site's host or port under "
                "Settings > Sites, or set SITE_URL to the default site's address."
            )
            return
        moved_from = site.root_url
        site.hostname, site.port = address.hostname, address.port
        site.save(update_fields=["hostname", "port"])
        self.say(f"Moved the default site from {moved_from} to {address.url}")

    def site_settings(self, site):
        if SiteSettings.objects.filter(site=site).exists():
            self.report(False, "site settings")
            return
        SiteSettings.objects.create(site=site, **content.ORGANISATION)
        self.report(True, "site settings")

    def site_texts(self):
        """
        The English words on every page, once ever: words staff wrote (or moved
        here from the site settings by a migration) are kept as they are.
        """
        if StarterContentRecord.objects.filter(key=SITE_TEXTS_KEY).exists():
            self.report(False, "the words on every page")
            return
        english = Locale.get_default()
        texts = SiteTexts.objects.filter(locale=english).first()
        created = texts is None
        if created:
            texts = SiteTexts.objects.create(locale=english, **content.SITE_TEXTS)
        StarterContentRecord.objects.create(key=SITE_TEXTS_KEY, object_id=texts.pk)
        self.report(created, "the words on every page")

    def category(self, slug):
        names = {"conference": "Conference", "legal-forum": "Legal Forum"}
        category, created = EventCategory.objects.get_or_create(
            slug=slug, defaults={"name": names[slug]}
        )
        if created:
            self.report(True, f"event category '{category.name}'")
        return category

    def page(self, parent, model, data, key=None, pictures=()):
        """
        The starter page described by ``data``, created and published beneath
        ``parent`` unless bootstrap made it before. Returns (page, created); the page
        is None if staff have since deleted it or the page it belongs under.
        Each image field named in ``pictures`` gets a drawn starter picture, and
        a page with tags gets the tag names listed in ``data["tags"]``.
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
        for field_name in pictures:
            data[field_name] = make_starter_image(f"{data['title']} (starter picture)")
        tags = data.pop("tags", ())
        page = model(**data)
        if tags:
            page.tags.add(*tags)  # held with the page until it is saved
        parent.add_child(instance=page)
        page.save_revision().publish()
        StarterContentRecord.objects.create(key=key, object_id=page.pk)
        self.report(True, f"page '{page.title}'")
        return page, True

    def calls_to_action(self, home, pages):
        """The new home page's invitations, to whichever of ``pages`` still exist."""
        by_slug = {page.slug: page for page in pages if page is not None}
        home.calls_to_action = [
            (
                "call_to_action",
                {
                    "heading": item["heading"],
                    "text": item["text"],
                    "button_label": item["button_label"],
                    "link_page": by_slug[item["page"]],
                    "link_url": "",
                },
            )
            for item in content.CALLS_TO_ACTION
            if item["page"] in by_slug
        ]
        home.save_revision().publish()
        self.report(True, "the home page's calls to action")

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
