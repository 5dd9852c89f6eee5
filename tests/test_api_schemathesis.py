"""
The API and its OpenAPI document agree, as schemathesis finds by generating
requests from the document and sending them to the site in-process.

The document is read from ``/api/openapi.json``; the requests go to the site's
WSGI application, in this test's own database transaction, against the starter
site plus the events, image and document of the API guide (``GuideSite``).

Checks, and why each one says "the document and the API agree":

- ``not_a_server_error``: nothing a client may send is a 500;
- ``status_code_conformance`` and ``content_type_conformance``: every answer, errors
  included, has a status and a content type the document lists for the operation;
- ``response_schema_conformance`` and ``response_headers_conformance``: every body
  and documented header matches its schema;
- ``positive_data_acceptance``: a request the document allows is not refused as
  malformed (400), so the document states every rule the API enforces;
- ``negative_data_rejection``: a request the document forbids is refused, so the
  document forbids nothing the API accepts;
- ``unsupported_method`` and ``allow_header_conformance``: methods the document
  does not list are answered 405 with an Allow header that matches it.

The stateful checks (resources created then deleted, authentication) do not apply:
the API is read-only but for one write that creates nothing a client can read back.

Some rules of the pages listing join two parameters, or a parameter and the
content, which a schema cannot say; the document says them in words, and a
request that breaks one (``breaks_a_rule_in_words``) is checked for all but
``positive_data_acceptance``: its 400 must still be documented JSON.

Answers to a form are judged by that form's questions, which the document gives
per form page (``form_fields``), not per operation: a 400 listing what to correct
is the right answer to answers of the right shape, so the submission operation
alone expects 400 for valid data.
"""

import datetime
from contextlib import contextmanager

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from schemathesis.checks import load_all_checks
from schemathesis.pytest.lazy import get_all_tests
from schemathesis.specs.openapi.checks import positive_data_acceptance

from events.models import EventCategory
from legal_forum.models import ApplicationSubmission
from tests.guide_site import GuideSite

pytestmark = pytest.mark.django_db

SUBMISSIONS = "/api/v2/forms/{page_id}/submissions/"
CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
    "positive_data_acceptance",
    "negative_data_rejection",
    "unsupported_method",
    "allow_header_conformance",
]
CONFIG = {
    "seed": 20260531,
    "suppress-health-check": ["all"],
    "generation": {
        "mode": "all",
        "max-examples": 12,
        "deterministic": True,
        "no-shrink": True,
    },
    "phases": {
        "examples": {"enabled": True},
        "coverage": {"enabled": True},
        "fuzzing": {"enabled": True},
        "stateful": {"enabled": False},
    },
    "checks": {
        "enabled": False,
        **{name: {"enabled": True} for name in CHECKS},
    },
    "operations": [
        {
            "include-path": SUBMISSIONS,
            "checks": {
                # 422: a generated Idempotency-Key may come again with other
                # answers, which the document says is refused.
                "positive_data_acceptance": {
                    "expected-statuses": ["2xx", "400", "404", "422", "429"]
                }
            },
        }
    ],
}


@contextmanager
def requests_keep_the_connection():
    """
    As Django's test client does, requests to the site leave this test's database
    connection open (it holds the test's transaction). The test client connects
    the handlers again after each of its requests: use it before, not within.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def is_a_day(text):
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


class WordedRules:
    """The pages listing's rules that the document states in words only."""

    def __init__(self, document, client):
        self.fields = document["components"]["schemas"]
        self.common = {"id", "title", *self.fields["PageMeta"]["properties"]}
        self.categories = set(EventCategory.objects.values_list("slug", flat=True))
        listed = client.get("/api/v2/pages/?limit=100").json()["items"]
        self.pages = {page["id"] for page in listed}

    def own_fields(self, page_type):
        name = page_type.rpartition(".")[2]
        return set(self.fields.get(name, {}).get("properties", ()))

    def broken_by(self, case):
        query = {name: str(value) for name, value in (case.query or {}).items()}
        # Random order goes with neither offset nor search, in any listing.
        if "random" in query.get("order", "").split(",") and {"offset", "search"} & set(
            query
        ):
            return True
        if case.operation.path != "/api/v2/pages/":
            return False
        page_type = query.get("type", "")
        named = {
            name.lstrip("-")
            for parameter in ("fields", "order")
            for name in query.get(parameter, "").split(",")
        } - {"", "*", "_", "random"}
        return any(
            [
                # when and category need type=events.EventPage ...
                {"when", "category"} & set(query) and page_type != "events.EventPage",
                # ... category names a category, and does not go with search;
                "category" in query
                and ("search" in query or query["category"] not in self.categories),
                # tag and date need type=news.NewsArticlePage; tag does not go
                # with search, date is a real day, and articles are not sorted
                # by their tags;
                {"tag", "date"} & set(query) and page_type != "news.NewsArticlePage",
                "tag" in query and "search" in query,
                "date" in query and not is_a_day(query["date"]),
                page_type == "news.NewsArticlePage" and "tags" in named,
                # child_of and descendant_of name a public page, and not together;
                {"child_of", "descendant_of"} <= set(query),
                any(
                    query.get(name, "0").isdigit()
                    and int(query[name]) not in self.pages
                    for name in ("child_of", "descendant_of")
                    if name in query
                ),
                # a page type's own fields need ?type= naming just that type.
                bool(named - self.common - self.own_fields(page_type)),
            ]
        )


def flatten(error):
    if isinstance(error, BaseExceptionGroup):
        for inner in error.exceptions:
            yield from flatten(inner)
    else:
        yield error


def load_schemas(client, form):
    """
    The document, as schemathesis sees it twice: every operation as it comes, and
    the submission endpoint again with the id of a real form, so that answers of
    every shape reach the whole pipeline (and, after a while, the rate limit).
    """
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    config = schemathesis.Config.from_dict(CONFIG)
    to_a_form = schemathesis.Config.from_dict(
        {**CONFIG, "parameters": {"path.page_id": form.pk}}
    )
    return [
        schemathesis.openapi.from_dict(document, config=config),
        schemathesis.openapi.from_dict(document, config=to_a_form).include(
            path=SUBMISSIONS
        ),
    ]


@pytest.fixture
def guide_site(db):
    """
    The API guide's site. Its uploads are removed afterwards: the file storage
    outlives the test's transaction, and a later upload of the same name would
    get another file name.
    """
    site = GuideSite()
    yield site
    site.document.file.delete(save=False)
    site.image.file.delete(save=False)


def test_the_api_answers_as_its_document_says(client, settings, guide_site):
    settings.WAGTAILAPI_BASE_URL = "http://testserver"
    settings.APPLICATION_RATE_LIMIT = (40, 600)
    site = guide_site
    schemas = load_schemas(client, site.pro_bono)
    rules = WordedRules(schemas[0].raw_schema, client)
    load_all_checks()
    site_app = WSGIHandler()
    cases, failures, found = [], [], []

    def call_and_validate(case):
        cases.append(case)
        excluded = [positive_data_acceptance] if rules.broken_by(case) else []
        try:
            case.call_and_validate(app=site_app, excluded_checks=excluded)
        except BaseExceptionGroup as group:
            found.append(str(group))
            raise

    tests = [
        test
        for schema in schemas
        for test in get_all_tests(
            schema=schema, test_func=call_and_validate, settings=None, given_kwargs={}
        )
    ]
    with requests_keep_the_connection():
        for result in tests:
            operation, run_cases = result.ok()
            try:
                run_cases()
            except (Exception, BaseExceptionGroup) as error:
                failures.extend(f"{operation.label}: {f}" for f in flatten(error))
    posted = ApplicationSubmission.objects.filter(page=site.pro_bono).count()
    print(f"{len(cases)} cases, {len(failures)} failures, {posted} stored")  # noqa: T201
    assert not failures, "\n\n".join(dict.fromkeys(found))
