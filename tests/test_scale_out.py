"""
The scale-out drill: on one machine, Varnish (the shipped deploy/varnish/default.vcl)
in front of two gunicorn app servers, A and B, with production settings, sharing
PostgreSQL, Redis and an S3 server (moto). Shown, step by step:

- an admin session made on A works on B;
- a page published through A's admin is served fresh through Varnish within a
  second (the purge reached it) and by B on the next request;
- an image uploaded through A renders from B;
- the application rate limit counts across A and B;
- form, thank-you, search, preview and admin pages are never stored by Varnish
  (their headers say so and Varnish's own X-Cache answer is never HIT);
- with A stopped, Varnish serves cached pages and sends everything else,
  applications included, to B, and every application is stored.

Needs PostgreSQL, Redis and Varnish (Debian's varnish package): without them it
skips and says why; with REQUIRE_SERVICES=1 (as CI sets) it fails instead.
One test with named steps, since its servers share one set of committed data.
"""

import io
import json
import re
import shutil
import time
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import Group, Permission
from PIL import Image as PILImage
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
)

from legal_forum.models import ApplicationSubmission
from legal_forum.models.applications import THANK_YOU_SLUG
from tests import s3
from tests.factories import (
    ApplicationFormFieldFactory,
    ApplicationFormPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
)
from tests.s3 import free_port
from tests.servers import Gunicorn, Varnish, request, require_services

# The servers need committed data; restore the migrations' rows after the flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHIPPED_VCL = Path(settings.BASE_DIR) / "deploy" / "varnish" / "default.vcl"
LIMIT = 5
PASSWORD = "drill password for a publisher"  # noqa: S105
ANSWERS = {"full_name": "Ada Lovelace", "email_address": "ada@example.org"}


def backends_vcl(port_a, port_b):
    """
    The two app servers for the shipped VCL, in place of its one-server
    backends.vcl: probed every half second, so a stopped one is out within ~1 s.
    """
    backends = "\n".join(
        f"""backend app_{name} {{
    .host = "127.0.0.1";
    .port = "{port}";
    .probe = healthz;
}}"""
        for name, port in (("a", port_a), ("b", port_b))
    )
    return f"""probe healthz {{
    .request =
        "GET /healthz HTTP/1.1"
        "Host: 127.0.0.1"
        "Connection: close";
    .interval = 0.5s;
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}}

{backends}

sub vcl_init {{
    new app_servers = directors.round_robin();
    app_servers.add_backend(app_a);
    app_servers.add_backend(app_b);
}}
"""


@pytest.fixture(scope="module")
def cluster(django_db_setup, django_db_blocker, tmp_path_factory):
    """Moto, app servers A and B, and Varnish in front; all stopped at the end."""
    require_services(varnish=True)
    assert SHIPPED_VCL.exists(), f"the drill tests the shipped VCL: {SHIPPED_VCL}"
    started = []
    try:
        moto = s3.MotoServer()
        started.append(moto)
        bucket = moto.new_bucket()
        # The shipped VCL includes "./backends.vcl" from its own folder: a copy
        # of it next to the drill's backends.vcl loads the drill's app servers.
        folder = tmp_path_factory.mktemp("varnish")
        shutil.copy(SHIPPED_VCL, folder / "default.vcl")
        port_a, port_b, varnish_port = free_port(), free_port(), free_port()
        (folder / "backends.vcl").write_text(backends_vcl(port_a, port_b))
        varnish_url = f"http://127.0.0.1:{varnish_port}"
        env = {
            "DJANGO_SETTINGS_MODULE": "tests.scale_out_settings",
            "SECRET_KEY": uuid.uuid4().hex * 2,
            "SITE_URL": varnish_url,
            "REDIS_URL": settings.CACHES["default"]["LOCATION"],
            "SECURE_SSL_REDIRECT": "false",
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": moto.endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_ACCESS_KEY_ID": s3.ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": s3.SECRET_KEY,
            "FRONTEND_CACHE_VARNISH_URLS": varnish_url,
            "APPLICATION_RATE_LIMIT": str(LIMIT),
            "APPLICATION_RATE_WINDOW": "600",
            # Varnish adds the visitor's address to X-Forwarded-For.
            "TRUSTED_PROXY_COUNT": "1",
            "LOG_LEVEL": "WARNING",
        }
        # Both start at once; then each is waited for.
        a = Gunicorn(env, port=port_a, workers=1, wait=False)
        started.append(a)
        b = Gunicorn(env, port=port_b, workers=1, wait=False)
        started.append(b)
        a.wait_until_up()
        b.wait_until_up()
        varnish = Varnish(folder / "default.vcl", [folder], folder, port=varnish_port)
        started.append(varnish)
        yield SimpleNamespace(a=a, b=b, varnish=varnish, moto=moto)
    finally:
        for server in reversed(started):
            server.stop()


class Browser:
    """
    One person's browser: keeps the cookies it is given, Secure ones too (the
    drill speaks plain HTTP to localhost), and sends them to every server.
    """

    def __init__(self):
        self.cookies = {}

    def send(self, url, data=None, headers=None, method=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        status, body, answer = request(url, data, headers, method, timeout=30)
        for cookie in answer.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if value and "01 Jan 1970" not in cookie:
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        return status, body, answer

    def get(self, url):
        return self.send(url)

    def post_form(self, url, fields, page_url=None):
        """POST ``fields`` with the CSRF token of the form at ``page_url``."""
        token = self.csrf_token(page_url or url)
        body = "&".join(
            f"{key}={value}"
            for key, value in {**fields, "csrfmiddlewaretoken": token}.items()
        )
        return self.send(
            url,
            body.encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )

    def csrf_token(self, page_url):
        status, page, _ = self.get(page_url)
        assert status == 200, f"{page_url} answered {status}"
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert found, f"no CSRF token in {page_url}"
        return found[1].decode()


def multipart(fields, files):
    """A multipart/form-data body and its Content-Type."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
            f"\r\n\r\n{value}\r\n".encode()
        )
    for name, (filename, content, content_type) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def png():
    buffer = io.BytesIO()
    PILImage.new("RGB", (640, 480), (120, 40, 90)).save(buffer, "PNG")
    return buffer.getvalue()


def wait_for(condition, timeout, message):
    """Poll ``condition()`` until it is true, for at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(message)


def publisher():
    """Someone who may publish pages and upload images (no second step needed)."""
    group = Group.objects.create(name="Drill publishers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=Page.get_first_root_node(),
            permission=Permission.objects.get(
                codename=codename, content_type__app_label="wagtailcore"
            ),
        )
    for codename in ("add_image", "change_image", "choose_image"):
        GroupCollectionPermission.objects.create(
            group=group,
            collection=Collection.get_first_root_node(),
            permission=Permission.objects.get(
                codename=codename, content_type__app_label="wagtailimages"
            ),
        )
    user = get_user_model().objects.create(username="publisher", is_active=True)
    # Hashed as production hashes: the app servers do not know the tests' hasher.
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, uuid.uuid4().hex)
    user.save()
    user.groups.add(group)
    return user


def form_page(parent, slug):
    page = ApplicationFormPageFactory(parent=parent, slug=slug)
    ApplicationFormFieldFactory(page=page, label="Full name", sort_order=0)
    ApplicationFormFieldFactory(
        page=page, label="Email address", field_type="email", sort_order=1
    )
    return page


@pytest.fixture
def content(cluster, home):
    """The site the drill serves, at Varnish's address, as bootstrap_site would."""
    Site.objects.filter(is_default_site=True).update(
        hostname="127.0.0.1", port=cluster.varnish.port
    )
    resources = ResourceIndexPageFactory(parent=home, slug="resources")
    return SimpleNamespace(
        home=home,
        resource=ResourcePageFactory(
            parent=resources, slug="shelter", title="Shelter tonight"
        ),
        other=ResourcePageFactory(parent=resources, slug="legal", title="Legal aid"),
        counted_form=form_page(home, "apply"),
        failover_form=form_page(home, "apply-again"),
        user=publisher(),
    )


def test_scale_out_drill(cluster, content):
    a, b, varnish = cluster.a.url, cluster.b.url, cluster.varnish.url
    staff = Browser()

    # Step 1: an admin session made on A works on B.
    status, _, _ = staff.post_form(
        f"{a}/admin/login/",
        {"username": "publisher", "password": PASSWORD, "next": "/admin/"},
    )
    assert status == 302, f"signing in on A answered {status}, not a redirect"
    assert "sessionid" in staff.cookies, "signing in on A gave no session cookie"
    for name, server in (("A", a), ("B", b)):
        status, page, _ = staff.get(f"{server}/admin/")
        assert status == 200, f"the admin on {name} answered {status} to the session"
        assert b"publisher" in page, f"the admin on {name} does not know who this is"

    # Step 2: a page published through A is fresh through Varnish and on B.
    page_url = f"{varnish}{content.resource.url}"
    request(page_url)
    status, page, headers = request(page_url)
    assert status == 200
    assert headers["X-Cache"] == "HIT", "Varnish did not keep the public page"
    assert b"Shelter tonight" in page
    draft = content.resource.specific
    draft.title = "Shelter open tonight"
    draft.save_revision()
    status, _, _ = staff.post_form(
        f"{a}/admin/bulk/wagtailcore/page/publish/?id={draft.pk}",
        {"include_descendants": ""},
        page_url=f"{a}/admin/bulk/wagtailcore/page/publish/?id={draft.pk}",
    )
    assert status == 302, f"publishing through A answered {status}"
    wait_for(
        lambda: b"Shelter open tonight" in request(page_url)[1],
        timeout=1,
        message="the published page was not served fresh through Varnish within 1 s",
    )
    status, page, _ = request(f"{b}{content.resource.url}")
    assert b"Shelter open tonight" in page, "B did not serve the page published on A"

    # Step 3: an image uploaded through A renders from B.
    body, content_type = multipart(
        {"csrfmiddlewaretoken": staff.csrf_token(f"{a}/admin/images/multiple/add/")},
        {"files[]": ("drill.png", png(), "image/png")},
    )
    status, answer, _ = staff.send(
        f"{a}/admin/images/multiple/add/",
        body,
        {"Content-Type": content_type, "X-Requested-With": "XMLHttpRequest"},
    )
    assert status == 200, f"uploading through A answered {status}"
    image_id = json.loads(answer)["image_id"]
    status, page, _ = staff.get(f"{b}/admin/images/{image_id}/")
    assert status == 200, f"B's admin answered {status} for the image uploaded on A"
    rendition = re.search(rb'<img[^>]+src="(http[^"]+/public/[^"]+)"', page)
    assert rendition, "B's admin shows no rendition of the image uploaded on A"
    status, picture, _ = request(rendition[1].decode())
    assert status == 200, f"the rendition B made answered {status}"
    assert picture[:4] in (b"\x89PNG", b"RIFF") or picture[:2] == b"\xff\xd8"

    # Step 4: the rate limit counts across A and B.
    api = f"/api/v2/forms/{content.counted_form.pk}/submissions/"
    statuses = [
        request(
            f"{server}{api}",
            json.dumps(ANSWERS).encode(),
            {"Content-Type": "application/json"},
        )[0]
        for server in [a, b] * (LIMIT // 2 + 2)
    ]
    accepted = [status for status in statuses if status == 201]
    assert statuses[: len(accepted)] == [201] * LIMIT, statuses
    assert set(statuses[LIMIT:]) == {429}, f"A and B counted apart: {statuses}"
    stored = ApplicationSubmission.objects.filter(page=content.counted_form).count()
    assert stored == LIMIT

    # Step 5: form, thank-you, search, preview and admin pages are never stored.
    visitor = Browser()
    form_url = f"{varnish}{content.failover_form.url}"
    status, _, headers = visitor.post_form(form_url, ANSWERS)
    assert status == 302, f"an application through Varnish answered {status}"
    assert headers["Location"].endswith(f"/{THANK_YOU_SLUG}/")
    private = {
        "form page": (Browser(), form_url),
        "thank-you page": (Browser(), f"{form_url}{THANK_YOU_SLUG}/"),
        "search results": (Browser(), f"{varnish}/search/?query=shelter"),
        "preview": (staff, f"{varnish}/admin/pages/{draft.pk}/view_draft/"),
        "admin page": (staff, f"{varnish}/admin/"),
    }
    for what, (browser, url) in private.items():
        for _ in range(2):
            status, _, headers = browser.get(url)
            assert status == 200, f"the {what} answered {status}"
            cache_control = headers.get("Cache-Control", "")
            assert "no-store" in cache_control or "private" in cache_control, (
                f"the {what} lets a shared cache keep it: {cache_control!r}"
            )
            assert headers["X-Cache"] != "HIT", f"Varnish stored the {what}"
            assert headers.get("Age", "0") == "0", f"Varnish aged the {what}"

    # Step 6: with A stopped, cached pages are served and applications go to B.
    cluster.a.stop()
    wait_for(
        lambda: re.search(r"app_a\s.*\bsick\b", cluster.varnish.admin("backend.list")),
        timeout=5,
        message="Varnish's health check did not notice A had stopped within 5 s",
    )
    status, page, headers = request(page_url)
    assert (status, headers["X-Cache"]) == (200, "HIT"), "the cached page was lost"
    status, page, _ = request(f"{varnish}{content.other.url}")
    assert status == 200 and b"Legal aid" in page, "B did not serve a new request"
    before = ApplicationSubmission.objects.filter(page=content.failover_form).count()
    sent = LIMIT - before
    for _ in range(sent):
        status, _, _ = Browser().post_form(form_url, ANSWERS)
        assert status == 302, f"an application with A stopped answered {status}"
    stored = ApplicationSubmission.objects.filter(page=content.failover_form).count()
    assert stored == before + sent, "an application was lost when A stopped"
    for server in (cluster.a, cluster.b):
        assert "Traceback" not in server.errors(), server.errors()
