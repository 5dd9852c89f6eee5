"""
The public design's shared pieces, rendered on the server: card pictures, status
badges, the header's two menus, the footer, the error page that needs no
database, and the home page's cards with pictures in a fixed number of queries.
"""

import datetime
from types import SimpleNamespace

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.views import defaults

from events.models import EventPage
from home.models import HomePageFeaturedResource
from site_core.models import SiteSettings
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
)


def soup(content):
    return BeautifulSoup(content, "html.parser")


def wide_picture(**kwargs):
    return wagtail_factories.ImageFactory(file__width=1600, file__height=900, **kwargs)


class TestCardImage:
    def test_nothing_without_a_picture(self):
        html = render_to_string("components/card_image.html", {"image": None})
        assert html.strip() == ""

    @pytest.mark.django_db
    def test_a_cropped_picture_in_two_sizes_described_for_screen_readers(self):
        image = wide_picture(description="Volunteers sorting donated clothes")
        html = render_to_string("components/card_image.html", {"image": image})
        [img] = soup(html).find_all("img")
        assert img["class"] == ["card__image"]
        assert img["alt"] == "Volunteers sorting donated clothes"
        assert (img["width"], img["height"]) == ("800", "450")
        sizes = [entry.split()[1] for entry in img["srcset"].split(", ")]
        assert sizes == ["400w", "800w"]
        assert img["loading"] == "lazy"

    @pytest.mark.django_db
    def test_a_picture_with_no_description_is_decorative(self):
        html = render_to_string(
            "components/card_image.html", {"image": wide_picture(title="Roof")}
        )
        img = soup(html).find("img")
        assert img["alt"] == ""  # the card's title says what it is


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("scheduled", None),
        ("postponed", "badge badge--postponed"),
        ("cancelled", "badge badge--cancelled"),
        ("moved_online", "badge badge--moved-online"),
    ],
)
def test_status_badges_show_only_a_change_of_plan(status, expected):
    # What the template reads of an event, without a page (and its database).
    label = EventPage.Status(status).label
    event = SimpleNamespace(status=status, get_status_display=label)
    badge = soup(
        render_to_string("components/status_badge.html", {"event": event})
    ).find("span")
    if expected is None:
        assert badge is None
    else:
        assert " ".join(badge["class"]) == expected
        assert badge.get_text() == label


@pytest.fixture
def menu_site(home):
    ResourceIndexPageFactory(parent=home, title="Resources", show_in_menus=True)
    EventIndexPageFactory(parent=home, title="Events", show_in_menus=True)
    return home


def nav_titles(nav):
    return [a.get_text(strip=True) for a in nav.find_all("a")]


class TestHeaderAndFooter:
    def test_phone_and_wide_menus_hold_the_same_links_and_search(
        self, client, menu_site
    ):
        page = soup(client.get(menu_site.url).content)
        row = page.select_one("header nav.main-menu--row")
        disclosure = page.select_one("header details.menu-disclosure")
        assert disclosure.find("summary").get_text(strip=True) == "Menu"
        assert nav_titles(row) == ["Resources", "Events", "Search"]
        assert nav_titles(disclosure.find("nav")) == ["Resources", "Events", "Search"]
        assert page.select_one("header img.masthead__logo")["alt"] == (
            "My Sister's House home"
        )
        assert page.select_one("header a.masthead__brand")["href"] == "/"
        assert "Donate" not in page.find("header").get_text()

    def test_donate_appears_in_header_menu_and_footer_once_set(self, client, menu_site):
        settings = SiteSettings.for_site(menu_site.get_site())
        settings.donate_url = "https://example.org/give"
        settings.save()
        page = soup(client.get(menu_site.url).content)
        donate_links = page.find_all("a", href="https://example.org/give")
        places = {
            "masthead": page.select_one(".masthead > a.masthead__donate"),
            "phone menu": page.select_one(".menu-disclosure a.button--donate"),
            "footer": page.select_one("footer a[href='https://example.org/give']"),
        }
        assert all(places.values()), places
        assert len(donate_links) >= 3

    def test_footer_has_contact_menu_privacy_and_the_year(self, client, menu_site):
        privacy = ResourcePageFactory(
            parent=menu_site.get_children().first().specific, title="Privacy notice"
        )
        settings = SiteSettings.for_site(menu_site.get_site())
        settings.privacy_page = privacy
        settings.contact_email = "hello@example.org"
        settings.save()
        footer = soup(client.get(menu_site.url).content).find("footer")
        menu = footer.find("nav", attrs={"aria-label": "Footer"})
        assert nav_titles(menu) == ["Resources", "Events"]
        assert footer.find("a", string="Privacy")["href"] == privacy.url
        assert footer.find("a", href="tel:+19164283271")
        assert footer.find("a", href="mailto:hello@example.org")
        year = str(datetime.date.today().year)
        assert f"© {year} My Sister's House" in footer.get_text(" ", strip=True)


def test_the_error_page_needs_no_database():
    """No database mark: any query here fails the test."""
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = soup(response.content)
    links = page.find_all("a", href=True)
    assert links[0]["href"] == "#main"
    assert links[1].has_attr("data-quick-exit")
    assert page.find("header").find("a", href="tel:+19164283271")
    assert [link["href"] for link in page.find_all("link", rel="stylesheet")] == [
        "/static/css/site.css",
        "/static/css/components.css",
    ]
    assert page.find("script", src="/static/js/quick-exit.js")


def home_queries(client, home, cards):
    """The queries of a home page visit, once its pictures' renditions exist."""
    client.get(home.url)  # makes the renditions, as the first visitor does
    with CaptureQueriesContext(connection) as captured:
        response = client.get(home.url)
    pictures = soup(response.content).select("img.card__image")
    assert len(pictures) == cards * 2  # a resource and an event each time
    return len(captured)


def test_home_cards_with_pictures_cost_a_fixed_number_of_queries(client, home):
    resources = ResourceIndexPageFactory(parent=home)
    events = EventIndexPageFactory(parent=home)
    soon = datetime.date.today() + datetime.timedelta(days=9)

    def add_cards(count):
        for _ in range(count):
            resource = ResourcePageFactory(parent=resources, image=wide_picture())
            HomePageFeaturedResource.objects.create(page=home, resource=resource)
            EventPageFactory(parent=events, image=wide_picture(), start_date=soon)

    add_cards(1)
    few = home_queries(client, home, cards=1)
    add_cards(2)
    assert home_queries(client, home, cards=3) == few
