"""
One address for the site: SITE_URL, checked, moves the Wagtail site (through
bootstrap_site) and every full link the site writes follows it, whatever host the
request came in on. The test client's requests say ``testserver``, so a link
that starts with SITE_URL cannot have come from the request.

The settings' own reading of SITE_URL is in tests/test_settings.py.
"""

import datetime
import json
import re
import xml.etree.ElementTree as ET  # noqa: N817
from io import StringIO

import icalendar
import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.checks import Tags, run_checks
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page, Site

from site_core.checks import default_site_follows_site_url
from site_core.models import SiteSettings
from site_core.site_url import parse_site_url
from starter_content.management.commands.bootstrap_site import Command as Bootstrap
from tests.factories import (
    ApplicationFormFieldFactory,
    ApplicationFormPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    NewsArticlePageFactory,
    NewsIndexPageFactory,
    ResourcePageFactory,
)

pytestmark = pytest.mark.django_db

# A public address on the HTTPS port, and a development server on another port.
ADDRESSES = ["https://www.example.org", "http://127.0.0.1:8123"]
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
LINK = re.compile(r"https?://[^\s<>\"']+")


def use_site_url(settings, url):
    """SITE_URL and what mysistershouse/settings/base.py sets from it."""
    settings.SITE_URL = url
    settings.WAGTAILADMIN_BASE_URL = url
    settings.WAGTAILAPI_BASE_URL = url


def bootstrap(verbosity=1):
    out, err = StringIO(), StringIO()
    call_command("bootstrap_site", verbosity=verbosity, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def default_site():
    return Site.objects.get(is_default_site=True)


@pytest.fixture(params=ADDRESSES)
def site_url(request, settings):
    use_site_url(settings, request.param)
    return request.param


@pytest.fixture
def site(site_url, home):
    """The test site, moved to SITE_URL by bootstrap_site's own step."""
    Bootstrap(stdout=StringIO(), stderr=StringIO()).default_site(home)
    site = default_site()
    assert site.root_url == site_url
    return site


def html(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def meta(page_html, name):
    tag = page_html.find("meta", property=name) or page_html.find(
        "meta", attrs={"name": name}
    )
    return tag["content"] if tag is not None else None


# The address itself ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "url", "hostname", "port"),
    [
        ("https://www.example.org", "https://www.example.org", "www.example.org", 443),
        (
            "https://WWW.Example.org:443/",
            "https://www.example.org",
            "www.example.org",
            443,
        ),
        ("http://127.0.0.1:8123", "http://127.0.0.1:8123", "127.0.0.1", 8123),
        (" http://example.org:80/ ", "http://example.org", "example.org", 80),
    ],
)
def test_an_address_is_written_as_wagtails_sites_write_theirs(
    value, url, hostname, port
):
    address = parse_site_url(value)
    assert (address.url, address.hostname, address.port) == (url, hostname, port)
    site = Site(hostname=hostname, port=port)
    assert site.root_url == url
    assert address.matches(site)


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("", "needs a scheme (http:// or https://) and a host name"),
        ("www.example.org", "needs a scheme (http:// or https://) and a host name"),
        ("ftp://www.example.org", "needs a scheme"),
        ("https://", "needs a scheme"),
        (
            "https://www.example.org/msh/",
            "with no path or query: https://www.example.org",
        ),
        ("https://www.example.org/?a=1", "with no path or query"),
        (
            "https://www.example.org:8443",
            "Wagtail writes https links only for port 443",
        ),
        ("http://www.example.org:443", "port 443 is for https"),
        ("http://www.example.org:99999", "is not an address"),
        ("http://admin:secret@www.example.org", "must not hold a user name"),
        ("http://[::1]:8000", "use a host name or an IPv4 address"),
    ],
)
def test_a_bad_address_says_what_to_write_instead(value, says):
    with pytest.raises(ImproperlyConfigured) as raised:
        parse_site_url(value)
    message = str(raised.value)
    assert message.startswith("SITE_URL")
    assert says in message
    assert "secret" not in message  # a password typed by mistake is not echoed


# bootstrap_site puts the default site there ---------------------------------------


@pytest.mark.parametrize("url", ADDRESSES)
def test_a_new_site_is_made_at_site_url(settings, url):
    use_site_url(settings, url)
    Site.objects.all().delete()
    out, _ = bootstrap()
    site = default_site()
    assert site.root_url == url
    assert f"Created the default site, at {url}" in out
    assert site.root_page.specific_class.__name__ == "HomePage"


def test_every_run_moves_the_default_site_to_site_url(settings):
    use_site_url(settings, "http://127.0.0.1:8000")
    bootstrap()
    assert default_site().root_url == "http://127.0.0.1:8000"

    use_site_url(settings, "http://127.0.0.1:8123")  # `PORT=8123 make run`
    out, err = bootstrap()
    assert default_site().root_url == "http://127.0.0.1:8123"
    moves = [line for line in out.splitlines() if line.startswith("Moved")]
    assert moves == [
        "Moved the default site from http://127.0.0.1:8000 to http://127.0.0.1:8123"
    ]
    assert err == ""

    use_site_url(settings, "https://www.example.org")
    out, _ = bootstrap(verbosity=0)  # as `make run` runs it: its one line only
    assert out.splitlines() == ["The starter site is ready."]
    site = default_site()
    assert (site.hostname, site.port, site.root_url) == (
        "www.example.org",
        443,
        "https://www.example.org",
    )

    out, _ = bootstrap()
    assert "Moved" not in out
    assert Site.objects.count() == 1


def test_an_address_another_site_holds_is_not_taken_over(settings):
    use_site_url(settings, "http://127.0.0.1:8000")
    bootstrap()
    Site.objects.create(
        hostname="partner.example.org",
        port=443,
        root_page=Page.get_first_root_node(),
        site_name="Partner",
    )
    use_site_url(settings, "https://partner.example.org")
    out, err = bootstrap()
    assert default_site().root_url == "http://127.0.0.1:8000"
    assert err.strip() == (
        "The default site stays at http://127.0.0.1:8000: the site 'Partner' "
        "already answers at https://partner.example.org (SITE_URL). Change that "
        "site's host or port under Settings > Sites, or set SITE_URL to the "
        "default site's address."
    )
    assert out.splitlines()[-1] == "The starter site is ready."


# Every full link follows it --------------------------------------------------------


def share_image(site):
    settings = SiteSettings.for_site(site)
    settings.share_image = wagtail_factories.ImageFactory(description="Our logo")
    settings.save()


def test_sharing_tags_and_canonical_link(client, site, site_url):
    share_image(site)
    resource = ResourcePageFactory(parent=site.root_page)

    page_html = html(client.get(resource.url))
    assert resource.url.startswith("/")
    expected = f"{site_url}{resource.url}"
    assert page_html.find("link", rel="canonical")["href"] == expected
    assert meta(page_html, "og:url") == expected
    assert meta(page_html, "og:image").startswith(f"{site_url}/media/")

    # Pages with no address of their own share the image from the same place.
    not_found = BeautifulSoup(client.get("/no-such-page/").content, "html.parser")
    assert meta(not_found, "og:image").startswith(f"{site_url}/media/")
    search = html(client.get(reverse("search")))
    assert search.find("link", rel="canonical")["href"] == f"{site_url}/search/"


def test_sitemap_and_robots_txt(client, site, site_url):
    ResourcePageFactory(parent=site.root_page)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    locations = [loc.text for loc in root.findall("sm:url/sm:loc", SITEMAP_NS)]
    assert len(locations) == 2
    assert all(url.startswith(f"{site_url}/") for url in locations)

    robots = client.get("/robots.txt").content.decode().splitlines()
    assert f"Sitemap: {site_url}/sitemap.xml" in robots


def test_api_addresses(client, site, site_url):
    resource = ResourcePageFactory(parent=site.root_page)
    share_image(site)  # listed in the API: the site uses it

    pages = client.get("/api/v2/pages/").json()["items"]
    assert {item["id"] for item in pages} == {site.root_page_id, resource.pk}
    for item in pages:
        assert item["meta"]["html_url"].startswith(f"{site_url}/")
        assert item["meta"]["detail_url"] == f"{site_url}/api/v2/pages/{item['id']}/"
    detail = client.get(f"/api/v2/pages/{resource.pk}/").json()
    assert detail["meta"]["html_url"] == f"{site_url}{resource.url}"

    [image] = client.get("/api/v2/images/?fields=url").json()["items"]
    assert image["meta"]["detail_url"].startswith(f"{site_url}/api/v2/images/")
    assert image["url"].startswith(f"{site_url}/media/")

    found = client.get(f"/api/v2/pages/find/?html_path={resource.url}")
    assert found["Location"].startswith(f"{site_url}/api/v2/pages/{resource.pk}/")

    document = client.get(reverse("api_openapi")).json()
    assert document["servers"] == [{"url": site_url}]


def test_application_notification_links_to_the_admin(
    client, site, site_url, mailoutbox, django_capture_on_commit_callbacks
):
    form = ApplicationFormPageFactory(
        parent=site.root_page,
        slug="apply",
        routing__to_address="coordinator@example.org",
    )
    ApplicationFormFieldFactory(page=form, label="Full name")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form.url, {"full_name": "Ada Lovelace"})
    assert response.status_code == 302
    [message] = mailoutbox
    submission = form.get_submission_class().objects.get()
    admin_link = f"{site_url}/admin/applications/{form.pk}/{submission.pk}/"
    assert admin_link in message.body
    assert all(link.startswith(site_url) for link in LINK.findall(message.body))


def test_password_reset_email_links_to_the_admin(client, site, site_url, mailoutbox):
    get_user_model().objects.create_user(
        "editor", email="editor@example.org", password="x" * 16
    )
    response = client.post(
        reverse("wagtailadmin_password_reset"), {"email": "editor@example.org"}
    )
    assert response.status_code == 302
    [message] = mailoutbox
    assert f"{site_url}/admin/password_reset/confirm/" in message.body


@pytest.fixture
def event(site):
    index = EventIndexPageFactory(parent=site.root_page)
    return EventPageFactory(parent=index, start_date=datetime.date(2030, 7, 1))


def test_calendar_feed(client, event, site_url):
    response = client.get("/calendar/events.ics")
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["SOURCE"]) == f"{site_url}/calendar/events.ics"
    [vevent] = calendar.walk("VEVENT")
    page_url = f"{site_url}{event.url}"
    assert str(vevent["URL"]) == page_url
    description = str(vevent["DESCRIPTION"])
    assert f"Details: {page_url}" in description
    assert all(link.startswith(site_url) for link in LINK.findall(description))


def test_news_feed(client, site, site_url):
    index = NewsIndexPageFactory(parent=site.root_page)
    article = NewsArticlePageFactory(parent=index)
    response = client.get(index.url + index.reverse_subpage("feed"))
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314
    assert channel.findtext("link") == f"{site_url}{index.url}"
    self_link = channel.find("{http://www.w3.org/2005/Atom}link").get("href")
    assert self_link.startswith(f"{site_url}{index.url}")
    [item] = channel.findall("item")
    assert item.findtext("link") == f"{site_url}{article.url}"


def test_event_structured_data(client, event, site_url):
    page_html = html(client.get(event.url))
    [script] = page_html.find_all("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["url"] == f"{site_url}{event.url}"
    assert data["organizer"]["url"] == f"{site_url}/"


def test_the_first_admin_is_told_the_site_url(site_url):
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    *_, address, sign_in = out.getvalue().splitlines()
    assert address == f"Open the site at {site_url}/"
    assert sign_in.startswith(f"Sign in at {site_url}/admin/ as 'admin'")


# The system check -------------------------------------------------------------------


def site_checks():
    issues = run_checks(databases=["default"], tags=[Tags.database])
    return [issue for issue in issues if issue.id.startswith("site_core.")]


def test_a_site_left_at_another_address_is_a_warning(settings, home):
    use_site_url(settings, "http://127.0.0.1:8123")
    [warning] = site_checks()
    assert warning.id == "site_core.W001"
    assert warning.msg == (
        "The default site answers at http://localhost, but SITE_URL is "
        "http://127.0.0.1:8123: page links would point at the old address."
    )
    assert "python manage.py bootstrap_site" in warning.hint

    Bootstrap(stdout=StringIO()).default_site(home)
    assert site_checks() == []


def test_the_check_needs_a_database_and_asks_for_none_otherwise(settings, home):
    use_site_url(settings, "http://127.0.0.1:8123")
    assert default_site_follows_site_url(databases=None) == []
    # A plain `manage.py check` (no database) does not run it.
    assert not [
        issue for issue in run_checks() if issue.id.startswith("site_core.W001")
    ]
