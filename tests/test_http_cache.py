"""
The HTTP cache in front: which answers a shared cache may keep (and browsers
not), which nobody may, what a publish purges, and that the Varnish
configuration compiles.

Purges go to a real HTTP server on this machine that records them, standing in
for Varnish; nothing on the wire is mocked.
"""

import http.client
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest
from django.conf import settings as django_settings
from django.test import Client
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from site_core.models import SiteSettings
from site_core.purge import purge_after_commit
from tests.auth import sign_in
from tests.factories import ResourcePageFactory
from tests.s3 import free_port
from tests.sites import PublicSite

pytestmark = pytest.mark.django_db

VCL = Path(django_settings.BASE_DIR) / "deploy" / "varnish" / "default.vcl"


def directives(response):
    """The Cache-Control header as a dict: {"public": True, "s-maxage": "600"}."""
    found = {}
    for part in response.get("Cache-Control", "").split(","):
        name, _, value = part.strip().partition("=")
        if name:
            found[name.lower()] = value or True
    return found


def assert_shared(response, seconds):
    found = directives(response)
    assert found.get("public") is True, response.get("Cache-Control")
    assert found.get("s-maxage") == str(seconds), response.get("Cache-Control")
    assert "no-store" not in found and "private" not in found
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


def assert_never_stored(response):
    found = directives(response)
    assert "no-store" in found, response.get("Cache-Control")
    assert "public" not in found and "s-maxage" not in found


@pytest.fixture
def site(home):
    public = PublicSite(home)
    public.grow_to(2)
    return public


# Who may keep what ------------------------------------------------------------

SHARED_FOR_LONG = [
    "home",
    "resource index",
    "resource page",
    "event index",
    "legal forum",
    "news index",
    "news article",
    "news feed",
    "sitemap",
    "api pages",
    "api images",
]


@pytest.mark.parametrize("name", SHARED_FOR_LONG)
def test_public_pages_are_kept_by_the_shared_cache_not_the_browser(client, site, name):
    response = client.get(site.urls()[name])
    assert response.status_code == 200
    assert_shared(response, 600)
    assert directives(response)["max-age"] == "0"


def test_every_event_page_too(client, site):
    response = client.get(site.first_event.url)
    assert response.status_code == 200
    assert_shared(response, 600)


@pytest.mark.parametrize("name", ["calendar", "category feed", "event ics"])
def test_calendar_feeds_keep_their_own_freshness_for_calendar_apps(client, site, name):
    response = client.get(site.urls()[name])
    assert response.status_code == 200
    assert directives(response) == {"public": True, "max-age": "900"}
    assert not response.cookies


def test_a_missing_page_is_kept_briefly(client, site):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_shared(response, 60)


def test_the_shared_lifetime_comes_from_the_setting(client, site, settings):
    settings.HTTP_CACHE_SECONDS = 42
    assert_shared(client.get(site.home.url), 42)


@pytest.mark.parametrize("name", ["application form", "thank-you"])
def test_forms_and_thank_you_pages_are_never_stored(client, site, name):
    response = client.get(site.urls()[name])
    assert response.status_code == 200
    assert_never_stored(response)


def test_a_sent_application_is_never_stored(client, site):
    response = client.post(site.form.url, {"full_name": ""})
    assert response.status_code in (200, 302)
    assert_never_stored(response)


@pytest.mark.parametrize("method", ["get", "post"])
def test_search_is_never_stored(client, site, method):
    response = getattr(client, method)("/search/", {"q": "help"})
    assert_never_stored(response)


def test_a_post_to_a_public_page_is_never_stored(client, site):
    response = client.post(site.home.url)
    assert_never_stored(response)


def test_the_api_applications_answer_is_never_stored(client, site):
    response = client.post(
        f"/api/v2/forms/{site.form.pk}/submissions/",
        "{}",
        content_type="application/json",
    )
    assert_never_stored(response)


def test_the_admin_and_previews_are_never_stored(client, site, superuser):
    sign_in(client, superuser)
    assert_never_stored(client.get("/admin/"))
    preview = client.get(f"/admin/pages/{site.home.pk}/edit/preview/")
    assert preview.status_code == 200
    assert_never_stored(preview)


def test_a_signed_in_editor_sees_public_pages_kept_by_nobody(client, site, superuser):
    sign_in(client, superuser)
    response = client.get(site.home.url)
    assert response.status_code == 200
    assert_never_stored(response)


def test_an_answer_that_sets_a_cookie_is_never_shared(client, site):
    response = client.get(site.form.url)
    assert "csrftoken" in response.cookies
    assert_never_stored(response)


def test_a_page_behind_a_password_is_never_stored(client, site):
    restricted = ResourcePageFactory(parent=site.resources, title="Staff only")
    PageViewRestriction.objects.create(
        page=restricted,
        restriction_type=PageViewRestriction.PASSWORD,
        password="open-sesame",  # noqa: S106
    )
    form = client.get(restricted.url)
    assert form.status_code == 200
    assert_never_stored(form)
    restriction = PageViewRestriction.objects.get(page=restricted)
    client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{restricted.pk}/",
        {"password": "open-sesame", "return_url": restricted.url},
    )
    behind = client.get(restricted.url)
    assert behind.status_code == 200
    assert "Staff only" in behind.content.decode()
    assert_never_stored(behind)


# What a change purges ----------------------------------------------------------


class PurgeRecorder(http.server.BaseHTTPRequestHandler):
    """Answers PURGE and BAN as Varnish does, and remembers each one."""

    def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
        self.server.received.append(("PURGE", self.path, ""))
        self.answer()

    def do_BAN(self):  # noqa: N802
        self.server.received.append(("BAN", self.path, self.headers["X-Ban-Path"]))
        self.answer()

    def answer(self):
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purges(settings):
    """A recording purge server on localhost, named as the site's Varnish."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "varnish1": {
            "BACKEND": "site_core.purge.VarnishBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    try:
        yield server.received
    finally:
        server.shutdown()
        server.server_close()


def purged_paths(received):
    return {path for method, path, _ in received if method == "PURGE"}


def banned_prefixes(received):
    return {pattern for method, _, pattern in received if method == "BAN"}


def test_publishing_purges_the_page_and_everything_that_shows_it(
    site, purges, django_capture_on_commit_callbacks
):
    resource = site.first_resource
    with django_capture_on_commit_callbacks(execute=True):
        resource.save_revision().publish()
    paths = purged_paths(purges)
    for page in (resource, site.resources, site.home, site.events, site.forum):
        assert page.url in paths
    assert {site.news.url, f"{site.news.url}feed/", "/sitemap.xml"} <= paths
    assert banned_prefixes(purges) == {r"^/calendar/", r"^/api/v2/pages/"}
    # Nothing else: the other articles and events stay cached.
    assert site.first_article.url not in paths
    assert site.first_event.url not in paths


def test_unpublishing_and_deleting_purge_the_page_and_its_listings(
    site, purges, django_capture_on_commit_callbacks
):
    event = site.first_event
    with django_capture_on_commit_callbacks(execute=True):
        event.unpublish()
    assert {event.url, site.events.url, site.forum.url, site.home.url} <= (
        purged_paths(purges)
    )
    purges.clear()
    article = site.first_article
    article_url = article.url
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert {article_url, site.news.url, f"{site.news.url}feed/"} <= (
        purged_paths(purges)
    )


def test_nothing_is_purged_before_the_change_is_committed(
    site, purges, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        site.first_resource.save_revision().publish()
    assert purges == []
    assert callbacks


def test_moving_a_page_purges_the_whole_site(
    site, purges, django_capture_on_commit_callbacks
):
    # The page and every page below it change address: the old addresses are
    # dropped by the ban of every path, the new ones purged for CDNs.
    resource = site.first_resource
    with django_capture_on_commit_callbacks(execute=True):
        resource.move(site.forum, pos="last-child")
    assert ("BAN", "/", "^/") in purges
    assert Page.objects.get(pk=resource.pk).url in purged_paths(purges)


@pytest.mark.parametrize("change", ["settings", "site"])
def test_settings_or_a_site_changed_purge_the_whole_site(
    site, purges, django_capture_on_commit_callbacks, change
):
    default_site = Site.objects.get(is_default_site=True)
    with django_capture_on_commit_callbacks(execute=True):
        if change == "settings":
            SiteSettings.for_site(default_site).save()
        else:
            default_site.save()
    assert ("BAN", "/", "^/") in purges
    assert {site.home.url, site.first_event.url, site.first_article.url} <= (
        purged_paths(purges)
    )


def test_a_cache_that_is_down_does_not_stop_a_publish(
    site, settings, caplog, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "varnish1": {
            "BACKEND": "site_core.purge.VarnishBackend",
            "LOCATION": f"http://127.0.0.1:{free_port()}",  # nothing listens
        }
    }
    resource = site.first_resource
    resource.title = "Renamed while the cache is down"
    with django_capture_on_commit_callbacks(execute=True):
        resource.save_revision().publish()
    resource.refresh_from_db()
    assert resource.title == "Renamed while the cache is down"
    assert "Could not purge" in caplog.text


def test_a_publish_through_the_admin_reaches_the_cache(
    site, purges, superuser, django_capture_on_commit_callbacks
):
    client = Client()
    sign_in(client, superuser)
    resource = site.first_resource
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/pages/{resource.pk}/edit/",
            nested_form_data(
                {
                    "title": "Updated guide",
                    "slug": resource.slug,
                    "summary": resource.summary,
                    "body": streamfield([("paragraph", rich_text("<p>New.</p>"))]),
                    "action-publish": "action-publish",
                }
            ),
        )
    assert response.status_code == 302, response.context["form"].errors
    assert resource.url in purged_paths(purges)


# Configuration -----------------------------------------------------------------


def frontend_cache_setting(**environment):
    """WAGTAILFRONTENDCACHE as production reads it from ``environment``."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.WAGTAILFRONTENDCACHE))"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("FRONTEND_CACHE_")
    }
    env |= {"DJANGO_SETTINGS_MODULE": "mysistershouse.settings.dev", **environment}
    answer = subprocess.run(  # noqa: S603 (this interpreter, fixed code)
        [sys.executable, "-c", code],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(answer.stdout)


def test_with_no_cache_named_nothing_is_purged():
    assert frontend_cache_setting() == {}


def test_caches_are_named_by_environment_variables():
    configured = frontend_cache_setting(
        FRONTEND_CACHE_VARNISH_URLS="http://10.0.0.5:6081, http://10.0.0.6:6081",
        FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID="E123",
        FRONTEND_CACHE_CLOUDFLARE_ZONE_ID="zone",
        FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN="token",  # noqa: S106
    )
    assert [
        entry["LOCATION"] for key, entry in configured.items() if "varnish" in key
    ] == [
        "http://10.0.0.5:6081",
        "http://10.0.0.6:6081",
    ]
    assert configured["cloudfront"]["DISTRIBUTION_ID"] == "E123"
    assert configured["cloudflare"]["ZONEID"] == "zone"


def test_the_varnish_configuration_compiles(tmp_path):
    varnishd = installed_varnishd()
    # "-j none": no change of user, so the compiler may write in tmp_path.
    result = subprocess.run(  # noqa: S603 (the installed varnishd, our file)
        [varnishd, "-C", "-j", "none", "-n", str(tmp_path), "-f", str(VCL)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


# Varnish's own answers, in front of a stand-in app server -------------------------


class StandInApp(http.server.BaseHTTPRequestHandler):
    """Answers as the site does: a shareable page, a form, a health check."""

    protocol_version = "HTTP/1.1"
    ANSWERS = {
        "/healthz": "no-store",
        "/page/": "public, max-age=0, s-maxage=600",
        "/calendar/events.ics": "public, max-age=900, s-maxage=600",
        "/form/": "max-age=0, no-cache, no-store, must-revalidate, private",
    }

    def do_GET(self):  # noqa: N802 (the HTTP method's name)
        self.server.served.append(self.path)
        path = self.path.partition("?")[0]
        body = f"answer {len(self.server.served)}".encode()
        self.send_response(200 if path in self.ANSWERS else 404)
        self.send_header("Cache-Control", self.ANSWERS.get(path, "no-store"))
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET  # noqa: N815

    def log_message(self, *args):
        pass


def installed_varnishd():
    varnishd = shutil.which("varnishd") or shutil.which("/usr/sbin/varnishd")
    if varnishd is None:
        reason = "varnishd is not installed (Debian's varnish package)"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
        pytest.skip(reason)
    return varnishd


@pytest.fixture
def varnish(tmp_path):
    """Varnish with deploy/varnish/default.vcl, in front of StandInApp."""
    varnishd = installed_varnishd()
    app = http.server.ThreadingHTTPServer(("127.0.0.1", 0), StandInApp)
    app.served = []
    threading.Thread(target=app.serve_forever, daemon=True).start()
    config = tmp_path / "vcl"
    config.mkdir()
    shutil.copy(VCL, config / "default.vcl")
    backends = (VCL.parent / "backends.vcl").read_text()
    (config / "backends.vcl").write_text(
        backends.replace('"8000"', f'"{app.server_port}"')
    )
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 (the installed varnishd, our files)
        [varnishd, "-F", "-j", "none", "-n", str(tmp_path / "work")]
        + ["-a", f"127.0.0.1:{port}", "-f", str(config / "default.vcl")]
        + ["-s", "malloc,16m"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        address = f"http://127.0.0.1:{port}"
        wait_for(address, process)
        yield SimpleNamespace(address=address, app=app)
    finally:
        process.terminate()
        process.wait(timeout=10)
        app.shutdown()
        app.server_close()


def wait_for(address, process):
    for _ in range(100):
        if process.poll() is not None:
            pytest.fail(f"varnishd stopped: {process.stderr.read().decode()}")
        try:
            with urlopen(f"{address}/healthz", timeout=1) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    pytest.fail("varnishd did not answer within 10 seconds")


def fetch(address, path, method="GET", headers=None):
    request = Request(f"{address}{path}", method=method, headers=headers or {})  # noqa: S310
    try:
        with urlopen(request, timeout=5) as answer:  # noqa: S310
            return answer.status, dict(answer.headers), answer.read().decode()
    except HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_varnish_keeps_public_pages_and_passes_private_ones(varnish):
    first = fetch(varnish.address, "/page/")
    again = fetch(varnish.address, "/page/")
    assert (first[1]["X-Cache"], again[1]["X-Cache"]) == ("MISS", "HIT")
    assert again[2] == first[2]
    for _ in range(2):
        status, headers, _ = fetch(varnish.address, "/form/")
        assert headers["X-Cache"] == "PASS"
        assert "no-store" in headers["Cache-Control"]
    signed_in = {"Cookie": "sessionid=abc"}
    assert fetch(varnish.address, "/page/", headers=signed_in)[1]["X-Cache"] == "PASS"
    assert fetch(varnish.address, "/page/", headers={"Cookie": "csrftoken=x"})[1][
        "X-Cache"
    ] == ("PASS")
    # Any other cookie is dropped and the page shared.
    other = fetch(varnish.address, "/page/", headers={"Cookie": "theme=dark"})
    assert other[1]["X-Cache"] == "HIT"
    assert fetch(varnish.address, "/page/", method="POST")[1]["X-Cache"] == "PASS"
    for path in ("/admin/", "/search/", "/documents/1/"):
        assert fetch(varnish.address, path)[1]["X-Cache"] == "PASS"


def test_a_purge_drops_every_query_string_of_a_path(varnish):
    fetch(varnish.address, "/page/")
    fetch(varnish.address, "/page/?page=2")
    assert fetch(varnish.address, "/page/?page=2")[1]["X-Cache"] == "HIT"
    status, _, _ = fetch(varnish.address, "/page/", method="PURGE")
    assert status == 200
    assert fetch(varnish.address, "/page/")[1]["X-Cache"] == "MISS"
    assert fetch(varnish.address, "/page/?page=2")[1]["X-Cache"] == "MISS"


def test_a_ban_drops_every_address_below_a_prefix(varnish):
    fetch(varnish.address, "/calendar/events.ics")
    assert fetch(varnish.address, "/calendar/events.ics")[1]["X-Cache"] == "HIT"
    fetch(varnish.address, "/page/")
    status, _, _ = fetch(
        varnish.address,
        "/calendar/",
        method="BAN",
        headers={"X-Ban-Path": "^/calendar/"},
    )
    assert status == 200
    assert fetch(varnish.address, "/calendar/events.ics")[1]["X-Cache"] == "MISS"
    assert fetch(varnish.address, "/page/")[1]["X-Cache"] == "HIT"


def test_only_the_app_servers_may_purge(varnish):
    fetch(varnish.address, "/page/")
    port = int(varnish.address.rpartition(":")[2])
    # Another address of this machine, not in the "purgers" ACL.
    outsider = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=5, source_address=("127.0.0.2", 0)
    )
    try:
        outsider.request("PURGE", "/page/")
        assert outsider.getresponse().status == 403
    finally:
        outsider.close()
    assert fetch(varnish.address, "/page/")[1]["X-Cache"] == "HIT"


def test_the_apps_purger_talks_to_varnish(
    varnish, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "varnish1": {
            "BACKEND": "site_core.purge.VarnishBackend",
            "LOCATION": varnish.address,
        }
    }
    fetch(varnish.address, "/page/?page=2")
    fetch(varnish.address, "/calendar/events.ics")
    with django_capture_on_commit_callbacks(execute=True):
        purge_after_commit(
            [f"{varnish.address}/page/", f"{varnish.address}/calendar/*"]
        )
    assert fetch(varnish.address, "/page/?page=2")[1]["X-Cache"] == "MISS"
    assert fetch(varnish.address, "/calendar/events.ics")[1]["X-Cache"] == "MISS"
