"""
What the communications team may change in the admin: the hotline, footer,
share image, social links, the notice banner, the words on every page (and
their translations) and redirects. Where the quick exit
leads and everything about applications stay with administrators and
coordinators.
"""

import datetime
import zoneinfo

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse, reverse_lazy
from wagtail.contrib.redirects.models import Redirect

from legal_forum.models import ApplicationSubmission
from site_core.models import SiteSettings, SiteTexts
from tests.admin_forms import form_data
from tests.auth import sign_in

pytestmark = pytest.mark.django_db

SETTINGS_URL = reverse_lazy("wagtailsettings:edit", args=["site_core", "sitesettings"])
SACRAMENTO = zoneinfo.ZoneInfo("America/Los_Angeles")


@pytest.fixture(params=["Editors", "Lead Editors"])
def communications(request, client, staff):
    """Signed in as a member of Editors, then of Lead Editors: the same rights."""
    user = staff(request.param, "comms")
    sign_in(client, user)
    return user


def settings_page(client):
    response = client.get(SETTINGS_URL, follow=True)
    assert response.status_code == 200
    return response


def settings_form(client):
    """(where the settings form posts, what the browser would send back)."""
    response = settings_page(client)
    address = (
        response.redirect_chain[-1][0] if response.redirect_chain else SETTINGS_URL
    )
    return address, form_data(response)


def test_the_settings_show_what_the_team_looks_after(client, communications):
    page = BeautifulSoup(settings_page(client).content, "html.parser")
    fields = {tag["name"] for tag in page.select("form [name]")}
    for name in (
        "hotline_number",
        "contact_email",
        "address",
        "share_image",
        "alert_enabled",
        "alert_message",
        "alert_expires_at",
        "donate_url",
    ):
        assert name in fields, name
    assert page.find(id="social_links", attrs={"data-controller": "w-block"})
    assert "quick_exit_url" not in fields
    assert "safety_page" not in fields


def test_the_team_changes_the_hotline_footer_and_notice(client, communications):
    address, fields = settings_form(client)
    before = SiteSettings.objects.get()
    fields.update(
        hotline_number="916-555-0100",
        contact_email="hello@example.org",
        address="PO Box 1, Sacramento",
        alert_enabled="on",
        alert_message="The office is closed on Monday for the holiday.",
        alert_expires_at="12/16/2026 2:00 PM",
        # Crafted: the quick exit's fields are not on their form, and stay put.
        quick_exit_url="https://x.test/",
        safety_page="",
    )
    response = client.post(address, fields, follow=True)
    assert response.status_code == 200
    settings = SiteSettings.objects.get()
    assert settings.hotline_number == "916-555-0100"
    assert settings.contact_email == "hello@example.org"
    assert settings.address == "PO Box 1, Sacramento"
    assert settings.alert_enabled
    assert settings.alert_message.startswith("The office is closed")
    assert settings.alert_expires_at == datetime.datetime(
        2026, 12, 16, 14, tzinfo=SACRAMENTO
    )
    assert settings.quick_exit_url == before.quick_exit_url
    assert settings.safety_page_id == before.safety_page_id


def test_the_team_changes_the_words_on_every_page(client, communications):
    words = SiteTexts.objects.get()
    address = reverse("wagtailsnippets_site_core_sitetexts:edit", args=[words.pk])
    response = client.get(address)
    assert response.status_code == 200
    fields = form_data(response)
    fields.update(
        hotline_text="Call us, day or night", footer_text="We are here for you."
    )
    response = client.post(address, fields, follow=True)
    assert response.status_code == 200
    words.refresh_from_db()
    assert words.hotline_text == "Call us, day or night"
    assert words.footer_text == "We are here for you."


def test_an_expiry_the_admin_cannot_read_is_refused(client, communications):
    address, fields = settings_form(client)
    fields.update(
        alert_enabled="on",
        alert_message="Closed on Monday.",
        alert_expires_at="next monday",
    )
    response = client.post(address, fields)
    assert response.status_code == 200
    assert "for example 12/16/2026 2:00 PM" in response.content.decode()
    settings = SiteSettings.objects.get()
    assert settings.alert_message != "Closed on Monday."
    assert settings.alert_expires_at is None


def test_the_team_adds_redirects(client, communications):
    response = client.post(
        reverse("wagtailredirects:add"),
        {
            "old_path": "/gala",
            "redirect_link": "https://example.org/",
            "is_permanent": "on",
        },
    )
    assert response.status_code == 302
    assert Redirect.objects.filter(old_path="/gala").exists()


def test_applications_stay_with_coordinators(client, communications, starter_form):
    submission = ApplicationSubmission.objects.create(
        page=starter_form, form_data={"full_name": "Private Person"}
    )
    for url in (
        reverse("legal_forum_admin:index"),
        reverse("wagtailforms:list_submissions", args=[starter_form.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"Private Person" not in response.content
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Private Person" not in dashboard
    assert reverse("legal_forum_admin:index") not in dashboard
    assert ApplicationSubmission.objects.filter(pk=submission.pk).exists()


def test_the_safety_settings_stay_with_administrators(client, starter_site, superuser):
    sign_in(client, superuser)
    address, fields = settings_form(client)
    assert "quick_exit_url" in fields and "safety_page" in fields
    fields["quick_exit_url"] = "https://www.google.com/"
    client.post(address, fields, follow=True)
    assert SiteSettings.objects.get().quick_exit_url == "https://www.google.com/"
