"""
What staff give the designed pages: the home page's hero and calls to action, the
donation appeal block, pictures on resource pages, and the privacy notice on the
application forms; in the HTML, in the API (checked against its OpenAPI document)
and in the starter site.
"""

from io import StringIO

import pytest
import wagtail_factories
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from wagtail.blocks import StructBlockValidationError
from wagtail.images import get_image_model
from wagtail.models import Collection, Site

from home.models import HomePage
from legal_forum.models import ApplicationFormPage, ApplicationRouting
from resources.models import ResourcePage
from site_core.blocks import CallToActionBlock, DonateBlock
from site_core.models import SiteSettings, StarterContentRecord
from starter_content.images import make_starter_image
from tests.factories import (
    ApplicationFormPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
)

pytestmark = pytest.mark.django_db

APPEAL = {
    "heading": "Keep the hotline open",
    "text": "Every gift helps.",
    "button_label": "Give today",
}


def set_donate_url(url):
    SiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"donate_url": url}
    )


def assert_matches(client, schema_name, instance):
    """``instance`` fits the named schema of the site's OpenAPI document."""
    document = client.get("/api/openapi.json").json()
    registry = Registry().with_resource(
        "urn:openapi",
        Resource.from_contents(document, default_specification=DRAFT202012),
    )
    validator = Draft202012Validator(
        {"$ref": f"urn:openapi#/components/schemas/{schema_name}"}, registry=registry
    )
    errors = [error.message for error in validator.iter_errors(instance)]
    assert not errors, errors


# The donation appeal ----------------------------------------------------------------


@pytest.fixture
def appeal_page(home):
    resources = ResourceIndexPageFactory(parent=home)
    return ResourcePageFactory(
        parent=resources,
        body=[
            {"type": "paragraph", "value": "<p>Before.</p>"},
            {"type": "donate", "value": APPEAL},
        ],
    )


def test_the_appeal_is_hidden_until_a_donation_page_is_set(client, appeal_page):
    html = client.get(appeal_page.url).content.decode()
    assert "Keep the hotline open" not in html
    body = client.get(f"/api/v2/pages/{appeal_page.pk}/").json()["body"]
    assert [block["type"] for block in body] == ["paragraph"]

    set_donate_url("https://give.example.org/msh")
    html = client.get(appeal_page.url).content.decode()
    assert "Keep the hotline open" in html
    assert (
        '<a class="button" href="https://give.example.org/msh">Give today</a>' in html
    )
    page_json = client.get(f"/api/v2/pages/{appeal_page.pk}/").json()
    assert page_json["body"][1]["value"] == {
        **APPEAL,
        "url": "https://give.example.org/msh",
    }
    assert_matches(client, "ResourcePage", page_json)


def test_the_appeal_renders_nothing_on_its_own_without_a_url(home):
    html = DonateBlock().render(DonateBlock().to_python(APPEAL), context={})
    assert html.strip() == ""


# Calls to action --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("links", "field", "message"),
    [
        ({}, "link_page", "Choose the page the button leads to"),
        (
            {"link_page": "home", "link_url": "https://example.org"},
            "link_url",
            "not both",
        ),
    ],
)
def test_a_call_to_action_leads_to_exactly_one_place(home, links, field, message):
    block = CallToActionBlock()
    value = block.to_python(
        {
            "heading": "Volunteer",
            "button_label": "Find out how",
            **{k: home.pk if v == "home" else v for k, v in links.items()},
        }
    )
    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(value)
    assert message in str(refused.value.block_errors[field])

    one = block.to_python(
        {"heading": "Volunteer", "button_label": "Go", "link_url": "https://a.org"}
    )
    assert block.clean(one)["link_url"] == "https://a.org"


@pytest.fixture
def designed_home(home):
    image = make_starter_image("Home hero (test)")
    resources = ResourceIndexPageFactory(parent=home)
    forum_page = ResourcePageFactory(parent=resources, slug="join", image=image)
    home.hero_heading = "Safety, support and a way forward"
    home.hero_text = "We stand beside survivors."
    home.hero_image = image
    home.calls_to_action = [
        (
            "call_to_action",
            {
                "heading": "Join the Legal Forum",
                "text": "Meet other attorneys.",
                "button_label": "About the Legal Forum",
                "link_page": forum_page,
                "link_url": "",
            },
        ),
        (
            "call_to_action",
            {
                "heading": "Volunteer",
                "text": "",
                "button_label": "Find out how",
                "link_page": None,
                "link_url": "https://example.org/volunteer",
            },
        ),
    ]
    home.save_revision().publish()
    return HomePage.objects.get(pk=home.pk), forum_page


def test_the_home_page_shows_its_hero_and_calls_to_action(client, designed_home):
    home, forum_page = designed_home
    html = client.get(home.url).content.decode()
    assert "<h1>Safety, support and a way forward</h1>" in html
    assert "We stand beside survivors." in html
    assert html.count("<h1") == 1
    assert "Join the Legal Forum" in html
    assert f'href="{forum_page.url}"' in html
    assert 'href="https://example.org/volunteer"' in html


def test_the_api_gives_the_hero_picture_and_calls_to_action(client, designed_home):
    home, forum_page = designed_home
    data = client.get(f"/api/v2/pages/{home.pk}/").json()
    assert data["hero_heading"] == "Safety, support and a way forward"
    assert data["hero_image"]["url"].startswith("http://testserver/")
    assert data["hero_image"]["id"] == home.hero_image_id
    actions = [block["value"] for block in data["calls_to_action"]]
    assert actions[0]["link_page"]["id"] == forum_page.pk
    assert actions[1]["link_url"] == "https://example.org/volunteer"
    assert_matches(client, "HomePage", data)

    resource = client.get(f"/api/v2/pages/{forum_page.pk}/").json()
    assert resource["image"]["id"] == home.hero_image_id
    assert_matches(client, "ResourcePage", resource)


def test_a_page_picture_in_a_restricted_collection_is_not_given_out(client, home):
    private = Collection.get_first_root_node().add_child(name="Staff only")
    private.view_restrictions.create(restriction_type="login")
    image = wagtail_factories.ImageFactory(collection=private)
    page = ResourcePageFactory(
        parent=ResourceIndexPageFactory(parent=home), image=image
    )
    data = client.get(f"/api/v2/pages/{page.pk}/").json()
    assert data["image"] is None
    assert_matches(client, "ResourcePage", data)


def test_listing_page_pictures_costs_the_same_for_more_pages(client, home):
    resources = ResourceIndexPageFactory(parent=home)
    url = "/api/v2/pages/?type=resources.ResourcePage&fields=image"

    def count_for(pages):
        while ResourcePage.objects.count() < pages:
            ResourcePageFactory(
                parent=resources, image=wagtail_factories.ImageFactory()
            )
        client.get(url)  # renditions made once, as on a live site
        with CaptureQueriesContext(connection) as queries:
            assert len(client.get(url).json()["items"]) == pages
        return len(queries)

    few = count_for(2)
    assert count_for(4) == few


# The privacy notice on application forms --------------------------------------------


def test_each_form_says_how_long_answers_are_kept_and_links_privacy(client, home):
    privacy = ResourcePageFactory(
        parent=ResourceIndexPageFactory(parent=home), title="Privacy", slug="privacy"
    )
    SiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"privacy_page": privacy},
    )
    year = ApplicationFormPageFactory(parent=home, slug="forum-application")
    quarter = ApplicationFormPageFactory(
        parent=home, slug="pro-bono", routing__retention_days=90
    )
    for form, days in ((year, 365), (quarter, 90)):
        html = client.get(form.url).content.decode()
        assert "How we use your answers" in html
        assert f"We keep your application for {days} days" in html
        assert "staff who review applications can read your answers" in html
        assert f'href="{privacy.url}">Read our privacy notice</a>' in html


def test_the_notice_needs_no_routing_row_and_writes_nothing(client, home):
    form = ApplicationFormPageFactory(parent=home, slug="new-form")
    ApplicationRouting.objects.filter(page=form).delete()
    html = client.get(form.url).content.decode()
    assert "We keep your application for 365 days" in html
    assert not ApplicationRouting.objects.filter(page=form).exists()


# The starter site -------------------------------------------------------------------


def bootstrap():
    call_command("bootstrap_site", stdout=StringIO())


def test_bootstrap_makes_the_designed_starter_content_once(client):
    bootstrap()
    home = HomePage.objects.get(locale__language_code="en")
    assert home.hero_heading == "Safety, support and a way forward"
    assert home.hero_image is not None
    assert home.hero_image.width == 1600 and home.hero_image.height == 900
    assert home.hero_image.description == ""  # decoration: no alt text
    assert home.hero_image.collection == Collection.get_first_root_node()
    linked = [block.value["link_page"].slug for block in home.calls_to_action]
    assert linked == [
        "what-is-human-trafficking",
        "legal-forum",
        "volunteer-pro-bono-attorney-application",
    ]
    for resource in ResourcePage.objects.filter(
        slug__in=["what-is-human-trafficking", "browse-safely"]
    ):
        assert resource.image is not None, resource
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    privacy = ResourcePage.objects.get(slug="privacy", locale__language_code="en")
    assert settings.privacy_page.pk == privacy.pk
    assert settings.donate_url == ""  # no donation address is known
    text = " ".join(str(block.value) for block in privacy.body)
    assert "365 days" in text and "analytics" in text

    html = client.get(home.url).content.decode()
    assert "<h1>Safety, support and a way forward</h1>" in html
    form = ApplicationFormPage.objects.get(
        slug="legal-forum-application", locale__language_code="en"
    )
    assert (
        f'href="{privacy.url}">Read our privacy notice'
        in client.get(form.url).content.decode()
    )

    images = get_image_model().objects.count()
    records = StarterContentRecord.objects.count()
    bootstrap()
    assert get_image_model().objects.count() == images
    assert StarterContentRecord.objects.count() == records
