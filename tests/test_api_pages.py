"""
The read API: what every page type's detail gives out, images and documents,
event filters and ordering.

The ``api_content`` fixture (tests.api_content) builds a small site with one page
of every type and a body that uses every block; the privacy and OpenAPI tests use
it too.
"""

import datetime
import re

import pytest
from django.utils import timezone

from tests.factories import (
    EventPageFactory,
)

pytestmark = pytest.mark.django_db

BASE = "https://www.example.org"  # WAGTAILAPI_BASE_URL in these tests
SITE = "http://localhost"  # the test site's root URL, used for html_url
DETAIL_META = {
    "type",
    "detail_url",
    "html_url",
    "slug",
    "show_in_menus",
    "seo_title",
    "search_description",
    "first_published_at",
    "alias_of",
    "parent",
    "locale",  # each page's language, e.g. "en" or "es"
}
ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


@pytest.fixture(autouse=True)
def api_base_url(settings):
    settings.WAGTAILAPI_BASE_URL = BASE


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def detail(client, page):
    return get_json(client, f"/api/v2/pages/{page.pk}/")


def own_fields(data):
    return set(data) - {"id", "meta", "title"}


def page_link(page):
    return {
        "id": page.pk,
        "title": page.title,
        "html_url": f"{SITE}{page.url}",
        "detail_url": f"{BASE}/api/v2/pages/{page.pk}/",
    }


class TestPageTypes:
    def test_home_page(self, client, api_content):
        data = detail(client, api_content.home)
        assert set(data["meta"]) == DETAIL_META
        assert data["meta"]["type"] == "home.HomePage"
        assert (
            data["meta"]["detail_url"] == f"{BASE}/api/v2/pages/{api_content.home.pk}/"
        )
        assert own_fields(data) == {
            "hero_heading",
            "hero_text",
            "hero_image",
            "calls_to_action",
            "introduction",
            "hotline_heading",
            "hotline_text",
            "hotline",
            "featured_resources",
        }
        assert data["introduction"] == (
            f'<p>Welcome. <a href="{SITE}/resources/what-is-human-trafficking/">'
            "Learn</a>.</p>"
        )
        assert data["hotline"] == {"number": "916-428-3271", "href": "tel:+19164283271"}
        assert data["hero_heading"] == "Safety, support and a way forward"
        assert (data["hero_image"], data["calls_to_action"]) == (None, [])
        assert data["featured_resources"] == [
            {**page_link(api_content.resource), "summary": "What trafficking is."}
        ]

    def test_index_pages(self, client, api_content):
        for page, text in [
            (api_content.resources, "Plain-language"),
            (api_content.events, "Join"),
        ]:
            data = detail(client, page)
            assert own_fields(data) == {"introduction"}
            assert data["introduction"].startswith(f"<p>{text}")

    def test_resource_page_body_has_every_block_as_plain_json(
        self, client, api_content
    ):
        data = detail(client, api_content.resource)
        assert own_fields(data) == {"summary", "image", "body"}
        assert data["image"] is None  # none chosen
        assert all(isinstance(block.pop("id"), str) for block in data["body"])
        rendition = api_content.image.get_rendition("max-1200x900")
        image = {
            "id": api_content.image.pk,
            "title": "Volunteers",
            "url": f"{BASE}{rendition.url}",
            "width": rendition.width,
            "height": rendition.height,
        }
        document = api_content.document
        document_url = f"{BASE}/documents/{document.pk}/{document.filename}"
        assert data["body"] == [
            {"type": "heading", "value": {"text": "What it is", "level": "h2"}},
            {
                "type": "paragraph",
                "value": f'<p>Read <a href="{SITE}/resources/">this page</a>, '
                f'<a href="{document_url}">the agenda</a> and '
                '<a href="https://example.com/">another site</a>.</p>',
            },
            {"type": "list", "value": {"style": "numbered", "items": ["One", "Two"]}},
            {
                "type": "image",
                "value": {
                    "image": {**image, "alt": "Volunteers at a table"},
                    "decorative": False,
                    "caption": "At the conference",
                },
            },
            {
                "type": "image",
                "value": {
                    "image": {**image, "alt": ""},
                    "decorative": True,
                    "caption": "",
                },
            },
            {
                "type": "document",
                "value": {
                    "document": {
                        "id": api_content.document.pk,
                        "title": "Conference agenda",
                        "url": document_url,
                        "extension": api_content.document.file_extension,
                        "size": api_content.document.file_size,
                    },
                    "link_text": "",
                },
            },
            {
                "type": "statistic",
                "value": {
                    "figure": "20.9 million",
                    "label": "people trafficked around the world",
                    "source_name": "International Labour Office",
                    "source_url": "https://www.ilo.org/",
                },
            },
            {
                "type": "callout",
                "value": {
                    "heading": "We can help",
                    "text": "Call us.",
                    "show_hotline": True,
                    "hotline": {"number": "916-428-3271", "href": "tel:+19164283271"},
                    "link_page": page_link(api_content.resources),
                    "link_url": "",
                    "link_text": "Read more",
                },
            },
            {
                "type": "quote",
                "value": {"quote": "Anyone can be a victim.", "attribution": "Staff"},
            },
        ]
        assert rendition.width <= 1200 and rendition.height <= 900

    def test_event_page(self, client, api_content):
        data = detail(client, api_content.meeting)
        assert own_fields(data) == {
            "summary",
            "category",
            "image",
            "status",
            "status_note",
            "starts_at",
            "ends_at",
            "is_all_day",
            "repeat",
            "repeat_until",
            "repeat_description",
            "next_occurrences",
            "attendance",
            "venue_name",
            "venue_address",
            "online_details",
            "registration_url",
            "body",
        }
        assert data["category"] == {"name": "Legal Forum", "slug": "legal-forum"}
        starts = datetime.datetime.fromisoformat(data["starts_at"])
        assert starts == api_content.meeting.starts_at
        assert ISO_WITH_OFFSET.match(data["starts_at"])
        assert data["starts_at"].startswith(
            f"{api_content.meeting.start_date}T18:00:00"
        )
        assert data["ends_at"].startswith(f"{api_content.meeting.start_date}T20:00:00")
        assert data["is_all_day"] is False
        assert data["attendance"] == "in_person"
        assert data["venue_name"] == "Community Hall"
        assert data["venue_address"] == "1 Main Street\nSacramento"
        assert data["registration_url"] == "https://example.com/register"
        assert data["image"] is None
        assert (data["status"], data["status_note"]) == ("scheduled", "")
        assert (data["repeat"], data["repeat_until"]) == ("none", None)
        assert data["repeat_description"] == ""
        assert data["next_occurrences"] == [
            {
                "starts_at": data["starts_at"],
                "ends_at": data["ends_at"],
                "cancelled": False,
                "note": "",
            }
        ]

    def test_event_times_carry_the_offset_of_their_season(self, client, api_content):
        summer = detail(client, api_content.summer_meeting)
        assert (
            summer["starts_at"]
            == f"{api_content.summer_meeting.start_date}T18:00:00-07:00"
        )
        assert (
            summer["ends_at"]
            == f"{api_content.summer_meeting.start_date}T19:30:00-07:00"
        )
        all_day = detail(client, api_content.conference)
        assert all_day["is_all_day"] is True
        assert all_day["starts_at"] == "2018-01-16T00:00:00-08:00"
        assert all_day["ends_at"] == "2018-01-17T00:00:00-08:00"
        assert all_day["attendance"] == "mixed"
        assert all_day["online_details"] == "We email a link."

    def test_legal_forum_page(self, client, api_content):
        data = detail(client, api_content.forum)
        assert own_fields(data) == {
            "body",
            "membership_information",
            "meeting_category",
            "next_meeting",
            "next_meetings",
            "legal_forum_application",
            "pro_bono_application",
        }
        assert data["body"][0]["value"] == "<p>About the Legal Forum.</p>"
        assert data["membership_information"] == "<p>Anyone may join.</p>"
        assert data["meeting_category"] == {
            "name": "Legal Forum",
            "slug": "legal-forum",
        }
        assert data["next_meeting"] == {
            **page_link(api_content.meeting),
            "starts_at": data["next_meeting"]["starts_at"],
            "ends_at": data["next_meeting"]["ends_at"],
            "is_all_day": False,
            "venue_name": "Community Hall",
            "status": "scheduled",
            "status_note": "",
            "repeat_description": "",
        }
        assert datetime.datetime.fromisoformat(data["next_meeting"]["starts_at"]) == (
            api_content.meeting.starts_at
        )
        assert data["legal_forum_application"] is None
        assert data["pro_bono_application"] == page_link(api_content.form)

    def test_application_form_page_describes_its_questions(self, client, api_content):
        data = detail(client, api_content.form)
        assert own_fields(data) == {
            "introduction",
            "thank_you_text",
            "form_fields",
            "submission_url",
        }
        assert data["introduction"] == "<p>Please apply.</p>"
        assert data["thank_you_text"] == "<p>Thanks for applying.</p>"
        assert data["submission_url"] == (
            f"{BASE}/api/v2/forms/{api_content.form.pk}/submissions/"
        )

        def question(name, label, kind, required, max_length, **extra):
            return {
                "name": name,
                "label": label,
                "type": kind,
                "required": required,
                "help_text": extra.get("help_text", ""),
                "choices": extra.get("choices", []),
                "max_length": max_length,
            }

        assert data["form_fields"] == [
            question("full_name", "Full name", "singleline", True, 255),
            question("email_address", "Email address", "email", True, 254),
            question("nickname", "Nickname", "singleline", False, 10),
            question(
                "practice_areas",
                "Practice areas",
                "checkboxes",
                True,
                None,
                choices=["Immigration", "Other"],
            ),
            question(
                "i_agree", "I agree", "checkbox", True, None, help_text="Tick to agree."
            ),
        ]

    def test_detail_meta_names_the_parent(self, client, api_content):
        data = detail(client, api_content.meeting)
        assert data["meta"]["parent"]["id"] == api_content.events.pk
        assert data["meta"]["html_url"] == f"{SITE}{api_content.meeting.url}"


class TestMedia:
    def test_image_is_given_as_its_rendition_never_the_original(
        self, client, api_content
    ):
        data = get_json(client, f"/api/v2/images/{api_content.image.pk}/")
        rendition = api_content.image.get_rendition("max-1200x900")
        assert data == {
            "id": api_content.image.pk,
            "meta": {
                "type": "wagtailimages.Image",
                "detail_url": f"{BASE}/api/v2/images/{api_content.image.pk}/",
            },
            "title": "Volunteers",
            "alt": "Two volunteers at a table",
            "url": f"{BASE}{rendition.url}",
            "width": rendition.width,
            "height": rendition.height,
        }
        listing = get_json(client, "/api/v2/images/?fields=*")
        assert listing["items"] == [data]
        assert api_content.image.file.name not in str(listing)

    def test_image_filters_cannot_use_the_originals_size(self, client, api_content):
        response = client.get(f"/api/v2/images/?width={api_content.image.width}")
        assert response.status_code == 400

    def test_document_links_to_the_serve_view(self, client, api_content):
        data = get_json(client, f"/api/v2/documents/{api_content.document.pk}/")
        assert data == {
            "id": api_content.document.pk,
            "meta": {
                "type": "wagtaildocs.Document",
                "detail_url": f"{BASE}/api/v2/documents/{api_content.document.pk}/",
                "download_url": f"{BASE}/documents/{api_content.document.pk}/"
                f"{api_content.document.filename}",
            },
            "title": "Conference agenda",
        }
        assert get_json(client, "/api/v2/documents/")["items"] == [data]


def titles(data):
    return [item["title"] for item in data["items"]]


EVENTS = "/api/v2/pages/?type=events.EventPage"


class TestEventFilters:
    def test_events_come_sorted_by_start(self, client, api_content):
        assert titles(get_json(client, EVENTS)) == [
            "Conference 2018",
            "Legal Forum meeting",
            "Summer Legal Forum meeting",
        ]

    def test_upcoming_soonest_first(self, client, api_content):
        assert titles(get_json(client, f"{EVENTS}&when=upcoming")) == [
            "Legal Forum meeting",
            "Summer Legal Forum meeting",
        ]

    def test_an_event_under_way_is_still_upcoming(self, client, api_content):
        now = timezone.localtime()
        EventPageFactory(
            parent=api_content.events,
            title="Under way",
            start_date=now.date() - datetime.timedelta(days=1),
            end_date=now.date() + datetime.timedelta(days=1),
            start_time=datetime.time(9, 0),
            end_time=datetime.time(17, 0),
        )
        assert titles(get_json(client, f"{EVENTS}&when=upcoming"))[0] == "Under way"
        assert "Under way" not in titles(get_json(client, f"{EVENTS}&when=past"))

    def test_past_oldest_first(self, client, api_content):
        EventPageFactory(
            parent=api_content.events,
            title="Conference 2019",
            start_date=datetime.date(2019, 1, 15),
        )
        assert titles(get_json(client, f"{EVENTS}&when=past")) == [
            "Conference 2018",
            "Conference 2019",
        ]

    def test_by_category(self, client, api_content):
        data = get_json(
            client, f"{EVENTS}&when=upcoming&category=legal-forum&fields=category"
        )
        assert data["meta"]["total_count"] == 2
        assert {item["category"]["slug"] for item in data["items"]} == {"legal-forum"}
        conference = get_json(client, f"{EVENTS}&category=conference")
        assert titles(conference) == ["Conference 2018"]

    def test_search_within_upcoming_events(self, client, api_content):
        data = get_json(client, f"{EVENTS}&when=upcoming&search=summer")
        assert titles(data) == ["Summer Legal Forum meeting"]

    def test_explicit_order_wins(self, client, api_content):
        data = get_json(client, f"{EVENTS}&when=upcoming&order=-starts_at")
        assert titles(data) == ["Summer Legal Forum meeting", "Legal Forum meeting"]

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            (
                f"{EVENTS}&when=tomorrow",
                "'when' must be 'upcoming' or 'past', not 'tomorrow'.",
            ),
            (
                f"{EVENTS}&category=parties",
                "There is no event category 'parties'. Categories: conference, "
                "legal-forum.",
            ),
            (
                f"{EVENTS}&category=legal-forum&search=meeting",
                "'category' and 'search' cannot be combined.",
            ),
            (
                "/api/v2/pages/?when=upcoming",
                "The 'when' and 'category' filters need type=events.EventPage.",
            ),
            (
                "/api/v2/pages/?type=resources.ResourcePage&category=legal-forum",
                "The 'when' and 'category' filters need type=events.EventPage.",
            ),
        ],
    )
    def test_unknown_filter_values_are_explained(
        self, client, api_content, query, message
    ):
        assert get_json(client, query, status=400) == {"message": message}

    @pytest.mark.parametrize(
        "query",
        [
            f"{EVENTS}&starts_at=garbage",
            "/api/v2/pages/?first_published_at=yesterday",
        ],
    )
    def test_unreadable_dates_in_field_filters_are_explained(
        self, client, api_content, query
    ):
        data = get_json(client, query, status=400)
        assert data["message"].startswith("field filter error:")
        assert "format" in data["message"]

    def test_rich_text_comes_only_as_html(self, client, api_content):
        data = get_json(client, "/api/v2/pages/?rich_text_format=db_html", status=400)
        assert "rich_text_format" in data["message"]


class TestListings:
    def test_pages_come_in_tree_order(self, client, api_content):
        data = get_json(client, "/api/v2/pages/?limit=4")
        assert titles(data) == [
            "Home",
            "Resources",
            "What is human trafficking?",
            "Events",
        ]
        assert data["meta"]["total_count"] == 9

    def test_a_type_listing_gives_that_types_fields(self, client, api_content):
        data = get_json(
            client, "/api/v2/pages/?type=legal_forum.ApplicationFormPage&fields=*"
        )
        (item,) = data["items"]
        assert own_fields(item) == {
            "introduction",
            "thank_you_text",
            "form_fields",
            "submission_url",
        }

    def test_limit_is_capped(self, client, settings, api_content):
        assert settings.WAGTAILAPI_LIMIT_MAX == 100
        data = get_json(client, "/api/v2/pages/?limit=101", status=400)
        assert data == {"message": "limit cannot be higher than 100"}

    def test_json_only(self, client, api_content):
        response = client.get("/api/v2/pages/", HTTP_ACCEPT="text/html")
        assert response["Content-Type"] == "application/json"
