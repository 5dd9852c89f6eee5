"""
Nothing private leaks through the read API: drafts, unpublished and restricted
pages, images and documents in restricted collections or used on no public page,
form settings, and submissions. A signed-in session widens nothing.
"""

import json

import pytest
import wagtail_factories
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    PageViewRestriction,
    Site,
)
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from events.models import EventPage
from legal_forum.models import ApplicationSubmission
from site_core.models import SiteSettings
from tests.api_content import body_with_every_block
from tests.auth import sign_in
from tests.factories import (
    ApplicationFormPageFactory,
    EventCategoryFactory,
    EventIndexPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
)

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
def superuser_client(client):
    """A client signed in as a superuser, who could open every private page."""
    user = get_user_model().objects.create_superuser("admin", password="x" * 16)
    sign_in(client, user)
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
    def test_the_fixture_is_visible_to_start_with(self, client, api_content):
        # So that each test below fails for its own reason, not an empty site.
        for page in (api_content.resource, api_content.meeting, api_content.form):
            assert page.pk in listed_ids(client)
            assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 200
            found = client.get(f"/api/v2/pages/find/?html_path={page.url}")
            assert found.status_code == 302
            assert json.dumps(page.title) in everything(client)

    def test_draft_never_published(self, client, api_content):
        draft = ResourcePageFactory(
            parent=api_content.resources, title="Draft resource", live=False
        )
        assert_hidden_page(client, draft)

    def test_unpublished(self, client, api_content):
        api_content.meeting.unpublish()
        assert_hidden_page(client, api_content.meeting)

    def test_unpublished_changes_stay_unpublished(self, client, api_content):
        api_content.resource.title = "A title still in draft"
        api_content.resource.save_revision()
        data = client.get(f"/api/v2/pages/{api_content.resource.pk}/").json()
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
        self, superuser_client, api_content, restriction
    ):
        PageViewRestriction.objects.create(page=api_content.events, **restriction)
        for page in (api_content.events, api_content.meeting, api_content.conference):
            assert_hidden_page(superuser_client, page)
        # A filter naming the hidden page says only that it does not exist.
        response = superuser_client.get(
            f"/api/v2/pages/?child_of={api_content.events.pk}"
        )
        assert response.status_code == 400
        assert response.json() == {"message": "parent page doesn't exist"}

    def test_a_password_entered_in_the_session_opens_nothing(self, client, api_content):
        restriction = PageViewRestriction.objects.create(
            page=api_content.resource,
            restriction_type=PageViewRestriction.PASSWORD,
            password="s3cret",
        )
        session = client.session
        session[PageViewRestriction.passed_view_restrictions_session_key] = [
            restriction.pk
        ]
        session.save()
        assert_hidden_page(client, api_content.resource)

    def test_links_to_private_pages_lead_nowhere(self, client, api_content):
        api_content.resources.unpublish()  # linked from the body's text and callout
        api_content.form.unpublish()  # linked from the Legal Forum page
        body = client.get(f"/api/v2/pages/{api_content.resource.pk}/").json()["body"]
        paragraph = next(block for block in body if block["type"] == "paragraph")
        assert paragraph["value"].startswith("<p>Read <a>this page</a>")
        callout = next(block for block in body if block["type"] == "callout")
        assert callout["value"]["link_page"] is None
        forum = client.get(f"/api/v2/pages/{api_content.forum.pk}/").json()
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
        self, superuser_client, api_content, private_collection, nested
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
            parent=api_content.resources,
            title="Uses private media",
            body=body_with_every_block(image, document, api_content.resources),
        )

        client = superuser_client
        assert image.pk not in listed_ids(client, "/api/v2/images/")
        assert document.pk not in listed_ids(client, "/api/v2/documents/")
        assert client.get(f"/api/v2/images/{image.pk}/").status_code == 404
        assert client.get(f"/api/v2/documents/{document.pk}/").status_code == 404
        # Public media stays listed beside them.
        assert api_content.image.pk in listed_ids(client, "/api/v2/images/")
        assert api_content.document.pk in listed_ids(client, "/api/v2/documents/")

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
    def test_notification_settings_never_appear(self, client, api_content):
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
    def test_notification_settings_cannot_be_asked_for(
        self, client, api_content, query
    ):
        url = f"/api/v2/pages/?type=legal_forum.ApplicationFormPage&{query}"
        response = client.get(url)
        assert response.status_code == 400
        assert "coordinator@example.org" not in response.content.decode()

    def test_submissions_never_appear(self, client, api_content):
        ApplicationSubmission.objects.create(
            page=api_content.form,
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

    def test_a_draft_form_is_not_listed(self, client, api_content):
        draft = ApplicationFormPageFactory(
            parent=api_content.forum, title="Unannounced form", live=False
        )
        assert_hidden_page(client, draft)


# Media: listed only when anyone may see a page (or the settings) using it ---------


def image_block(image):
    return {
        "type": "image",
        "value": {
            "image": image.pk,
            "alt_text": "A photo",
            "decorative": False,
            "caption": "",
        },
    }


def document_block(document):
    return {"type": "document", "value": {"document": document.pk, "link_text": ""}}


class Media:
    """One image and one document, and the pages that may use them."""

    def __init__(self, home):
        self.image = wagtail_factories.ImageFactory(title="Shelter photo")
        self.document = wagtail_factories.DocumentFactory(title="Intake notes")
        self.resources = ResourceIndexPageFactory(parent=home)

    @property
    def body(self):
        return [image_block(self.image), document_block(self.document)]

    def page(self, parent=None, **kwargs):
        """A live page of resources whose body uses the image and the document."""
        return ResourcePageFactory(
            parent=parent or self.resources, body=self.body, **kwargs
        )

    def listed(self, client):
        images = listed_ids(client, "/api/v2/images/?limit=100")
        documents = listed_ids(client, "/api/v2/documents/?limit=100")
        return self.image.pk in images, self.document.pk in documents


@pytest.fixture
def media(home):
    return Media(home)


def assert_media_hidden(client, media):
    assert media.listed(client) == (False, False)
    for kind, item in (("images", media.image), ("documents", media.document)):
        assert client.get(f"/api/v2/{kind}/{item.pk}/").status_code == 404
        assert client.get(f"/api/v2/{kind}/find/?id={item.pk}").status_code == 404
        search = client.get(f"/api/v2/{kind}/?search={item.title.split()[0]}")
        assert search.status_code == 200
        assert search.json()["items"] == []
        assert json.dumps(item.title) not in client.get(f"/api/v2/{kind}/").text


def assert_media_listed(client, media):
    assert media.listed(client) == (True, True)
    for kind, item in (("images", media.image), ("documents", media.document)):
        detail = client.get(f"/api/v2/{kind}/{item.pk}/")
        assert detail.status_code == 200
        assert detail.json()["title"] == item.title
        assert client.get(f"/api/v2/{kind}/find/?id={item.pk}").status_code == 302
        search = client.get(f"/api/v2/{kind}/?search={item.title.split()[0]}")
        assert [found["id"] for found in search.json()["items"]] == [item.pk]


def restrict(page, restriction_type, **kwargs):
    PageViewRestriction.objects.create(
        page=page, restriction_type=restriction_type, **kwargs
    )


def on_a_public_page(media):
    media.page()


def on_a_login_restricted_page(media):
    restrict(media.page(), PageViewRestriction.LOGIN)


def on_a_password_restricted_page(media):
    restrict(media.page(), PageViewRestriction.PASSWORD, password="s3cret")


def on_a_page_for_some_groups(media):
    restrict(media.page(), PageViewRestriction.GROUPS)


def beneath_a_restricted_page(media):
    restrict(media.resources, PageViewRestriction.LOGIN)
    media.page()


def on_an_unpublished_page(media):
    media.page().unpublish()


def on_a_draft_never_published(media):
    media.page(live=False)


def nowhere(media):
    pass


def in_a_draft_of_a_public_page(media):
    page = ResourcePageFactory(parent=media.resources)
    page.body = media.body
    page.save_revision()  # saved, not published


def removed_from_a_public_page(media):
    page = media.page()
    page.body = []
    page.save_revision().publish()


def on_a_public_and_a_private_page(media):
    restrict(media.page(), PageViewRestriction.LOGIN)
    media.page()


def on_a_public_page_in_rich_text(media):
    # A link in rich text to the document, the image embedded in rich text.
    ResourcePageFactory(
        parent=media.resources,
        body=[
            {
                "type": "paragraph",
                "value": f'<p><a linktype="document" id="{media.document.pk}">'
                f'notes</a></p><embed embedtype="image" id="{media.image.pk}" '
                'format="fullwidth" alt="A photo"/>',
            }
        ],
    )


class TestMediaUse:
    @pytest.mark.parametrize(
        "use",
        [
            on_a_public_page,
            on_a_public_and_a_private_page,
            on_a_public_page_in_rich_text,
        ],
    )
    def test_listed_when_a_public_page_uses_them(self, superuser_client, media, use):
        use(media)
        assert_media_listed(superuser_client, media)

    @pytest.mark.parametrize(
        "use",
        [
            on_a_login_restricted_page,
            on_a_password_restricted_page,
            on_a_page_for_some_groups,
            beneath_a_restricted_page,
            on_an_unpublished_page,
            on_a_draft_never_published,
            in_a_draft_of_a_public_page,
            removed_from_a_public_page,
            nowhere,
        ],
    )
    def test_hidden_when_no_public_page_uses_them(self, superuser_client, media, use):
        use(media)
        assert_media_hidden(superuser_client, media)

    def test_never_from_a_restricted_collection(
        self, client, media, private_collection
    ):
        media.page()
        for item in (media.image, media.document):
            item.collection = private_collection
            item.save()
        assert_media_hidden(client, media)

    def test_the_share_image_in_the_site_settings_is_listed(self, client, home):
        image = wagtail_factories.ImageFactory(title="Shared picture")
        site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        site_settings.share_image = image
        site_settings.save()
        assert image.pk in listed_ids(client, "/api/v2/images/")
        assert client.get(f"/api/v2/images/{image.pk}/").status_code == 200

    def test_following_the_page_through_its_life(self, client, media):
        page = media.page()
        assert media.listed(client) == (True, True)
        restrict(page, PageViewRestriction.LOGIN)
        assert media.listed(client) == (False, False)
        PageViewRestriction.objects.all().delete()
        page.unpublish()
        assert media.listed(client) == (False, False)
        page.save_revision().publish()
        assert media.listed(client) == (True, True)
        page.delete()
        assert media.listed(client) == (False, False)


class TestMediaUseThroughTheAdmin:
    """Saving and publishing in the page editor keeps the listing right by itself."""

    @pytest.fixture
    def editor_client(self, db):
        editor = Client()
        sign_in(
            editor,
            get_user_model().objects.create_superuser("editor", password="x" * 16),
        )
        return editor

    @staticmethod
    def event_form(image, action):
        return nested_form_data(
            {
                "title": "Open day",
                "slug": "open-day",
                "category": EventCategoryFactory().pk,
                "start_date": "2040-06-04",
                "start_time": "12:00",
                "end_date": "",
                "end_time": "13:30",
                "attendance": "in_person",
                "venue_name": "Community Hall",
                "venue_address": "",
                "online_details": "",
                "registration_url": "",
                "summary": "Come and meet us.",
                "status": "scheduled",
                "repeat": "none",
                "cancelled_dates": inline_formset([]),
                "body": streamfield(
                    [
                        (
                            "image",
                            {
                                "image": image.pk,
                                "alt_text": "Our hall",
                                "decorative": "",
                                "caption": "",
                            },
                        )
                    ]
                ),
                action: action,
            }
        )

    def test_draft_then_publish_then_draft_again(self, client, home, editor_client):
        events = EventIndexPageFactory(parent=home)
        first = wagtail_factories.ImageFactory(title="First photo")
        second = wagtail_factories.ImageFactory(title="Second photo")

        def images():
            return listed_ids(client, "/api/v2/images/")

        add = reverse("wagtailadmin_pages:add", args=["events", "eventpage", events.pk])
        response = editor_client.post(add, self.event_form(first, "action-draft"))
        assert response.status_code == 302, response.context["form"].errors
        page = EventPage.objects.get(slug="open-day", locale__language_code="en")
        assert not page.live
        assert images() == set()

        edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
        response = editor_client.post(edit, self.event_form(first, "action-publish"))
        assert response.status_code == 302, response.context["form"].errors
        assert images() == {first.pk}

        # A draft that swaps the picture publishes nothing yet.
        response = editor_client.post(edit, self.event_form(second, "action-draft"))
        assert response.status_code == 302, response.context["form"].errors
        assert images() == {first.pk}

        response = editor_client.post(edit, self.event_form(second, "action-publish"))
        assert response.status_code == 302, response.context["form"].errors
        assert images() == {second.pk}
