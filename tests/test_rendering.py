"""Each page type renders its own content inside the shared layout."""

import datetime

import pytest
import wagtail_factories
from bs4 import BeautifulSoup

from home.models import HomePageFeaturedResource
from site_core.models import SiteSettings, SiteTexts
from tests.factories import (
    ApplicationFormFieldFactory,
    ApplicationFormPageFactory,
    EventCategoryFactory,
    EventIndexPageFactory,
    EventPageFactory,
    LegalForumPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
)

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def assert_page_shell(page):
    """The layout every public page shares: landmarks, skip link, one h1."""
    assert len(page.find_all("h1")) == 1
    skip = page.find("a", class_="skip-link")
    assert skip["href"] == "#main"
    assert page.find("main", id="main") is not None
    assert page.find("header") is not None
    assert page.find("footer") is not None
    assert page.find("html")["lang"] == "en"


class TestHomePage:
    def test_introduction_featured_resources_and_upcoming_events(self, client, home):
        resources = ResourceIndexPageFactory(parent=home)
        resource = ResourcePageFactory(parent=resources, title="What is trafficking?")
        home.featured_resources = [HomePageFeaturedResource(resource=resource)]
        home.save()
        events = EventIndexPageFactory(parent=home)
        EventPageFactory(parent=events, title="Legal Forum meeting")
        EventPageFactory(
            parent=events, title="Old conference", start_date=datetime.date(2018, 1, 16)
        )

        page = soup(client.get(home.url))
        assert_page_shell(page)
        text = page.get_text(" ", strip=True)
        assert "Welcome to the test site." in text
        assert page.find("a", string="What is trafficking?")["href"] == resource.url
        assert "Legal Forum meeting" in text
        assert "Old conference" not in text
        assert page.find("a", string="All events, including past ones")

    def test_hotline_call_to_action(self, client, home):
        page = soup(client.get(home.url))
        box = page.find(id="hotline-heading").parent
        assert box.find("a", href="tel:+19164283271").get_text() == "Call 916-428-3271"

    def test_unpublished_featured_resource_is_hidden(self, client, home):
        resources = ResourceIndexPageFactory(parent=home)
        draft = ResourcePageFactory(parent=resources, title="Draft guide", live=False)
        home.featured_resources = [HomePageFeaturedResource(resource=draft)]
        home.save()
        assert "Draft guide" not in client.get(home.url).content.decode()

    def test_no_events_says_so(self, client, home):
        page = soup(client.get(home.url))
        assert "No events are scheduled right now." in page.get_text()


class TestResourcePages:
    def test_index_lists_live_children(self, client, home):
        index = ResourceIndexPageFactory(parent=home)
        ResourcePageFactory(parent=index, title="Guide one")
        ResourcePageFactory(parent=index, title="Hidden draft", live=False)
        page = soup(client.get(index.url))
        assert_page_shell(page)
        titles = [h.get_text(strip=True) for h in page.select(".card__title")]
        assert titles == ["Guide one"]

    def test_every_body_block_renders(self, client, home):
        image = wagtail_factories.ImageFactory(title="Outreach photo")
        document = wagtail_factories.DocumentFactory(title="Conference flyer")
        index = ResourceIndexPageFactory(parent=home)
        resource = ResourcePageFactory(
            parent=index,
            title="Everything",
            body=[
                {"type": "heading", "value": {"text": "Section one", "level": "h2"}},
                {"type": "paragraph", "value": "<p>Plain <b>rich</b> text.</p>"},
                {
                    "type": "list",
                    "value": {
                        "style": "bulleted",
                        "items": ["Factory work", "Massage"],
                    },
                },
                {
                    "type": "image",
                    "value": {
                        "image": image.pk,
                        "alt_text": "Volunteers at a stall",
                        "decorative": False,
                        "caption": "Outreach day",
                    },
                },
                {
                    "type": "document",
                    "value": {"document": document.pk, "link_text": ""},
                },
                {
                    "type": "statistic",
                    "value": {
                        "figure": "20.9 million",
                        "label": "people trafficked around the world",
                        "source_name": "International Labour Office",
                        "source_url": "",
                    },
                },
                {
                    "type": "callout",
                    "value": {
                        "heading": "We can help",
                        "text": "Call us.",
                        "show_hotline": True,
                        "link_page": None,
                        "link_url": "",
                        "link_text": "",
                    },
                },
                {
                    "type": "quote",
                    "value": {
                        "quote": "Anyone can be a victim.",
                        "attribution": "Staff",
                    },
                },
            ],
        )
        page = soup(client.get(resource.url))
        assert_page_shell(page)
        main = page.find("main")
        assert main.find("h2", string="Section one")
        assert main.find("b", string="rich")
        assert [li.get_text() for li in main.select(".block-list li")] == [
            "Factory work",
            "Massage",
        ]
        img = main.select_one(".block-image img")
        assert img["alt"] == "Volunteers at a stall"
        assert main.select_one(".block-image figcaption").get_text() == "Outreach day"
        link = main.select_one(".block-document a")
        assert link.get_text() == "Conference flyer"
        assert link["href"] == document.url
        assert main.select_one(".statistic__figure").get_text() == "20.9 million"
        assert (
            "International Labour Office"
            in main.select_one(".statistic__source").get_text()
        )
        assert main.select_one(".callout a[href='tel:+19164283271']")
        assert main.select_one(".quote blockquote").get_text(strip=True) == (
            "Anyone can be a victim."
        )


class TestEventPage:
    def test_event_details(self, client, home):
        index = EventIndexPageFactory(parent=home)
        event = EventPageFactory(
            parent=index,
            title="Legal Forum: spring meeting",
            category=EventCategoryFactory(name="Legal Forum", slug="legal-forum"),
            start_date=datetime.date(2040, 4, 3),
            start_time=datetime.time(12),
            end_time=datetime.time(13, 30),
            venue_name="Community Hall",
            venue_address="1 Main Street\nSacramento",
            registration_url="https://example.org/register",
        )
        page = soup(client.get(event.url))
        assert_page_shell(page)
        facts = page.select_one(".event__facts").get_text(" ", strip=True)
        assert "Tuesday, April 3, 2040, 12 pm to 1:30 pm" in facts
        assert "Community Hall" in facts
        assert "Legal Forum" in facts
        time = page.select_one(".event__facts time")
        assert time["datetime"] == "2040-04-03T12:00:00-07:00"
        assert page.find("a", href="https://example.org/register")
        assert "already taken place" not in page.get_text()

    def test_online_event_without_venue(self, client, home):
        index = EventIndexPageFactory(parent=home)
        event = EventPageFactory(
            parent=index,
            attendance="online",
            venue_name="",
            online_details="We email a link after you register.",
        )
        text = soup(client.get(event.url)).select_one(".event__facts").get_text()
        assert "Online" in text
        assert "We email a link after you register." in text


class TestLegalForumPage:
    def test_next_meeting_and_application_links(self, client, home):
        forum_category = EventCategoryFactory(name="Legal Forum", slug="legal-forum")
        events = EventIndexPageFactory(parent=home)
        EventPageFactory(
            parent=events,
            title="Past meeting",
            category=forum_category,
            start_date=datetime.date(2020, 1, 1),
        )
        EventPageFactory(
            parent=events,
            title="Later meeting",
            category=forum_category,
            start_date=datetime.date(2041, 1, 1),
        )
        EventPageFactory(
            parent=events,
            title="Sooner meeting",
            category=forum_category,
            start_date=datetime.date(2040, 1, 1),
        )
        EventPageFactory(
            parent=events, title="A conference", start_date=datetime.date(2039, 1, 1)
        )
        forum = LegalForumPageFactory(parent=home, meeting_category=forum_category)
        join = ApplicationFormPageFactory(parent=forum, title="Legal Forum Application")
        pro_bono = ApplicationFormPageFactory(
            parent=forum, title="Volunteer Pro Bono Attorney Application"
        )
        forum.legal_forum_application = join
        forum.pro_bono_application = pro_bono
        forum.save()

        page = soup(client.get(forum.url))
        assert_page_shell(page)
        meeting = page.select_one(".next-meeting").get_text()
        # The next meetings, soonest first; past ones and other events left out.
        assert meeting.index("Sooner meeting") < meeting.index("Later meeting")
        assert "Past meeting" not in meeting
        assert "A conference" not in meeting
        assert page.find("a", string="Legal Forum Application")["href"] == join.url
        assert page.find("a", string="Volunteer Pro Bono Attorney Application")
        assert "Anyone may join." in page.get_text()

    def test_no_meeting_scheduled(self, client, home):
        forum = LegalForumPageFactory(
            parent=home,
            meeting_category=EventCategoryFactory(
                name="Legal Forum", slug="legal-forum"
            ),
        )
        page = soup(client.get(forum.url))
        assert (
            "No meeting is scheduled yet."
            in page.select_one(".next-meeting").get_text()
        )


class TestApplicationFormPage:
    @pytest.fixture
    def two_question_form(self, home):
        page = ApplicationFormPageFactory(parent=home, title="Legal Forum Application")
        ApplicationFormFieldFactory(page=page, label="Full name", sort_order=0)
        ApplicationFormFieldFactory(
            page=page,
            label="Email address",
            field_type="email",
            sort_order=1,
            help_text="We only use this to reply.",
        )
        return page

    def test_fields_are_labelled(self, client, two_question_form):
        page = soup(client.get(two_question_form.url))
        assert_page_shell(page)
        for name in ("full_name", "email_address"):
            field = page.find(attrs={"name": name})
            assert page.find("label", attrs={"for": field["id"]}) is not None
        email = page.find(attrs={"name": "email_address"})
        assert email["aria-describedby"] == "id_email_address_helptext"
        assert page.find(id="id_email_address_helptext").get_text() == (
            "We only use this to reply."
        )

    def test_errors_are_summarised_and_tied_to_their_fields(
        self, client, two_question_form
    ):
        page = soup(
            client.post(two_question_form.url, {"full_name": "", "email_address": "x"})
        )
        assert page.title.get_text().startswith("Error:")
        summary = page.select_one(".error-summary")
        assert summary["role"] == "alert"
        links = {a["href"] for a in summary.find_all("a")}
        assert links == {"#id_full_name", "#id_email_address"}
        email = page.find(attrs={"name": "email_address"})
        assert email["aria-invalid"] == "true"
        assert "id_email_address_error" in email["aria-describedby"].split()
        assert page.find(id="id_email_address_error").get_text(strip=True)

    def test_valid_submission_shows_thank_you(self, client, two_question_form):
        response = client.post(
            two_question_form.url,
            {"full_name": "Ada", "email_address": "ada@example.org"},
            follow=True,
        )
        assert response.redirect_chain == [(f"{two_question_form.url}thank-you/", 302)]
        assert "Thanks for applying." in soup(response).get_text()
        assert two_question_form.get_submissions().count() == 1


def test_site_settings_appear_on_every_page_type(client, home):
    settings = SiteSettings.for_site(home.get_site())
    settings.hotline_number = "(916) 555-0100"
    settings.organisation_name = "Test House"
    settings.contact_email = "hello@example.org"
    settings.address = "PO Box 1\nSacramento, CA"
    settings.save()
    SiteTexts.objects.create(
        locale=home.locale, hotline_text="Open every day", footer_text="Footer words."
    )

    resources = ResourceIndexPageFactory(parent=home)
    events = EventIndexPageFactory(parent=home)
    forum = LegalForumPageFactory(parent=home)
    pages = [
        home,
        resources,
        ResourcePageFactory(parent=resources),
        events,
        EventPageFactory(parent=events),
        forum,
        ApplicationFormPageFactory(parent=forum),
    ]
    for page_obj in pages:
        page = soup(client.get(page_obj.url))
        header = page.find("header")
        call = header.find("a", href="tel:+19165550100")
        assert call is not None, page_obj
        assert call.get_text() == "(916) 555-0100"
        assert "Open every day" in header.get_text()
        footer = page.find("footer").get_text(" ", strip=True)
        for expected in (
            "Test House",
            "hello@example.org",
            "Sacramento, CA",
            "Footer words.",
        ):
            assert expected in footer, (page_obj, expected)
        assert page.title.get_text().endswith("| Test House")


def test_not_found_page_keeps_the_hotline(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("a", href="tel:+19164283271")
