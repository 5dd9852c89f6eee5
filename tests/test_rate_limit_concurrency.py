"""
The application rate limit holds under concurrency: gunicorn with two worker
processes of four threads each, PostgreSQL and Redis, and twenty posts from one
address arriving at once. Exactly the limit are stored; the rest are told 429.

Needs PostgreSQL (DATABASE_URL) and Redis (TEST_REDIS_URL). Without them the
tests skip and say why; with REQUIRE_SERVICES=1 (as CI sets) they fail instead.
"""

import json
import re
import threading
import urllib.parse
from collections import Counter

import pytest
from django.conf import settings

from legal_forum.models import ApplicationSubmission
from tests.factories import ApplicationFormFieldFactory, ApplicationFormPageFactory
from tests.servers import Gunicorn, request, require_services

# The server needs committed data; restore the migrations' rows (Wagtail's root
# page, the default site) after each test's flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LIMIT = 5
POSTS = 20
ANSWERS = {"full_name": "Ada Lovelace", "email_address": "ada@example.org"}


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
    gunicorn = Gunicorn(
        {
            "APPLICATION_RATE_LIMIT": str(LIMIT),
            "APPLICATION_RATE_WINDOW": "600",
            "TRUSTED_PROXY_COUNT": "0",
        }
    )
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
