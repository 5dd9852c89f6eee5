"""
``/api/openapi.json`` is a sound OpenAPI 3.1 document, and real responses of every
page type, the media endpoints and the submission endpoint match what it says.

jsonschema and openapi-spec-validator come with moto[server] (requirements-dev).
"""

import json

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_spec
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from legal_forum.models import ApplicationFormPage
from mysistershouse.openapi import PAGE_TYPES
from tests.api_content import ApiContent

pytestmark = pytest.mark.django_db

HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


@pytest.fixture
def document(client, settings):
    settings.WAGTAILAPI_BASE_URL = "https://www.example.org"
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def validator(document, schema_name):
    """Validates against one of the document's component schemas, $refs and all."""
    registry = Registry().with_resource(
        "urn:openapi",
        Resource.from_contents(document, default_specification=DRAFT202012),
    )
    return Draft202012Validator(
        {"$ref": f"urn:openapi#/components/schemas/{schema_name}"}, registry=registry
    )


def assert_matches(document, schema_name, instance):
    errors = [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator(document, schema_name).iter_errors(instance)
    ]
    assert not errors, f"{schema_name}: {errors}"


def refs_in(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from refs_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from refs_in(item)


def resolve(document, pointer):
    assert pointer.startswith("#/"), pointer
    node = document
    for part in pointer[2:].split("/"):
        node = node[part]
    return node


class TestDocument:
    def test_top_level(self, document):
        assert document["openapi"].startswith("3.1")
        assert {"openapi", "info", "paths", "components"} <= set(document)
        assert {"title", "version"} <= set(document["info"])
        assert document["servers"] == [{"url": "https://www.example.org"}]

    def test_every_operation_has_responses(self, document):
        operations = 0
        for path, item in document["paths"].items():
            for method in set(item) & HTTP_METHODS:
                assert item[method]["responses"], f"{method} {path}"
                operations += 1
        assert operations >= 9

    def test_every_ref_resolves(self, document):
        refs = set(refs_in(document))
        assert len(refs) > 20
        for pointer in refs:
            assert isinstance(resolve(document, pointer), dict), pointer

    def test_is_valid_openapi(self, document):
        validate_spec(document)

    def test_submission_endpoint_lists_every_status(self, document):
        post = document["paths"]["/api/v2/forms/{page_id}/submissions/"]["post"]
        assert set(post["responses"]) == {
            "201",
            "400",
            "404",
            "405",
            "413",
            "415",
            "422",
            "429",
        }
        assert "Retry-After" in post["responses"]["429"]["headers"]
        headers = [p["name"] for p in post["parameters"] if p["in"] == "header"]
        assert headers == ["Idempotency-Key"]

    def test_every_page_type_and_its_fields_are_described(self, document):
        from wagtail.models import get_page_models

        described = {}
        for model in get_page_models():
            if model._meta.app_label == "wagtailcore":
                continue
            label = f"{model._meta.app_label}.{model.__name__}"
            schema = document["components"]["schemas"][model.__name__]
            described[label] = set(schema["properties"])
            api_fields = {field.name for field in model.api_fields}
            assert api_fields | {"id", "meta", "title"} == described[label], label
        assert set(described) == set(PAGE_TYPES)


class TestResponsesMatchTheDocument:
    def test_every_page_types_detail(self, client, home, document):
        content = ApiContent(home)
        pages = [
            content.home,
            content.resources,
            content.resource,
            content.events,
            content.meeting,
            content.conference,
            content.forum,
            content.form,
        ]
        for page in pages:
            data = client.get(f"/api/v2/pages/{page.pk}/").json()
            assert_matches(document, page.specific_class.__name__, data)
            assert_matches(document, "Page", data)

    def test_listings_and_media(self, client, home, document):
        content = ApiContent(home)
        for url in ("/api/v2/pages/", "/api/v2/pages/?type=events.EventPage&when=past"):
            assert_matches(document, "PageListing", client.get(url).json())
        assert_matches(document, "ImageListing", client.get("/api/v2/images/").json())
        assert_matches(
            document, "Image", client.get(f"/api/v2/images/{content.image.pk}/").json()
        )
        documents = client.get("/api/v2/documents/").json()
        assert_matches(document, "DocumentListing", documents)
        assert_matches(document, "Document", documents["items"][0])
        error = client.get("/api/v2/pages/?when=soon").json()
        assert_matches(document, "Message", error)

    def test_submission_answers(self, client, home, document, settings):
        content = ApiContent(home)
        form = ApplicationFormPage.objects.get(pk=content.form.pk)
        url = f"/api/v2/forms/{form.pk}/submissions/"
        body = {
            "full_name": "Ada",
            "email_address": "ada@example.org",
            "practice_areas": ["Immigration"],
            "i_agree": True,
        }
        assert_matches(document, "SubmissionAnswers", body)
        receipt = client.post(url, json.dumps(body), content_type="application/json")
        assert receipt.status_code == 201
        assert_matches(document, "SubmissionReceipt", receipt.json())
        errors = client.post(url, "{}", content_type="application/json")
        assert errors.status_code == 400
        assert_matches(document, "SubmissionErrors", errors.json())
        refused = client.post(url, "x", content_type="text/plain")
        assert_matches(document, "Message", refused.json())
        settings.APPLICATION_RATE_LIMIT = (1, 600)
        limited = client.post(url, json.dumps(body), content_type="application/json")
        assert limited.status_code == 429
        assert_matches(document, "RateLimited", limited.json())

    def test_the_schemas_are_strict_enough_to_catch_a_change(
        self, client, home, document
    ):
        content = ApiContent(home)
        data = client.get(f"/api/v2/pages/{content.meeting.pk}/").json()
        data["to_address"] = "coordinator@example.org"
        assert list(validator(document, "EventPage").iter_errors(data))
        del data["to_address"]
        data["body"].append({"type": "video", "value": "x", "id": "1"})
        assert list(validator(document, "EventPage").iter_errors(data))


class TestWhatSchemathesisFound:
    """What test_api_schemathesis found: answers the document got wrong, errors."""

    @pytest.mark.parametrize(
        "method, path",
        [
            ("GET", "/api/v2/pages/null,null/"),
            ("GET", "/api/v2/images/abc/"),
            ("GET", "/api/v2/no-such-endpoint/"),
            ("POST", "/api/v2/forms/null,null/submissions/"),
            ("OPTIONS", "/api/v2/forms/null,null/submissions/"),
            ("GET", "/api/v2/pages/99999999999999999999/"),
            ("POST", "/api/v2/forms/99999999999999999999/submissions/"),
        ],
    )
    def test_every_api_404_is_json(self, client, home, document, method, path):
        response = client.generic(method, path, "{}", content_type="application/json")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert_matches(document, "Message", response.json())

    def test_the_rest_of_the_site_keeps_its_html_404(self, client, home):
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        assert response["Content-Type"].startswith("text/html")

    def test_the_document_answers_only_get(self, client, home, document):
        response = client.post("/api/openapi.json")
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD"
        assert_matches(document, "Message", response.json())

    @pytest.mark.parametrize(
        "query",
        ["search=a%00b", "fields=%00", "offset=99999999999999999999"],
    )
    def test_what_no_database_takes_is_a_400(self, client, home, document, query):
        for endpoint in ("pages", "images", "documents"):
            response = client.get(f"/api/v2/{endpoint}/?{query}")
            assert response.status_code == 400, endpoint
            assert_matches(document, "Message", response.json())

    def test_quotes_in_a_search_are_words(self, client, api_content):
        for search in ('"', 'a"b', '"Legal Forum"', "  "):
            response = client.get("/api/v2/pages/", {"search": search})
            assert response.status_code == 200, search

    def test_the_parameters_say_what_is_refused(self, document):
        listing = document["paths"]["/api/v2/pages/"]["get"]["parameters"]
        schemas = {parameter["name"]: parameter["schema"] for parameter in listing}
        assert schemas["limit"] == {"type": "integer", "minimum": 0, "maximum": 100}
        assert schemas["offset"]["minimum"] == 0
        fields = Draft202012Validator(schemas["fields"])
        for allowed in ("", "*", "*,-title", "_,title", "title,-slug", "summary"):
            assert fields.is_valid(allowed), allowed
        for refused in ("*,title", "_,-title", "title,*", "meta", "title,"):
            assert not fields.is_valid(refused), refused
        order = Draft202012Validator(schemas["order"])
        assert order.is_valid("random") and order.is_valid("-title,id")
        assert not order.is_valid("random,title")
