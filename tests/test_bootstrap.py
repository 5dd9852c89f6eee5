"""bootstrap_site builds the starter site once and never undoes staff's work."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, Page, Revision, Site, Workflow, WorkflowPage

from events.models import EventPage
from home.models import HomePage
from legal_forum.models import ApplicationFormPage, LegalForumPage
from news.models import NewsArticlePage, NewsIndexPage
from resources.models import ResourcePage
from site_core.models import SiteSettings, SiteTexts, StarterContentRecord
from starter_content.content import LANGUAGES, SITE_TEXTS
from tests.auth import sign_in

pytestmark = pytest.mark.django_db


def bootstrap():
    out = StringIO()
    call_command("bootstrap_site", stdout=out)
    return out.getvalue()


def snapshot():
    """Everything bootstrap could touch, in a comparable form."""
    return {
        "pages": sorted(
            Page.objects.values_list("pk", "title", "slug", "live", "path")
        ),
        "revisions": Revision.objects.count(),
        "sites": list(Site.objects.values_list("pk", "root_page_id", "site_name")),
        "settings": list(SiteSettings.objects.values()),
        "site texts": list(SiteTexts.objects.values()),
        "groups": {
            group.name: sorted(group.permissions.values_list("codename", flat=True))
            for group in Group.objects.all()
        },
    }


def test_builds_the_starter_site(client):
    output = bootstrap()
    assert "The starter site is ready." in output

    site = Site.objects.get(is_default_site=True)
    home = HomePage.objects.get(locale__language_code="en")
    assert site.root_page_id == home.pk
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail")

    resource = ResourcePage.objects.get(
        slug="what-is-human-trafficking", locale__language_code="en"
    )
    blocks = [block.block_type for block in resource.body]
    assert blocks.count("statistic") == 5
    assert "list" in blocks and "callout" in blocks
    sectors = next(b.value for b in resource.body if b.block_type == "list")["items"]
    assert len(sectors) == 9
    figures = {
        b.value["figure"]: b.value["source_name"]
        for b in resource.body
        if b.block_type == "statistic"
    }
    assert figures == {
        "20.9 million": "International Labour Office",
        "55%": "International Labour Office",
        "45%": "International Labour Office",
        "74%": "International Labour Office",
        "26%": "International Labour Office",
    }
    assert [f.resource_id for f in home.featured_resources.all()] == [resource.pk]

    conference = EventPage.objects.get(
        slug__startswith="annual-human", locale__language_code="en"
    )
    assert conference.start_date.isoformat() == "2018-01-16"
    assert conference.is_all_day and conference.is_past
    assert conference.category.name == "Conference"

    # The Legal Forum meets on the second Tuesday of each month, from this month.
    meeting = EventPage.objects.get(
        slug="legal-forum-monthly-meeting", locale__language_code="en"
    )
    assert meeting.category.slug == "legal-forum"
    assert meeting.repeat_description == (
        "Every second Tuesday of the month, 6 pm to 7:30 pm"
    )
    assert meeting.start_date.weekday() == 1 and 8 <= meeting.start_date.day <= 14
    assert meeting.start_date.month == timezone.localdate().month
    assert meeting.series_ends_at is None and not meeting.is_past
    assert meeting.image is not None and conference.image is not None

    forum = LegalForumPage.objects.get(locale__language_code="en")
    assert forum.meeting_category.slug == "legal-forum"
    assert forum.next_meeting() == meeting
    forms = {
        page.title: page
        for page in ApplicationFormPage.objects.filter(locale__language_code="en")
    }
    assert set(forms) == {
        "Legal Forum Application",
        "Volunteer Pro Bono Attorney Application",
    }
    assert forum.legal_forum_application == forms["Legal Forum Application"]
    assert (
        forum.pro_bono_application == forms["Volunteer Pro Bono Attorney Application"]
    )
    pro_bono_labels = [
        f.label
        for f in forms["Volunteer Pro Bono Attorney Application"].form_fields.all()
    ]
    for label in (
        "Full name",
        "Email address",
        "Phone number",
        "Bar number",
        "State of bar admission",
        "Practice areas",
        "Languages spoken",
        "Availability",
        "How did you hear about us?",
    ):
        assert label in pro_bono_labels
    assert any(label.startswith("I agree") for label in pro_bono_labels)

    news = NewsIndexPage.objects.get(locale__language_code="en")
    assert news.get_parent().pk == home.pk and news.show_in_menus
    articles = {page.kind: page for page in NewsArticlePage.objects.child_of(news)}
    assert set(articles) == {"news", "announcement"}
    assert "January 16, 2018" in str(articles["news"].body)
    for article in articles.values():
        assert article.image is not None
        # The tags are in the revision too, so the editor shows them.
        revision = article.get_latest_revision_as_object()
        assert {tag.name for tag in revision.tags.all()} == {
            tag.name for tag in article.tags.all()
        }
    assert {tag.slug for tag in articles["announcement"].tags.all()} == {
        "legal-forum",
        "pro-bono",
    }

    settings = SiteSettings.for_site(site)
    assert settings.hotline_number == "916-428-3271"
    # The words on every page: one English copy, for staff to translate.
    words = SiteTexts.objects.get()
    assert words.locale == Locale.get_default()
    assert words.hotline_text == SITE_TEXTS["hotline_text"]
    assert words.footer_text == SITE_TEXTS["footer_text"]

    # Every starter page is live, has a revision for the editor (a stand-in
    # shows its English page's), and renders, in every starter language.
    pages = Page.objects.filter(depth__gt=1).specific()
    assert {page.locale.language_code for page in pages} == {"en", *LANGUAGES}
    for page in pages:
        assert page.live and (page.latest_revision_id or page.alias_of_id), page
        assert client.get(page.url).status_code == 200, page


def test_starter_groups_have_the_right_permissions():
    bootstrap()
    editors = Group.objects.get(name="Editors")
    home = HomePage.objects.get(locale__language_code="en")
    page_permissions = set(
        editors.page_permissions.filter(page=home).values_list(
            "permission__codename", flat=True
        )
    )
    # Editors submit pages for review; Lead Editors approve, which publishes.
    assert {"add_page", "change_page"} <= page_permissions
    assert "publish_page" not in page_permissions
    assert editors.permissions.filter(codename="access_admin").exists()
    lead_editors = Group.objects.get(name="Lead Editors")
    # On the home page of each language, as on the English one.
    homes = HomePage.objects.values_list("pk", flat=True)
    assert len(homes) == 1 + len(LANGUAGES)
    assert set(
        lead_editors.page_permissions.values_list("page", "permission__codename")
    ) == {
        (pk, codename)
        for pk in homes
        for codename in ("add_page", "change_page", "publish_page")
    }
    # Everything else Editors may do, Lead Editors may too.
    assert set(editors.permissions.all()) <= set(lead_editors.permissions.all())
    assert set(
        editors.collection_permissions.values_list("collection", "permission")
    ) == set(
        lead_editors.collection_permissions.values_list("collection", "permission")
    )
    coordinators = Group.objects.get(name="Coordinators")
    assert coordinators.permissions.filter(codename="access_admin").exists()
    assert not coordinators.page_permissions.exists()
    # Both write the words on every page and translate them; neither deletes them.
    for group in (editors, lead_editors):
        codenames = set(group.permissions.values_list("codename", flat=True))
        assert {"add_sitetexts", "change_sitetexts", "submit_translation"} <= codenames
        assert "delete_sitetexts" not in codenames


def test_editors_rights_start_at_the_home_page_not_the_root():
    bootstrap()
    editors = Group.objects.get(name="Editors")
    # Each language's home page, not the root above them.
    assert set(editors.page_permissions.values_list("page", flat=True)) == set(
        HomePage.objects.values_list("pk", flat=True)
    )


def test_wagtails_unused_moderation_is_removed_once():
    bootstrap()
    assert not Group.objects.filter(name="Moderators").exists()
    assert not Workflow.objects.filter(active=True).exists()
    # The site's own workflow, waiting (off) for its first Lead Editor.
    # On every language's home page: what Editors publish in any language is
    # reviewed the same way.
    assert set(WorkflowPage.objects.values_list("workflow__name", "page")) == {
        ("Editors submit, a Lead Editor approves", pk)
        for pk in HomePage.objects.values_list("pk", flat=True)
    }
    # Staff who set moderation up again later keep it.
    moderators = Group.objects.create(name="Moderators")
    bootstrap()
    assert Group.objects.filter(pk=moderators.pk).exists()


def test_editors_are_not_offered_a_workflow_nobody_approves(client):
    bootstrap()
    editor = get_user_model().objects.create_user("editor", password="x" * 16)
    editor.groups.add(Group.objects.get(name="Editors"))
    page = Page.objects.get(
        slug="what-is-human-trafficking", locale__language_code="en"
    )
    sign_in(client, editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content
    assert b"Moderators approval" not in html
    # Nobody is in Lead Editors yet: no submit button leading nowhere, and the
    # editor says who can publish.
    assert b"action-submit" not in html
    assert b"action-publish" not in html
    assert b"ask an administrator to publish it" in html


def test_second_run_changes_nothing():
    bootstrap()
    before = snapshot()
    output = bootstrap()
    assert "Created" not in output
    assert snapshot() == before


def test_second_run_keeps_staff_edits():
    bootstrap()
    resource = ResourcePage.objects.get(
        slug="what-is-human-trafficking", locale__language_code="en"
    )
    resource.title = "Understanding trafficking"
    resource.slug = "understanding-trafficking"
    resource.save_revision().publish()
    forum = LegalForumPage.objects.get(locale__language_code="en")
    forum.unpublish()
    ApplicationFormPage.objects.get(
        slug="legal-forum-application", locale__language_code="en"
    ).delete()
    words = SiteTexts.objects.get()
    words.hotline_text = "Staff wording"
    words.save()
    editors = Group.objects.get(name="Editors")
    editors.permissions.clear()

    bootstrap()

    resource.refresh_from_db()
    assert resource.title == "Understanding trafficking"
    assert not ResourcePage.objects.filter(
        slug="what-is-human-trafficking", locale__language_code="en"
    ).exists()
    assert not LegalForumPage.objects.get(locale__language_code="en").live
    assert not ApplicationFormPage.objects.filter(
        slug="legal-forum-application", locale__language_code="en"
    ).exists()
    assert SiteTexts.objects.get().hotline_text == "Staff wording"
    assert not editors.permissions.exists()


def test_words_on_every_page_written_before_bootstrap_are_kept():
    # As the migration leaves them on a site older than these words' own home.
    SiteTexts.objects.create(
        locale=Locale.get_default(), hotline_text="Ours", footer_text=""
    )
    bootstrap()
    words = SiteTexts.objects.get()
    assert (words.hotline_text, words.footer_text) == ("Ours", "")


def test_groups_set_up_before_the_words_could_be_translated_get_the_right():
    bootstrap()
    # A site whose groups were set up by an earlier release.
    StarterContentRecord.objects.filter(key__endswith="translating them").delete()
    for group in Group.objects.filter(name__in=["Editors", "Lead Editors"]):
        group.permissions.remove(
            *group.permissions.filter(
                codename__in=["add_sitetexts", "change_sitetexts", "submit_translation"]
            )
        )
    bootstrap()
    for name in ("Editors", "Lead Editors"):
        codenames = Group.objects.get(name=name).permissions.values_list(
            "codename", flat=True
        )
        assert {"change_sitetexts", "submit_translation"} <= set(codenames), name


def test_builds_beneath_a_home_page_made_by_hand():
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(title="Our home", slug="our-home", introduction="<p>Hi</p>")
    )
    bootstrap()
    assert HomePage.objects.get(locale__language_code="en").pk == home.pk
    assert (
        LegalForumPage.objects.get(locale__language_code="en").get_parent().pk
        == home.pk
    )


def test_the_starter_languages_stand_in_for_english_until_translated(client):
    output = bootstrap()
    assert "Created language 'vi'" in output

    for code in LANGUAGES:
        response = client.get(f"/{code}/resources/what-is-human-trafficking/")
        assert response.status_code == 200, code
        assert response["Content-Language"] == code
    # Each starter page, once per language.
    assert EventPage.objects.filter(slug__startswith="annual-human").count() == 7
    # A second run keeps each language as it is.
    assert "Kept language 'ko'" in bootstrap()


def test_languages_are_chosen_by_code_and_unknown_ones_refused():
    with pytest.raises(CommandError, match="Unknown language code: xx"):
        call_command("bootstrap_site", languages="es,xx", stdout=StringIO())
    call_command("bootstrap_site", languages="none", stdout=StringIO())
    assert list(Locale.objects.values_list("language_code", flat=True)) == ["en"]
