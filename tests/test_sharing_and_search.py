"""Sitemap, robots.txt, sharing tags on every page, and the private site search."""

import logging
import re
import xml.etree.ElementTree as ET

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from django.apps import apps
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.search.backends import get_search_backend

from site_core.models import SiteSettings, SiteTexts
from site_core.search import (
    EMPTY_QUERY,
    FORM_EXPIRED,
    MAX_QUERY_LENGTH,
    QUERY_TOO_LONG,
    RESULTS_PER_PAGE,
    SEARCH_FAILED,
    SEARCH_IN_LINK,
)
from tests.factories import (
    ApplicationFormFieldFactory,
    ApplicationFormPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    HomePageFactory,
    LegalForumPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
    paragraph,
)

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
# A word no factory or template writes, so finding it means the search matched.
RARE_WORD = "zanzibarite"


def html(response):
    return BeautifulSoup(response.content, "html.parser")


def restrict(page):
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )


def site_settings(**values):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in values.items():
        setattr(settings, name, value)
    settings.save()
    return settings


@pytest.fixture
def site_tree(home):
    """One live page of each type under the home page."""
    resources = ResourceIndexPageFactory(parent=home)
    events = EventIndexPageFactory(parent=home)
    forum = LegalForumPageFactory(parent=home)
    form = ApplicationFormPageFactory(parent=forum, title="Legal Forum Application")
    ApplicationFormFieldFactory(page=form, label="Your name")
    return {
        "home": home,
        "resource_index": resources,
        "resource": ResourcePageFactory(parent=resources, title="What is trafficking?"),
        "event_index": events,
        "event": EventPageFactory(parent=events, title="Spring conference"),
        "legal_forum": forum,
        "application_form": form,
    }


# Sitemap and robots.txt


def sitemap_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    return [loc.text for loc in root.findall("sm:url/sm:loc", SITEMAP_NS)]


class TestSitemap:
    def test_lists_every_live_public_page_with_absolute_urls(self, client, site_tree):
        locations = sitemap_locations(client)
        assert sorted(locations) == sorted(page.full_url for page in site_tree.values())
        assert all(url.startswith("http://localhost/") for url in locations)

    def test_leaves_out_drafts_private_pages_and_thank_you_routes(
        self, client, site_tree
    ):
        draft = ResourcePageFactory(parent=site_tree["resource_index"], live=False)
        private = ResourcePageFactory(parent=site_tree["resource_index"])
        restrict(private)
        private_section = ResourceIndexPageFactory(
            parent=site_tree["home"], title="Staff only", slug="staff-only"
        )
        inside_private_section = ResourcePageFactory(parent=private_section)
        restrict(private_section)

        locations = sitemap_locations(client)
        assert site_tree["resource"].full_url in locations
        for hidden in (draft, private, private_section, inside_private_section):
            assert hidden.full_url not in locations
        assert site_tree["application_form"].full_url in locations
        assert not [url for url in locations if "thank-you" in url]


class TestRobotsTxt:
    def test_rules_and_sitemap(self, client, home):
        response = client.get("/robots.txt")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        lines = response.content.decode().splitlines()
        assert "User-agent: *" in lines
        for path in ("/admin/", "/documents/", "/search/"):
            assert f"Disallow: {path}" in lines
        # Public pages stay crawlable: nothing disallows the whole site.
        assert "Disallow: /" not in lines
        assert "Sitemap: http://localhost/sitemap.xml" in lines


# Description, canonical URL and Open Graph tags


def meta(page_html, key):
    """The content of a <meta> tag found by its property or name, or None."""
    tag = page_html.find("meta", attrs={"property": key}) or page_html.find(
        "meta", attrs={"name": key}
    )
    return tag["content"] if tag is not None else None


@pytest.fixture
def share_image():
    image = wagtail_factories.ImageFactory(
        title="Our logo",
        description="The house logo",
        file__width=1600,
        file__height=1000,
    )
    site_settings(share_image=image)
    return image


PAGE_TYPES = [
    "home",
    "resource_index",
    "resource",
    "event_index",
    "event",
    "legal_forum",
    "application_form",
]


class TestSharingTags:
    @pytest.mark.parametrize("kind", PAGE_TYPES)
    def test_every_page_type(self, client, site_tree, share_image, kind):
        page = site_tree[kind]
        page.search_description = f"Description of {page.title}."
        page.save()
        page_html = html(client.get(page.url))

        assert meta(page_html, "description") == f"Description of {page.title}."
        assert page_html.find("link", rel="canonical")["href"] == page.full_url
        assert meta(page_html, "og:url") == page.full_url
        assert meta(page_html, "og:title") == page.title
        assert meta(page_html, "og:description") == f"Description of {page.title}."
        assert meta(page_html, "og:site_name") == "My Sister's House"
        expected_type = "article" if kind == "resource" else "website"
        assert meta(page_html, "og:type") == expected_type
        image_url = meta(page_html, "og:image")
        assert image_url.startswith("http://testserver/")
        assert meta(page_html, "og:image:width") == "1200"
        assert meta(page_html, "og:image:height") == "630"
        assert meta(page_html, "og:image:alt") == "The house logo"
        assert meta(page_html, "twitter:card") == "summary_large_image"

    def test_image_url_is_the_share_images_rendition(
        self, client, site_tree, share_image
    ):
        page_html = html(client.get(site_tree["resource"].url))
        rendition = share_image.get_rendition("fill-1200x630")
        assert meta(page_html, "og:image") == f"http://testserver{rendition.url}"

    def test_no_image_tags_without_a_share_image(self, client, site_tree):
        page_html = html(client.get(site_tree["resource"].url))
        assert meta(page_html, "og:image") is None
        assert meta(page_html, "og:image:alt") is None
        assert meta(page_html, "twitter:card") == "summary"

    def test_summary_is_the_description_when_there_is_no_search_description(
        self, client, site_tree
    ):
        resource = site_tree["resource"]
        page_html = html(client.get(resource.url))
        assert meta(page_html, "description") == resource.summary
        assert meta(page_html, "og:description") == resource.summary

    def test_seo_title_is_the_shared_title(self, client, site_tree):
        resource = site_tree["resource"]
        resource.seo_title = "Human trafficking explained"
        resource.save()
        page_html = html(client.get(resource.url))
        assert meta(page_html, "og:title") == "Human trafficking explained"

    def test_description_falls_back_to_footer_text_then_organisation_name(
        self, client, home
    ):
        assert meta(html(client.get(home.url)), "description") == "My Sister's House"
        SiteTexts.objects.create(
            locale=Locale.get_default(),
            footer_text="We support survivors in Sacramento.",
        )
        page_html = html(client.get(home.url))
        assert meta(page_html, "description") == "We support survivors in Sacramento."

    def test_a_page_with_its_own_image_shares_it(self, rf, site_tree, share_image):
        own_image = wagtail_factories.ImageFactory(title="Conference hall")
        resource = site_tree["resource"]
        resource.og_image = own_image  # as a page type with an image field would
        request = rf.get(resource.url)
        page_html = BeautifulSoup(
            render_to_string(
                "includes/meta.html",
                {
                    "page": resource,
                    "request": request,
                    "site_settings": SiteSettings.for_request(request),
                },
            ),
            "html.parser",
        )
        expected = own_image.get_rendition("fill-1200x630").url
        assert meta(page_html, "og:image") == f"http://testserver{expected}"
        assert meta(page_html, "og:image:alt") == "Conference hall"

    def test_not_found_page(self, client, home, share_image):
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        page_html = html(response)
        assert meta(page_html, "description") == "My Sister's House"
        assert meta(page_html, "og:title") == "My Sister's House"
        assert meta(page_html, "og:image").startswith("http://testserver/")
        # A missing page has no address of its own to point to.
        assert page_html.find("link", rel="canonical") is None
        assert meta(page_html, "og:url") is None


# Site search


def search(client, query, **extra):
    return client.post("/search/", {"q": query, **extra})


def result_titles(response):
    assert response.status_code == 200
    return [a.get_text() for a in html(response).select(".search-results h3 a")]


@pytest.fixture
def resources(home):
    return ResourceIndexPageFactory(parent=home)


def make_resource(parent, title, **kwargs):
    return ResourcePageFactory(
        parent=parent,
        title=title,
        body=paragraph(f"Information about {RARE_WORD} and where to find help."),
        **kwargs,
    )


class TestSearch:
    def test_finds_a_resource_by_a_word_in_its_body(self, client, resources):
        resource = make_resource(resources, "Finding help")
        ResourcePageFactory(parent=resources, title="Unrelated")
        response = search(client, RARE_WORD)
        assert result_titles(response) == ["Finding help"]
        result = html(response).select_one(".search-results li")
        assert result.find("a")["href"] == resource.url
        assert resource.summary in result.get_text()
        assert resource.full_url in result.get_text()

    def test_uses_the_databases_own_full_text_search(self):
        backend = type(get_search_backend()).__module__
        expected = {"postgresql": "postgres", "sqlite": "sqlite"}[connection.vendor]
        assert backend.split(".")[-2] == expected  # not the slow "fallback" one

    def test_leaves_out_drafts_and_private_pages(self, client, home, resources):
        make_resource(resources, "Public guide")
        make_resource(resources, "Draft guide", live=False)
        restrict(make_resource(resources, "Private guide"))
        private_section = ResourceIndexPageFactory(
            parent=home, title="Staff", slug="staff"
        )
        make_resource(private_section, "Guide in a private section")
        restrict(private_section)

        assert result_titles(search(client, RARE_WORD)) == ["Public guide"]

    def test_leaves_out_other_sites(self, client, resources):
        make_resource(resources, "Our guide")
        other_home = HomePageFactory(parent=Page.get_first_root_node(), slug="other")
        Site.objects.create(hostname="other.example", root_page=other_home)
        make_resource(
            ResourceIndexPageFactory(parent=other_home), "Another site's guide"
        )
        assert result_titles(search(client, RARE_WORD)) == ["Our guide"]

    def test_a_search_in_the_address_is_neither_run_nor_shown(self, client, resources):
        make_resource(resources, "Finding help")
        response = client.get("/search/", {"q": RARE_WORD})
        assert response.status_code == 200
        body = response.content.decode()
        assert RARE_WORD not in body
        assert "Finding help" not in body
        assert SEARCH_IN_LINK in html(response).get_text()

    def test_the_form_posts_and_keeps_no_history(self, client, home):
        page_html = html(client.get("/search/"))
        form = page_html.select_one("form.search-form")
        assert form["method"] == "post"
        assert form["action"] == "/search/"
        assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})
        field = form.find("input", attrs={"name": "q"})
        assert page_html.find("label", attrs={"for": field["id"]}).get_text()
        assert field["autocomplete"] == "off"
        assert field["maxlength"] == str(MAX_QUERY_LENGTH)
        assert "does not keep what you search for" in page_html.get_text()

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_responses_are_not_stored_and_send_no_referrer(self, client, home, method):
        response = getattr(client, method)("/search/", {"q": "help"})
        assert "no-store" in response["Cache-Control"]
        assert response["Referrer-Policy"] == "no-referrer"

    def test_too_long_a_search_is_refused_kindly(self, client, resources):
        make_resource(resources, "Finding help")
        too_long = f"{RARE_WORD} " + "x" * MAX_QUERY_LENGTH
        response = search(client, too_long)
        assert response.status_code == 200
        assert QUERY_TOO_LONG % {"limit": 200} in html(response).get_text()
        assert result_titles(response) == []

        longest = RARE_WORD.ljust(MAX_QUERY_LENGTH - len(RARE_WORD)) + RARE_WORD
        assert len(longest) == MAX_QUERY_LENGTH
        assert result_titles(search(client, longest)) == ["Finding help"]

    @pytest.mark.parametrize("query", ["", "   "])
    def test_an_empty_search_says_what_to_do(self, client, home, query):
        response = search(client, query)
        assert EMPTY_QUERY in html(response).get_text()
        assert html(response).select_one(".search-results") is None

    def test_results_count_heading_and_accessible_page(self, client, resources):
        make_resource(resources, "First guide")
        make_resource(resources, "Second guide")
        response = search(client, RARE_WORD)
        page_html = html(response)
        assert len(page_html.find_all("h1")) == 1
        heading = page_html.select_one("#search-results-heading").get_text()
        assert heading.startswith("2 results for")
        # Browsers keep page titles in their history: the title has the count only.
        title = page_html.title.get_text()
        assert title.startswith("Search: 2 results")
        assert RARE_WORD not in title

    def test_past_the_counted_many_it_says_more_than(
        self, client, resources, monkeypatch
    ):
        monkeypatch.setattr("site_core.search.MAX_COUNTED", 3)
        for number in range(5):
            make_resource(resources, f"Guide {number}")
        page_html = html(search(client, RARE_WORD))
        heading = page_html.select_one("#search-results-heading").get_text()
        assert heading.startswith("More than 3 results for")
        assert page_html.title.get_text().startswith("Search: more than 3 results")
        assert len(result_titles(search(client, RARE_WORD))) == 3

    def test_a_renamed_page_shows_its_new_title_in_results(self, client, resources):
        resource = make_resource(resources, "Old title")
        assert result_titles(search(client, RARE_WORD)) == ["Old title"]
        resource.title = "New title"
        resource.save_revision().publish()
        assert result_titles(search(client, RARE_WORD)) == ["New title"]

    def test_no_results(self, client, home):
        response = search(client, "nothingmatchesthis")
        assert html(response).select_one("#search-results-heading").get_text() == (
            "No results for “nothingmatchesthis”"
        )

    def test_pages_of_results_are_asked_for_by_post(self, client, resources):
        for number in range(RESULTS_PER_PAGE + 1):
            make_resource(resources, f"Guide {number:02d}")
        first = search(client, RARE_WORD)
        assert len(result_titles(first)) == RESULTS_PER_PAGE
        pager = html(first).select_one(".pagination form")
        assert pager["method"] == "post"
        assert pager.find("input", attrs={"name": "q"})["value"] == RARE_WORD
        assert pager.find("button", attrs={"name": "page"})["value"] == "2"

        second = search(client, RARE_WORD, page="2")
        titles = result_titles(second)
        assert len(titles) == 1
        assert titles[0] not in result_titles(first)

    def test_a_form_without_its_token_is_refused_without_echoing_the_words(self, home):
        client = Client(enforce_csrf_checks=True)
        refused = client.post("/search/", {"q": RARE_WORD})
        assert refused.status_code == 403
        assert FORM_EXPIRED in html(refused).get_text()
        assert RARE_WORD not in refused.content.decode()

        token = html(client.get("/search/")).find(
            "input", attrs={"name": "csrfmiddlewaretoken"}
        )["value"]
        accepted = client.post(
            "/search/", {"q": RARE_WORD, "csrfmiddlewaretoken": token}
        )
        assert accepted.status_code == 200

    @pytest.mark.parametrize(
        "query",
        [f'"{RARE_WORD}" (help)', f"{RARE_WORD}\x00", f"{RARE_WORD}*:", "NOT AND"],
    )
    def test_punctuation_and_control_characters_are_harmless(
        self, client, resources, query
    ):
        # SQLite's full-text engine rejects stray quotes and brackets and
        # PostgreSQL rejects NUL: either would be an error page.
        make_resource(resources, "Finding help")
        response = search(client, query)
        assert SEARCH_FAILED not in html(response).get_text()
        expected = ["Finding help"] if RARE_WORD in query else []
        assert result_titles(response) == expected

    def test_a_failing_search_says_so_and_logs_only_the_kind_of_error(
        self, client, resources, caplog
    ):
        make_resource(resources, "Finding help")
        # Break the search index for real (undone when the test's transaction is).
        table = {
            "sqlite": "wagtailsearch_indexentry_fts",
            "postgresql": "wagtailsearch_indexentry CASCADE",
        }[connection.vendor]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks
            cursor.execute(f"DROP TABLE {table}")
        response = search(client, RARE_WORD)
        assert response.status_code == 200
        assert SEARCH_FAILED in html(response).get_text()
        [record] = [r for r in caplog.records if r.name == "site_core.search"]
        assert record.levelno == logging.ERROR
        # The error's own text could quote the search, so only its class is logged.
        assert re.fullmatch(r"Site search failed \(\w+Error\)\.", record.getMessage())
        assert RARE_WORD not in repr(vars(record))

    def test_only_get_and_post(self, client, home):
        assert client.put("/search/").status_code == 405

    def test_page_has_no_inline_script_or_style(self, client, resources, share_image):
        make_resource(resources, "Finding help")
        page_html = html(search(client, RARE_WORD))
        assert all(script.get("src") for script in page_html.find_all("script"))
        for tag in page_html.find_all(True):
            assert "style" not in tag.attrs
            assert not [name for name in tag.attrs if name.startswith("on")]


def test_search_queries_do_not_grow_with_the_number_of_results(
    client, resources, django_assert_num_queries
):
    make_resource(resources, "Guide")
    search(client, RARE_WORD)  # the first request also fills the site cache
    with CaptureQueriesContext(connection) as one_result:
        search(client, RARE_WORD)
    one_result_queries = len(one_result.captured_queries)  # before a request resets
    for number in range(RESULTS_PER_PAGE):
        make_resource(resources, f"Guide {number}")
    search(client, RARE_WORD)  # refills what the publishes retired from the cache
    with django_assert_num_queries(one_result_queries):
        assert len(result_titles(search(client, RARE_WORD))) == RESULTS_PER_PAGE


@pytest.fixture
def every_log_record(caplog):
    """caplog, receiving every record at DEBUG level from every logger."""
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):
        caplog.set_level(logging.DEBUG, logger=name)
        logger = logging.getLogger(name)
        if not logger.propagate:
            logger.addHandler(caplog.handler)
    yield caplog
    for name in list(logging.root.manager.loggerDict):
        logging.getLogger(name).removeHandler(caplog.handler)


class TestSearchLeavesNoTrace:
    def test_nothing_logged(self, client, resources, every_log_record):
        make_resource(resources, "Finding help")
        every_log_record.clear()
        assert result_titles(search(client, RARE_WORD)) == ["Finding help"]
        search(client, RARE_WORD * 20)  # too long
        Client(enforce_csrf_checks=True).post("/search/", {"q": RARE_WORD})
        # The refused form is logged (path only), which shows logging was captured.
        assert every_log_record.records
        for record in every_log_record.records:
            assert RARE_WORD not in record.getMessage()
            assert RARE_WORD not in repr(vars(record))

    def test_nothing_written_to_the_database(self, client, resources):
        make_resource(resources, "Finding help")
        site_settings()  # made on first use; made here, so it isn't counted
        with CaptureQueriesContext(connection) as queries:
            assert result_titles(search(client, RARE_WORD)) == ["Finding help"]
        writes = [
            query["sql"]
            for query in queries.captured_queries
            if query["sql"].lstrip().split(" ", 1)[0].upper()
            in {"INSERT", "UPDATE", "DELETE", "REPLACE"}
        ]
        assert writes == []

    def test_no_search_promotion_hits(self, client, resources):
        make_resource(resources, "Finding help")
        search(client, RARE_WORD)
        if apps.is_installed("wagtail.contrib.search_promotions"):
            from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

            assert not Query.objects.exists()
            assert not QueryDailyHits.objects.exists()
        else:
            # Wagtail 8 keeps no search history outside search_promotions.
            from wagtail.search import models as search_models

            assert not hasattr(search_models, "Query")
