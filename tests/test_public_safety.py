"""Quick exit, the hotline and the security headers on every public page."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from wagtail.models import Page

from site_core.models import SiteSettings
from tests.auth import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.starter_languages]


@pytest.fixture
def starter_pages(starter_site):
    """Every starter page's address, in every starter language."""
    return [page.url for page in Page.objects.live().filter(depth__gt=1)]


def url_prefix(url):
    """The language part of an address: '/vi/' for '/vi/events/', else '/'."""
    first = url.split("/")[1]
    return f"/{first}/" if first in dict(settings.LANGUAGES) else "/"


def html(response):
    return BeautifulSoup(response.content, "html.parser")


def test_quick_exit_comes_right_after_the_skip_link_on_every_page(
    client, starter_pages
):
    site_settings = SiteSettings.objects.get()
    for url in [*starter_pages, "/no-such-page/", "/vi/no-such-page/"]:
        response = client.get(url)
        page = html(response)
        links = page.find_all("a", href=True)
        assert links[0]["href"] == "#main", url
        exit_link = links[1]
        with translation.override(response["Content-Language"]):
            assert exit_link.get_text() == translation.gettext("Exit this page"), url
            hint = translation.gettext(
                "Leave quickly: select the button or press Shift 3 times."
            )
        assert hint in page.select_one(".quick-exit-bar").get_text(), url
        assert (
            exit_link["href"]
            == site_settings.quick_exit_url
            == "https://www.weather.gov/"
        )
        assert exit_link["rel"] == ["noreferrer"]
        assert exit_link.has_attr("data-quick-exit")
        safety = page.select_one(".quick-exit-bar a[href$='/browse-safely/']")
        assert safety is not None, url
        # In the language being read.
        assert safety["href"].startswith(url_prefix(url)), url
        status = page.find(id="quick-exit-status")
        assert status["role"] == "status" and status["aria-live"] == "polite"
        scripts = [s["src"] for s in page.find_all("script", src=True)]
        assert any(src.endswith("js/quick-exit.js") for src in scripts), url


def test_staff_choose_where_quick_exit_goes(client, starter_pages):
    SiteSettings.objects.update(quick_exit_url="https://www.example.org/news")
    page = html(client.get(starter_pages[0]))
    assert (
        page.select_one("[data-quick-exit]")["href"] == "https://www.example.org/news"
    )


def test_hotline_is_in_the_header_of_every_page(client, starter_pages):
    for url in starter_pages:
        header = html(client.get(url)).find("header")
        assert header.find("a", href="tel:+19164283271"), url


def test_pages_run_no_inline_script_and_load_nothing_from_other_hosts(
    client, starter_pages
):
    for url in starter_pages:
        page = html(client.get(url))
        for script in page.find_all("script"):
            if script.get("type") == "application/ld+json":
                continue  # data, never run
            assert script.get("src"), f"inline script on {url}"
        for element in page.find_all(True):
            handlers = [name for name in element.attrs if name.startswith("on")]
            assert not handlers, (url, element.name, handlers)
            assert "style" not in element.attrs, (url, element.name)
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src")):
            for element in page.find_all(tag):
                address = element.get(attribute, "")
                if tag == "link" and element.get("rel") == ["canonical"]:
                    continue
                if element.get("type") == "application/ld+json":
                    continue  # structured data in the page, not a request
                assert address.startswith("/") or address.startswith(
                    "http://testserver/"
                ), (url, address)


def test_security_headers_on_public_pages(client, starter_pages):
    for url in [*starter_pages, "/no-such-page/"]:
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        directives = dict(
            part.strip().split(" ", 1) for part in policy.split(";") if part.strip()
        )
        assert directives["script-src"] == "'self'", url
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert directives["default-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert directives["object-src"] == "'none'"
        assert response["Referrer-Policy"] in {"no-referrer", "same-origin"}
        assert response["X-Content-Type-Options"] == "nosniff"
        permissions = response["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()"):
            assert feature in permissions


def test_admin_keeps_working_without_the_public_policy(client, starter_pages):
    sign_in(client, get_user_model().objects.create_superuser("a", password="x" * 16))
    for url in ("/admin/", "/admin/pages/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "Content-Security-Policy" not in response


def test_browse_safely_explains_the_limits(client, starter_pages):
    text = html(client.get("/resources/browse-safely/")).get_text(" ", strip=True)
    assert "does not erase your browsing history" in text
    assert "monitoring software" in text
    assert "remove only the pages" in text
