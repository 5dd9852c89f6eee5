"""
Nothing private leaks through the read API: drafts, unpublished and restricted
pages, images and documents in restricted collections, form settings, and
submissions. A signed-in session widens nothing.
"""

import json

import pytest
import wagtail_factories
from django.contrib.auth import get_user_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    PageViewRestriction,
)

from legal_forum.models import ApplicationSubmission
from tests.factories import ApplicationFormPageFactory, ResourcePageFactory
from tests.test_api_pages import ApiContent, body_with_every_block

pytestmark = pytest.mark.django_db

LISTINGS = [
    "/api/v2/pages/?fields=*&limit=100",
    "/api/v2/pages/?type=home.HomePage&fields=*",
    "/api/v2/pages/?type=resources.ResourceIndexPage&fields=*",
    "/api/v2/pages/?type=resources.ResourcePage&fields=*",
    "/api/v2/pages/?type=events.EventIndexPage&fields=*",
    "/api/v2/pages/?type=events.EventPage&fields=*",
    "/api/v2/pages/?type=legal_forum.LegalForumPage&fields=*",
    "/api/v2/pages/?type=legal_forum.ApplicationFormPage&fields=*",
    "/api/v2/images/?fields=*",
    "/api/v2/documents/?fields=*",
]


@pytest.fixture
def content(home):
    return ApiContent(home)


@pytest.fixture
def superuser_client(client):
    """A client signed in as a superuser, who could open every private page."""
    user = get_user_model().objects.create_superuser("admin", password="x" * 16)
    client.force_login(user)
    return client


def everything(client):
    """The text of every listing, with every field, and of every detail view."""
    texts = []
    for url in LISTINGS:
        response = client.get(url)
        assert response.status_code == 200, url
        texts.append(response.content.decode())
        for item in response.json()["items"]:
            detail = client.get(item["meta"]["detail_url"])
            assert detail.status_code == 200
            texts.append(detail.content.decode())
    return "\n".join(texts)


def listed_ids(client, url="/api/v2/pages/?limit=100"):
    return {item["id"] for item in client.get(url).json()["items"]}


def assert_hidden_page(client, page):
    assert page.pk not in listed_ids(client)
    assert page.pk not in listed_ids(client, f"/api/v2/pages/?type={page_type(page)}")
    assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404
    found = client.get(f"/api/v2/pages/find/?html_path={page.url}")
    assert found.status_code == 404
    assert json.dumps(page.title) not in everything(client)


def page_type(page):
    model = page.specific_class
    return f"{model._meta.app_label}.{model.__name__}"


class TestPages:
    def test_the_fixture_is_visible_to_start_with(self, client, content):
        # So that each test below fails for its own reason, not an empty site.
        for page in (content.resource, content.meeting, content.form):
            assert page.pk in listed_ids(client)
            assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 200
            found = client.get(f"/api/v2/pages/find/?html_path={page.url}")
            assert found.status_code == 302
            assert json.dumps(page.title) in everything(client)

    def test_draft_never_published(self, client, content):
        draft = ResourcePageFactory(
            parent=content.resources, title="Draft resource", live=False
        )
        assert_hidden_page(client, draft)

    def test_unpublished(self, client, content):
        content.meeting.unpublish()
        assert_hidden_page(client, content.meeting)

    def test_unpublished_changes_stay_unpublished(self, client, content):
        content.resource.title = "A title still in draft"
        content.resource.save_revision()
        data = client.get(f"/api/v2/pages/{content.resource.pk}/").json()
        assert data["title"] == "What is human trafficking?"
        assert "A title still in draft" not in everything(client)

    @pytest.mark.parametrize(
        "restriction",
        [
            {"restriction_type": PageViewRestriction.PASSWORD, "password": "s3cret"},
            {"restriction_type": PageViewRestriction.LOGIN},
            {"restriction_type": PageViewRestriction.GROUPS},
        ],
        ids=["password", "login", "groups"],
    )
    def test_restricted_pages_and_their_descendants(
        self, superuser_client, content, restriction
    ):
        PageViewRestriction.objects.create(page=content.events, **restriction)
        for page in (content.events, content.meeting, content.conference):
            assert_hidden_page(superuser_client, page)
        # A filter naming the hidden page says only that it does not exist.
        response = superuser_client.get(f"/api/v2/pages/?child_of={content.events.pk}")
        assert response.status_code == 400
        assert response.json() == {"message": "parent page doesn't exist"}

    def test_a_password_entered_in_the_session_opens_nothing(self, client, content):
        restriction = PageViewRestriction.objects.create(
            page=content.resource,
            restriction_type=PageViewRestriction.PASSWORD,
            password="s3cret",
        )
        session = client.session
        session[PageViewRestriction.passed_view_restrictions_session_key] = [
            restriction.pk
        ]
        session.save()
        assert_hidden_page(client, content.resource)

    def test_links_to_private_pages_lead_nowhere(self, client, content):
        content.resources.unpublish()  # linked from the body's text and callout
        content.form.unpublish()  # linked from the Legal Forum page
        body = client.get(f"/api/v2/pages/{content.resource.pk}/").json()["body"]
        paragraph = next(block for block in body if block["type"] == "paragraph")
        assert paragraph["value"].startswith("<p>Read <a>this page</a>")
        callout = next(block for block in body if block["type"] == "callout")
        assert callout["value"]["link_page"] is None
        forum = client.get(f"/api/v2/pages/{content.forum.pk}/").json()
        assert forum["pro_bono_application"] is None
        assert "/resources/" not in paragraph["value"]


@pytest.fixture
def private_collection():
    root = Collection.get_first_root_node()
    private = root.add_child(name="Survivors' stories")
    CollectionViewRestriction.objects.create(
        collection=private,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="s3cret",
    )
    return private


class TestCollections:
    @pytest.mark.parametrize("nested", [False, True], ids=["in it", "beneath it"])
    def test_media_in_restricted_collections(
        self, superuser_client, content, private_collection, nested
    ):
        collection = (
            private_collection.add_child(name="Inner") if nested else private_collection
        )
        image = wagtail_factories.ImageFactory(
            title="Private photo", collection=collection
        )
        document = wagtail_factories.DocumentFactory(
            title="Private report", collection=collection
        )
        page = ResourcePageFactory(
            parent=content.resources,
            title="Uses private media",
            body=body_with_every_block(image, document, content.resources),
        )

        client = superuser_client
        assert image.pk not in listed_ids(client, "/api/v2/images/")
        assert document.pk not in listed_ids(client, "/api/v2/documents/")
        assert client.get(f"/api/v2/images/{image.pk}/").status_code == 404
        assert client.get(f"/api/v2/documents/{document.pk}/").status_code == 404
        # Public media stays listed beside them.
        assert content.image.pk in listed_ids(client, "/api/v2/images/")
        assert content.document.pk in listed_ids(client, "/api/v2/documents/")

        body = client.get(f"/api/v2/pages/{page.pk}/").json()["body"]
        assert [block["type"] for block in body] == [
            "heading",
            "paragraph",
            "list",
            "statistic",
            "callout",
            "quote",
        ]
        paragraph = body[1]["value"]
        assert "<a>the agenda</a>" in paragraph
        text = everything(client)
        for secret in ("Private photo", "Private report", document.filename):
            assert secret not in text


class TestForms:
    def test_notification_settings_never_appear(self, client, content):
        text = everything(client)
        for secret in (
            "coordinator@example.org",
            "forms@example.org",
            "Secret subject",
        ):
            assert secret not in text

    @pytest.mark.parametrize(
        "query",
        [
            "fields=to_address",
            "fields=from_address",
            "fields=subject",
            "to_address=coordinator@example.org",
            "order=to_address",
            "fields=form_fields(to_address)",
        ],
    )
    def test_notification_settings_cannot_be_asked_for(self, client, content, query):
        url = f"/api/v2/pages/?type=legal_forum.ApplicationFormPage&{query}"
        response = client.get(url)
        assert response.status_code == 400
        assert "coordinator@example.org" not in response.content.decode()

    def test_submissions_never_appear(self, client, content):
        ApplicationSubmission.objects.create(
            page=content.form,
            form_data={"full_name": "Private Person", "email_address": "p@example.org"},
        )
        text = everything(client)
        assert "Private Person" not in text
        assert "p@example.org" not in text
        response = client.get("/api/v2/pages/?type=legal_forum.ApplicationSubmission")
        assert response.status_code == 400
        search = client.get("/api/v2/pages/?search=Private+Person")
        assert search.status_code == 200
        assert search.json()["items"] == []

    def test_a_draft_form_is_not_listed(self, client, content):
        draft = ApplicationFormPageFactory(
            parent=content.forum, title="Unannounced form", live=False
        )
        assert_hidden_page(client, draft)
