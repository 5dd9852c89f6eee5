"""
The application rate limit holds under concurrency: gunicorn with two worker
processes of four threads each, PostgreSQL and Redis, and twenty posts from one
address arriving at once. Exactly the limit are stored; the rest are told 429.

Needs PostgreSQL (DATABASE_URL) and Redis (TEST_REDIS_URL). Without them the
tests skip and say why; with REQUIRE_SERVICES=1 (as CI sets) they fail instead.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

from legal_forum.models import ApplicationSubmission
from tests.factories import ApplicationFormFieldFactory, ApplicationFormPageFactory
from tests.s3 import free_port

# The server needs committed data; restore the migrations' rows (Wagtail's root
# page, the default site) after each test's flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LIMIT = 5
POSTS = 20
ANSWERS = {"full_name": "Ada Lovelace", "email_address": "ada@example.org"}


def require_services():
    """Skip (or fail, with REQUIRE_SERVICES=1) unless PostgreSQL and Redis are here."""
    missing = []
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        missing.append("PostgreSQL (set DATABASE_URL=postgres://...)")
    if not os.environ.get("TEST_REDIS_URL"):
        missing.append("Redis (set TEST_REDIS_URL=redis://...)")
    if missing:
        reason = "the concurrency test needs " + " and ".join(missing)
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
        pytest.skip(reason)


def database_url():
    """A URL for the test database this run created, for the server to use."""
    database = settings.DATABASES["default"]
    user = urllib.parse.quote(database["USER"] or "", safe="")
    password = urllib.parse.quote(database["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host = database["HOST"] or "localhost"
    port = f":{database['PORT']}" if database["PORT"] else ""
    return f"postgres://{credentials}{host}{port}/{database['NAME']}"


class Gunicorn:
    """gunicorn serving the site on a free localhost port; stderr kept in a file."""

    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.stderr = tempfile.TemporaryFile()
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "mysistershouse.settings.test",
            "DATABASE_URL": database_url(),
            "TEST_REDIS_URL": os.environ["TEST_REDIS_URL"],
            "APPLICATION_RATE_LIMIT": str(LIMIT),
            "APPLICATION_RATE_WINDOW": "600",
            "TRUSTED_PROXY_COUNT": "0",
        }
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [
                sys.executable,
                "-m",
                "gunicorn",
                "mysistershouse.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--worker-class",
                "gthread",
                "--threads",
                "4",
                "--timeout",
                "60",
            ],
            cwd=Path(settings.BASE_DIR),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self.stderr,
        )
        self.wait_until_up()

    def wait_until_up(self, timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                # Any HTTP answer at all means a worker is serving requests.
                status, *_ = request(f"{self.url}/api/v2/forms/0/submissions/")
                if status == 405:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not start:\n{self.errors()}")

    def errors(self):
        self.stderr.seek(0)
        return self.stderr.read().decode(errors="replace")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.stderr.close()


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """Report a redirect as the answer instead of following it."""

    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirects)


def request(url, data=None, headers=None):
    """(status, body, headers) of one request, whatever its status."""
    outgoing = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
    try:
        with OPENER.open(outgoing, timeout=60) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


def all_at_once(send):
    """Call ``send()`` from POSTS threads released together; their statuses."""
    start = threading.Barrier(POSTS)
    statuses = []

    def worker():
        start.wait()
        statuses.append(send()[0])

    threads = [threading.Thread(target=worker) for _ in range(POSTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return Counter(statuses)


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker):
    require_services()
    gunicorn = Gunicorn()
    try:
        yield gunicorn
    finally:
        gunicorn.stop()


@pytest.fixture
def two_question_form(home):
    page = ApplicationFormPageFactory(parent=home, slug="apply")
    ApplicationFormFieldFactory(page=page, label="Full name", sort_order=0)
    ApplicationFormFieldFactory(
        page=page, label="Email address", field_type="email", sort_order=1
    )
    return page


def assert_no_tracebacks(server):
    errors = server.errors()
    assert "Traceback" not in errors, errors
    assert "Internal Server Error" not in errors, errors


def test_concurrent_api_posts_store_exactly_the_limit(server, two_question_form):
    body = json.dumps(ANSWERS).encode()
    url = f"{server.url}/api/v2/forms/{two_question_form.pk}/submissions/"
    headers = {"Content-Type": "application/json"}

    statuses = all_at_once(lambda: request(url, body, headers))

    assert statuses == {201: LIMIT, 429: POSTS - LIMIT}
    assert ApplicationSubmission.objects.filter(page=two_question_form).count() == LIMIT
    assert_no_tracebacks(server)


def test_concurrent_html_posts_store_exactly_the_limit(server, two_question_form):
    url = f"{server.url}{two_question_form.url}"
    status, page, headers = request(url)
    assert status == 200
    # The token in the page goes with the cookie it was issued with.
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    (cookie,) = [
        header.split(";", 1)[0]
        for header in headers.get_all("Set-Cookie")
        if header.startswith(f"{settings.CSRF_COOKIE_NAME}=")
    ]
    body = urllib.parse.urlencode(
        {**ANSWERS, "csrfmiddlewaretoken": token.decode()}
    ).encode()
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": cookie,
    }

    statuses = all_at_once(lambda: request(url, body, headers))

    # Accepted applications are redirected to the thank-you page.
    assert statuses == {302: LIMIT, 429: POSTS - LIMIT}
    assert ApplicationSubmission.objects.filter(page=two_question_form).count() == LIMIT
    assert_no_tracebacks(server)
