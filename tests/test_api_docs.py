"""
docs/API.md tells the truth: every curl example in it runs against the site, and
the answer matches the response printed under it.

Each example is a fenced ``sh`` block holding one curl command, followed by a
fenced ``http`` block: the status line, any headers that matter, and the JSON
body. The examples run, in order, against the starter site that
``bootstrap_site`` builds plus the two Legal Forum meetings, image and document
the guide talks about; the first meeting's page shows the image and links the
document, since the API lists only media that a public page uses. An HTML
comment ``<!-- doc-test: name -->`` before an example names a setup step it
needs (see SETUPS).

How an answer is compared with the documented one:

- the status, and each documented header, must be equal;
- objects must have exactly the documented keys, and arrays the documented items,
  unless the guide shortens them with ``"...": "..."`` (more keys) or a last
  item ``"..."`` (more items);
- ids, sizes and other numbers that depend on the database are compared by type,
  times (keys ending in _at) must be ISO 8601 with an offset, and URLs must have
  the documented path; every other value must be equal.
"""

import datetime
import json
import re
import shlex
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from legal_forum.api import MIN_BODY_BYTES, body_limit
from legal_forum.api_fields import describe_questions
from legal_forum.export import csv_chunks
from legal_forum.models import (
    ApplicationSubmission,
)
from mysistershouse.openapi import openapi_document
from tests.auth import sign_in
from tests.guide_site import SERVER, GuideSite

pytestmark = pytest.mark.django_db

GUIDE = Path(django_settings.BASE_DIR) / "docs" / "API.md"
PARTNER = "https://partner.example.org"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
SETUP = re.compile(r"<!-- doc-test: ([\w-]+) -->")
VOLATILE_NUMBERS = {"id", "form", "width", "height", "size"}


# Reading the guide ---------------------------------------------------------------


def examples(text):
    """(setup or None, curl command, documented response) for each example."""
    found = []
    blocks = list(FENCE.finditer(text))
    for position, block in enumerate(blocks):
        language, body = block.group(1), block.group(2)
        if language != "sh" or "curl " not in body:
            continue
        answer = blocks[position + 1]
        assert answer.group(1) == "http", f"no response after: {body}"
        previous_end = blocks[position - 1].end() if position else 0
        setup = SETUP.search(text, previous_end, block.start())
        found.append((setup and setup.group(1), body, answer.group(2)))
    return found


def parse_curl(command):
    """The method, URL, headers and body a curl command sends."""
    words = shlex.split(command.replace("\\\n", " "))
    assert words[0] == "curl", command
    method, url, headers, data = None, None, {}, None
    words = iter(words[1:])
    for word in words:
        if word in {"-s", "-i", "-sS", "-si"}:
            continue
        if word == "-X":
            method = next(words)
        elif word == "-H":
            name, _, value = next(words).partition(":")
            headers[name.strip()] = value.strip()
        elif word in {"-d", "--data", "--data-raw"}:
            data = next(words)
        elif word.startswith("-"):
            raise AssertionError(f"the test does not know curl's {word}")
        else:
            assert url is None, command
            url = word
    return method or ("POST" if data is not None else "GET"), url, headers, data


def parse_response(text):
    head, _, body = text.partition("\n\n")
    status_line, *header_lines = head.splitlines()
    version, status, reason = status_line.split(" ", 2)
    assert version == "HTTP/1.1" and HTTPStatus(int(status)).phrase == reason
    headers = dict(line.split(": ", 1) for line in header_lines)
    return int(status), headers, json.loads(body) if body.strip() else None


# Comparing -----------------------------------------------------------------------


def url_path(url):
    path = urlsplit(url).path
    if path.startswith("/media/"):
        return path.rsplit("/", 1)[0]  # renditions get generated file names
    return re.sub(r"/\d+/", "/N/", path)


ELIDED = "..."


def compare(documented, actual, where="body"):
    if isinstance(documented, dict):
        assert isinstance(actual, dict), where
        keys = set(documented) - {ELIDED}
        if ELIDED in documented:
            assert keys <= set(actual), f"{where}: keys {sorted(actual)}"
        else:
            assert set(actual) == keys, f"{where}: keys {sorted(actual)}"
        for key in keys:
            compare(documented[key], actual[key], f"{where}.{key}")
    elif isinstance(documented, list):
        assert isinstance(actual, list), where
        items = documented
        if documented and documented[-1] == ELIDED:
            items = documented[:-1]
            assert len(actual) >= len(items), f"{where}: {len(actual)} items"
        else:
            assert len(actual) == len(items), f"{where}: {len(actual)} items"
        for index, item in enumerate(items):
            compare(item, actual[index], f"{where}[{index}]")
    elif where.endswith("_at") and documented is not None:
        moment = datetime.datetime.fromisoformat(actual)
        assert moment.utcoffset() is not None, where
    elif isinstance(documented, str) and documented.startswith(("http:", "https:")):
        assert url_path(actual) == url_path(documented), f"{where}: {actual}"
    elif where.rsplit(".", 1)[-1] in VOLATILE_NUMBERS or where.endswith(".id"):
        assert type(actual) is type(documented), f"{where}: {actual!r}"
    else:
        assert actual == documented, f"{where}: {actual!r}"


def partner_origin(site, settings):
    settings.CORS_ALLOWED_ORIGINS = [PARTNER]


SETUPS = {"partner-origin": partner_origin}


def run(client, site, settings, setup, command):
    settings.WAGTAILAPI_BASE_URL = SERVER
    settings.APPLICATION_RATE_LIMIT = (5, 600)
    settings.CORS_ALLOWED_ORIGINS = []
    if setup:
        SETUPS[setup](site, settings)
    method, url, headers, data = parse_curl(command)
    content_type = headers.pop("Content-Type", "application/octet-stream")
    return client.generic(
        method,
        site.local_path(url),
        data=data or "",
        content_type=content_type,
        headers=headers,
    )


def test_the_guide_has_examples_of_each_area():
    """The fields and every answer are the OpenAPI document's to describe."""
    text = GUIDE.read_text()
    requests = [parse_curl(command)[:2] for _, command, _ in examples(text)]
    paths = {urlsplit(url).path for _, url in requests}
    for needed in [
        "/api/v2/pages/",
        "/api/v2/pages/12/",
        "/api/v2/pages/find/",
        "/api/v2/images/",
        "/api/v2/forms/11/submissions/",
        "/api/openapi.json",
    ]:
        assert needed in paths, needed
    statuses = {
        parse_response(answer)[0]
        for _, command, answer in examples(text)
        if "/submissions/" in command
    }
    assert {201, 400} <= statuses


def test_the_guide_names_every_endpoint_of_the_openapi_document():
    text = GUIDE.read_text()
    for path, item in openapi_document(SERVER)["paths"].items():
        for method in {"get", "post"} & set(item):
            assert f"`{method.upper()} {path}`" in text, (method, path)


def test_the_status_table_says_only_what_the_openapi_document_says():
    table = re.findall(r"^\| (\d{3}) \|", GUIDE.read_text(), re.MULTILINE)
    assert table, "no table of the submission endpoint's other answers"
    paths = openapi_document(SERVER)["paths"]
    answers = paths["/api/v2/forms/{page_id}/submissions/"]["post"]["responses"]
    assert set(table) <= set(answers), set(table) - set(answers)


def test_every_example_answers_as_documented(client, settings):
    site = GuideSite()
    for setup, command, answer in examples(GUIDE.read_text()):
        status, headers, body = parse_response(answer)
        response = run(client, site, settings, setup, command)
        where = command.strip().splitlines()[0]
        assert response.status_code == status, (where, response.content)
        for name, value in headers.items():
            actual = response.headers.get(name)
            if name == "Location":
                actual, value = url_path(actual), url_path(value)
            assert actual == value, (where, name, actual)
        if body is not None:
            compare(body, response.json(), where)


def test_a_partner_following_the_guide_reaches_the_coordinators(client, settings):
    """Done when: upcoming Legal Forum events listed, an application sent and seen."""
    site = GuideSite()
    for setup, command, _answer in examples(GUIDE.read_text()):
        run(client, site, settings, setup, command)
    (submission,) = ApplicationSubmission.objects.filter(page=site.pro_bono)
    applicant = submission.form_data["full_name"]

    coordinator = get_user_model().objects.create_user("coordinator", password="x" * 16)
    coordinator.groups.add(Group.objects.get(name="Coordinators"))
    sign_in(client, coordinator)
    listing = reverse("wagtailforms:list_submissions", args=[site.pro_bono.pk])
    assert applicant in client.get(listing).content.decode()
    export = client.get(f"{listing}?export=csv")
    assert applicant in b"".join(export.streaming_content).decode()
    assert applicant in "".join(
        csv_chunks(site.pro_bono, site.pro_bono.get_submissions())
    )


def test_the_size_limit_the_guide_gives_is_right():
    site = GuideSite()
    limit = body_limit(describe_questions(site.pro_bono)) // 1024
    text = GUIDE.read_text()
    assert f"Attorney Application it is {limit} KB" in text
    assert f"never below {MIN_BODY_BYTES // 1024} KB" in text


def test_the_comparison_catches_differences():
    compare({"a": [1, {"b": "x"}, ELIDED]}, {"a": [1, {"b": "x"}, 3]})
    compare({"a": 1, ELIDED: ELIDED}, {"a": 1, "b": 2})
    for documented, actual in [
        ({"a": 1}, {"a": 1, "b": 2}),  # an undocumented key
        ({"a": 1, ELIDED: ELIDED}, {"b": 2}),
        ({"title": "x"}, {"title": "y"}),
        ({"items": [1, 2]}, {"items": [1]}),
        ({"items": [1]}, {"items": [1, 2]}),
        ({"items": [1, 2, ELIDED]}, {"items": [1]}),
        ({"starts_at": "2026-01-01T00:00:00-08:00"}, {"starts_at": "2026-01-01T00:00"}),
        ({"url": "http://h/api/v2/pages/1/"}, {"url": "http://h/api/v2/images/1/"}),
        ({"id": 1}, {"id": "1"}),
    ]:
        with pytest.raises(AssertionError):
            compare(documented, actual)
