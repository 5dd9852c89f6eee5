"""
What public pages keep in the shared cache (site_core.content_cache) is never
older than the last change staff made: an editor's publish, unpublish, move or
deletion, or a save of the site settings, shows on the very next request, on
every app server; and a private page's content never comes from the cache to
someone who may not see it.

Two test clients stand for two app servers: each has its own cookies and
requests, and they share only the database and the cache, as servers do.
"""

import datetime
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from site_core import content_cache
from site_core.models import SiteSettings
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
)

pytestmark = pytest.mark.django_db

FAIR_DAY = datetime.date(2031, 1, 10)
SPRING_DAY = datetime.date(2031, 4, 10)
ONE_DAY = datetime.timedelta(days=1)


@pytest.fixture
def servers():
    return Client(), Client()


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def publish(page, **changes):
    for field, value in changes.items():
        setattr(page, field, value)
    page.save_revision().publish()


def test_a_published_change_shows_on_every_server_at_once(servers, home):
    resources = ResourceIndexPageFactory(parent=home, show_in_menus=True)
    page = ResourcePageFactory(parent=resources, title="Shelter options")
    for server in servers:  # both have the menu and the route kept
        assert "Shelter options" in html(server, page.url)

    publish(page, title="Emergency shelter")
    publish(resources, title="Help and advice")

    for server in servers:
        text = html(server, page.url)
        assert "Emergency shelter" in text
        assert "Help and advice" in text  # the menu, kept until the publish


def test_a_new_hotline_number_shows_on_every_server_at_once(servers, home):
    for server in servers:
        html(server, home.url)
    settings = SiteSettings.objects.get()
    settings.hotline_number = "916-555-0199"
    settings.save()

    for server in servers:
        assert "916-555-0199" in html(server, home.url)


def test_an_unpublished_page_is_gone_from_its_address_and_the_menu(servers, home):
    page = ResourceIndexPageFactory(parent=home, title="Old help", show_in_menus=True)
    for server in servers:
        assert "Old help" in html(server, home.url)
        html(server, page.url)

    page.unpublish()

    for server in servers:
        assert server.get(page.url).status_code == 404
        assert "Old help" not in html(server, home.url)


def test_a_moved_page_answers_at_its_new_address(client, home):
    first = ResourceIndexPageFactory(parent=home, slug="first")
    second = ResourceIndexPageFactory(parent=home, slug="second")
    page = ResourcePageFactory(parent=first, slug="guide", title="The guide")
    assert "The guide" in html(client, "/first/guide/")

    page.move(second, pos="last-child")

    old = client.get("/first/guide/")  # Wagtail's redirect, not the kept route
    assert (old.status_code, old["Location"]) == (301, "/second/guide/")
    assert "The guide" in html(client, "/second/guide/")


def test_a_deleted_page_is_not_served_from_the_cache(client, home):
    page = ResourceIndexPageFactory(parent=home, slug="gone")
    html(client, "/gone/")
    page.delete()
    assert client.get("/gone/").status_code == 404


def test_event_listings_show_a_published_event_at_once(servers, home):
    events = EventIndexPageFactory(parent=home)
    event = EventPageFactory(parent=events, title="Spring workshop")
    for server in servers:
        assert "Spring workshop" in html(server, events.url)
        assert "Spring workshop" in html(server, home.url)

    publish(event, title="Summer workshop")

    for server in servers:
        assert "Summer workshop" in html(server, events.url)
        assert "Summer workshop" in html(server, home.url)


def test_an_event_leaves_the_kept_listings_when_it_ends(home):
    events = EventIndexPageFactory(parent=home)
    EventPageFactory(parent=events, title="Winter fair", start_date=FAIR_DAY)
    EventPageFactory(parent=events, title="Spring fair", start_date=SPRING_DAY)
    client = Client()
    for url in (home.url, events.url):
        assert "Winter fair" in html(client, url).split("Spring fair")[0]

    # The day after the fair: nothing was published, yet the lists move on.
    later = timezone.make_aware(datetime.datetime.combine(FAIR_DAY, datetime.time()))
    with mock.patch("django.utils.timezone.now", return_value=later + ONE_DAY * 2):
        upcoming = html(client, home.url)
        index = html(client, events.url)
    assert "Winter fair" not in upcoming
    assert "Spring fair" in upcoming
    assert index.index("Spring fair") < index.index("Winter fair")  # now past


def test_a_page_made_private_is_not_served_to_visitors_from_the_cache(
    servers, home, admin_user
):
    page = ResourceIndexPageFactory(parent=home, title="Staff notes", slug="notes")
    page_url = page.url
    visitor, staff = servers
    staff.force_login(admin_user)
    for server in servers:  # the route and the menu are kept while it is public
        assert "Staff notes" in html(server, page_url)

    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )

    assert "Staff notes" in html(staff, page_url)  # kept for staff: warm again
    response = visitor.get(page_url)
    assert response.status_code == 302  # to the sign-in page, not the content
    assert "Staff notes" not in response.content.decode()


def test_a_private_page_seen_by_staff_first_is_never_shown_to_visitors(
    servers, home, admin_user
):
    page = ResourceIndexPageFactory(parent=home, title="Rota", slug="rota")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    visitor, staff = servers
    staff.force_login(admin_user)
    assert "Rota" in html(staff, page.url)

    response = visitor.get(page.url)
    assert response.status_code == 302
    assert "Rota" not in html(visitor, home.url)  # nor in the visitors' menu


def test_previews_build_afresh_and_keep_nothing(home):
    built = []
    preview = RequestFactory().get("/")
    preview.is_preview = True

    for _ in range(2):
        content_cache.remember(preview, "test", lambda: built.append(1) or "draft")
    assert built == [1, 1]
    assert content_cache.remember(None, "test", lambda: "live") == "live"


def test_every_change_retires_what_was_kept(home):
    content_cache.remember(None, "test", lambda: "before")
    SiteSettings.for_site(Site.objects.get(is_default_site=True)).save()
    assert content_cache.remember(None, "test", lambda: "after") == "after"


def test_a_lost_generation_does_not_bring_back_old_fragments(home):
    content_cache.remember(None, "test", lambda: "old")
    cache.delete(content_cache.GENERATION_KEY)  # evicted, as a full cache may
    assert content_cache.remember(None, "test", lambda: "new") == "new"
