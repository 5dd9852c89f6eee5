"""Staff can reach every editing screen the site needs."""

import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse, reverse_lazy
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from events.models import EventCategory, EventIndexPage
from home.models import HomePage
from legal_forum.models import LegalForumPage
from resources.models import ResourceIndexPage
from site_core.accessibility import WCAG_22_AA
from site_core.models import SiteSettings
from tests.admin_forms import form_data
from tests.auth import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in_editor(client, editor):
    sign_in(client, editor)
    return editor


def test_editor_can_open_every_starter_page_in_the_editor(client, signed_in_editor):
    for page in Page.objects.filter(depth__gt=1, alias_of=None):
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, page


@pytest.mark.parametrize(
    ("parent_model", "app", "model"),
    [
        (ResourceIndexPage, "resources", "resourcepage"),
        (EventIndexPage, "events", "eventpage"),
        (LegalForumPage, "legal_forum", "applicationformpage"),
        (HomePage, "resources", "resourceindexpage"),
    ],
)
def test_editor_can_open_the_create_form(
    client, signed_in_editor, parent_model, app, model
):
    parent = parent_model.objects.get(locale__language_code="en")
    response = client.get(
        reverse("wagtailadmin_pages:add", args=[app, model, parent.pk])
    )
    assert response.status_code == 200


def test_a_lead_editor_can_publish_an_event(client, lead_editor):
    """Lead Editors publish; Editors submit for review (tests/test_workflow.py)."""
    sign_in(client, lead_editor)
    index = EventIndexPage.objects.get(locale__language_code="en")
    category = EventCategory.objects.get(slug="legal-forum")
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", index.pk])
    response = client.post(
        url,
        {
            "title": "Legal Forum: June meeting",
            "slug": "legal-forum-june-meeting",
            "category": category.pk,
            "start_date": "2040-06-04",
            "start_time": "12:00",
            "end_date": "",
            "end_time": "13:30",
            "attendance": "online",
            "venue_name": "",
            "venue_address": "",
            "online_details": "We email a link to members.",
            "registration_url": "",
            "summary": "Our monthly meeting.",
            "status": "scheduled",
            "repeat": "none",
            "body-count": "0",
            "cancelled_dates-TOTAL_FORMS": "0",
            "cancelled_dates-INITIAL_FORMS": "0",
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    events_page = client.get(index.url).content.decode()
    assert "Legal Forum: June meeting" in events_page


def test_event_form_explains_a_missing_end_time(client, signed_in_editor):
    index = EventIndexPage.objects.get(locale__language_code="en")
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", index.pk])
    response = client.post(
        url,
        {
            "title": "Half-entered",
            "slug": "half-entered",
            "category": EventCategory.objects.first().pk,
            "start_date": "2040-06-04",
            "start_time": "12:00",
            "attendance": "in_person",
            "summary": "Missing its end.",
            "body-count": "0",
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["end_time"] == [
        "Add an end time, or clear the start time to make this an all-day event."
    ]


def test_editor_can_manage_event_categories(client, signed_in_editor):
    response = client.get(reverse("wagtailsnippets_events_eventcategory:list"))
    assert response.status_code == 200
    assert "Legal Forum" in response.content.decode()


def test_superuser_can_edit_site_settings(client, starter_site, superuser):
    sign_in(client, superuser)
    response = client.get(
        reverse("wagtailsettings:edit", args=["site_core", "sitesettings"]),
        follow=True,
    )
    assert response.status_code == 200
    assert "916-428-3271" in response.content.decode()


def test_an_events_category_is_a_drop_down(client, signed_in_editor):
    """A handful of categories: chosen from a list, not through a pop-up chooser."""
    index = EventIndexPage.objects.get(locale__language_code="en")
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", index.pk])
    page = BeautifulSoup(client.get(url).content, "html.parser")
    select = page.find("select", attrs={"name": "category"})
    assert select is not None
    options = [option.get_text(strip=True) for option in select.find_all("option")]
    assert set(EventCategory.objects.values_list("name", flat=True)) <= set(options)


SETTINGS_URL = reverse_lazy("wagtailsettings:edit", args=["site_core", "sitesettings"])


def settings_form(client):
    """(the address the form posts to, its fields as the browser would send them)."""
    response = client.get(SETTINGS_URL, follow=True)
    chain = response.redirect_chain
    return (chain[-1][0] if chain else SETTINGS_URL), form_data(response)


def test_editors_change_the_hotline_but_not_where_the_quick_exit_leads(
    client, signed_in_editor
):
    address, fields = settings_form(client)
    assert "hotline_number" in fields
    assert "quick_exit_url" not in fields
    assert "safety_page" not in fields

    settings = SiteSettings.objects.get()
    destination = settings.quick_exit_url
    # Even a crafted POST that names the quick exit's field leaves it as it was.
    fields.update(hotline_number="916-555-0100", quick_exit_url="https://x.test/")
    response = client.post(address, fields, follow=True)
    assert response.status_code == 200
    settings.refresh_from_db()
    assert settings.hotline_number == "916-555-0100"
    assert settings.quick_exit_url == destination


def test_administrators_change_where_the_quick_exit_leads(
    client, starter_site, superuser
):
    sign_in(client, superuser)
    address, fields = settings_form(client)
    fields["quick_exit_url"] = "https://www.google.com/"
    client.post(address, fields, follow=True)
    assert SiteSettings.objects.get().quick_exit_url == "https://www.google.com/"


def test_editors_manage_redirects(client, signed_in_editor):
    response = client.post(
        reverse("wagtailredirects:add"),
        {
            "old_path": "/conference",
            "redirect_link": "https://example.org/",
            "is_permanent": "on",
        },
    )
    assert response.status_code == 302
    assert Redirect.objects.filter(old_path="/conference").exists()


def test_the_user_bar_checks_the_rules_the_site_is_tested_against(
    client, signed_in_editor
):
    """Editors' accessibility checker runs WCAG 2.2 A/AA, as the browser tests do."""
    page = BeautifulSoup(client.get("/").content, "html.parser")
    configuration = page.find("script", id="checker-axe-configuration")
    assert configuration is not None, "no accessibility checker in the user bar"
    options = json.loads(configuration.string)["options"]
    assert options["runOnly"] == WCAG_22_AA
