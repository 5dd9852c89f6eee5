"""
News and announcements: the index (order, tag and kind filters, bad links), the
article page, the RSS feed, the API and its OpenAPI description, search, the
sitemap, where the pages may go, and queries that do not grow with the news.
"""

import datetime
import email.utils
import xml.etree.ElementTree as ET

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from news.models import NewsArticlePage, NewsIndexPage
from site_core.models import SiteSettings
from tests.factories import NewsArticlePageFactory, NewsIndexPageFactory

pytestmark = pytest.mark.django_db

DEC_16 = datetime.date(2026, 12, 16)


@pytest.fixture
def news(home):
    return NewsIndexPageFactory(
        parent=home, slug="news", introduction="<p>What is new.</p>"
    )


def article(index, title, date=DEC_16, **kwargs):
    return NewsArticlePageFactory(parent=index, title=title, date=date, **kwargs)


def html(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def card_titles(response):
    return [a.get_text(strip=True) for a in html(response).select(".card__title a")]


# The index --------------------------------------------------------------------


class TestIndex:
    def test_lists_live_public_articles_newest_first(self, client, news):
        article(news, "Older", date=datetime.date(2026, 3, 1))
        article(news, "Newest", date=datetime.date(2026, 12, 20))
        article(news, "Same day, first")
        article(news, "Same day, second")
        article(news, "Draft", live=False)
        private = article(news, "Private")
        PageViewRestriction.objects.create(page=private, restriction_type="login")

        assert card_titles(client.get(news.url)) == [
            "Newest",
            "Same day, second",
            "Same day, first",
            "Older",
        ]

    def test_a_card_shows_the_date_kind_and_summary(self, client, news):
        article(news, "Save the date", kind="announcement", summary="Mark it.")
        card = html(client.get(news.url)).select_one(".card-grid .card")
        time = card.select_one(".card__meta time")
        assert time.get_text() == "December 16, 2026"
        assert time["datetime"] == "2026-12-16"
        badge = card.select_one(".badge")
        assert badge["class"] == ["badge", "badge--announcement"]
        assert badge.get_text() == "Announcement"
        assert card.select_one(".card__summary").get_text() == "Mark it."

    def test_filters_by_tag_and_lists_the_tags_in_use(self, client, news):
        article(news, "Forum news", tags=["Legal Forum"])
        article(news, "Conference news", tags=["Conference", "Legal Forum"])
        article(news, "Untagged")

        page_html = html(client.get(news.url))
        tags = page_html.select("nav[aria-labelledby=tags-heading] a")
        assert [(a.get_text(), a["href"]) for a in tags] == [
            ("Conference", "?tag=conference"),
            ("Legal Forum", "?tag=legal-forum"),
        ]
        response = client.get(news.url, {"tag": "legal-forum"})
        assert card_titles(response) == ["Conference news", "Forum news"]
        assert "tagged “Legal Forum”" in html(response).get_text()
        assert card_titles(client.get(news.url, {"tag": "conference"})) == [
            "Conference news"
        ]

    def test_filters_by_kind(self, client, news):
        article(news, "A story")
        article(news, "A date to save", kind="announcement", tags=["Conference"])
        assert card_titles(client.get(news.url, {"kind": "announcement"})) == [
            "A date to save"
        ]
        assert card_titles(client.get(news.url, {"kind": "news"})) == ["A story"]
        both = client.get(news.url, {"kind": "news", "tag": "conference"})
        assert card_titles(both) == []
        assert "Nothing matches this choice yet." in html(both).get_text()

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ({"tag": "no-such-tag"}, "No articles are tagged “no-such-tag”."),
            ({"kind": "gossip"}, "There is no kind of article called “gossip”"),
            ({"tag": "<b>x</b>"}, "No articles are tagged “<b>x</b>”."),
        ],
    )
    def test_a_filter_that_matches_nothing_says_so(self, client, news, query, message):
        article(news, "A story", tags=["Legal Forum"])
        response = client.get(news.url, query)
        page_html = html(response)
        notice = page_html.select_one(".notice")
        assert message in notice.get_text()  # shown as text, never as markup
        assert notice.select_one("b") is None
        assert notice.select_one("a")["href"] == news.url
        assert card_titles(response) == []

    @pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "1.5", "9" * 30])
    def test_any_page_number_shows_a_page(self, client, news, settings, page):
        settings.NEWS_PER_PAGE = 2
        for n in range(5):
            article(news, f"Article {n}", date=DEC_16 - datetime.timedelta(days=n))
        titles = card_titles(client.get(news.url, {"page": page}))
        # Not a number: the first page; past the end: the last.
        assert titles in (["Article 0", "Article 1"], ["Article 4"])

    def test_pages_keep_the_filter(self, client, news, settings):
        settings.NEWS_PER_PAGE = 2
        for n in range(3):
            article(news, f"Forum {n}", date=DEC_16 - datetime.timedelta(days=n))
            article(news, f"Other {n}", tags=["Legal Forum"], kind="announcement")
        response = client.get(news.url, {"tag": "legal-forum", "kind": "announcement"})
        next_link = html(response).select_one(".pagination a")
        assert next_link["href"] == "?tag=legal-forum&kind=announcement&page=2"
        second = client.get(news.url + next_link["href"])
        assert len(card_titles(second)) == 1
        assert card_titles(second)[0].startswith("Other")

    def test_says_so_when_there_is_no_news(self, client, news):
        assert "There is no news yet." in html(client.get(news.url)).get_text()


# The article page -----------------------------------------------------------


class TestArticle:
    def test_shows_date_kind_tags_and_body(self, client, news):
        page = article(
            news,
            "Legal Forum welcomes members",
            kind="announcement",
            tags=["Pro bono", "Legal Forum"],
        )
        page_html = html(client.get(page.url))
        assert page_html.select_one("h1").get_text() == "Legal Forum welcomes members"
        details = page_html.select_one("dl.details")
        assert details.select_one("time").get_text() == "December 16, 2026"
        assert details.select_one(".badge--announcement").get_text() == "Announcement"
        assert [(a.get_text(), a["href"]) for a in details.select("a.tag")] == [
            ("Legal Forum", "/news/?tag=legal-forum"),
            ("Pro bono", "/news/?tag=pro-bono"),
        ]
        assert "All about Legal Forum welcomes members." in page_html.get_text()

    def test_shows_and_shares_its_picture(self, client, news):
        image = wagtail_factories.ImageFactory(description="Volunteers at a table")
        page = article(news, "With a picture", image=image)
        page_html = html(client.get(page.url))
        picture = page_html.select_one("main img.card__image")
        assert picture["alt"] == "Volunteers at a table"
        shared = page_html.find("meta", property="og:image")["content"]
        assert shared.endswith(image.get_rendition("fill-1200x630").url)
        assert page_html.find("meta", property="og:type")["content"] == "article"

    def test_the_slug_feed_is_refused_with_a_reason(self, news):
        page = NewsArticlePage(title="Feed", slug="feed", summary="s", body=[])
        with pytest.raises(ValidationError) as error:
            news.add_child(instance=page)
        assert "address of the news feed" in str(error.value.message_dict["slug"])

    def test_both_pages_point_to_the_feed(self, client, news):
        page = article(news, "A story")
        for url in (news.url, page.url):
            links = html(client.get(url)).select(
                'head link[rel=alternate][type="application/rss+xml"]'
            )
            assert [link["href"] for link in links] == ["/news/feed/"]
            assert links[0]["title"] == "My Sister's House: News"


# The feed ---------------------------------------------------------------------


def feed(client, news):
    response = client.get(f"{news.url}feed/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    return ET.fromstring(response.content).find("channel")  # noqa: S314 (our own)


class TestFeed:
    @pytest.fixture
    def moved_site(self, news):
        """The site at an address no request in these tests is sent to."""
        Site.objects.filter(is_default_site=True).update(
            hostname="news.example.org", port=443
        )
        return "https://news.example.org"

    def test_channel_names_the_organisation_and_links_absolutely(
        self, client, news, moved_site
    ):
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        settings.organisation_name = "Our House"
        settings.save()
        channel = feed(client, news)
        assert channel.findtext("title") == "Our House: News"
        assert channel.findtext("description") == (
            "News and announcements from Our House."
        )
        assert channel.findtext("link") == f"{moved_site}/news/"
        self_link = channel.find("{http://www.w3.org/2005/Atom}link")
        assert self_link.get("href") == f"{moved_site}/news/feed/"

    def test_items_newest_first_with_absolute_links(self, client, news, moved_site):
        tagged = article(news, "Forum news", tags=["Legal Forum", "Conference"])
        article(news, "Older", date=datetime.date(2026, 7, 4))
        article(news, "Draft", live=False)
        items = feed(client, news).findall("item")
        assert [item.findtext("title") for item in items] == ["Forum news", "Older"]
        first = items[0]
        assert first.findtext("link") == f"{moved_site}/news/forum-news/"
        assert first.findtext("description") == "In brief: Forum news."
        assert [c.text for c in first.findall("category")] == [
            "News",
            "Conference",
            "Legal Forum",
        ]
        guid = first.find("guid")
        assert guid.get("isPermaLink") == "false"
        assert guid.text == f"news-article-{tagged.pk}@my-sisters-house"

    def test_guids_do_not_change_when_the_site_moves(self, client, news, moved_site):
        article(news, "A story")
        before = [g.text for g in feed(client, news).iter("guid")]
        Site.objects.update(hostname="elsewhere.example.org")
        assert [g.text for g in feed(client, news).iter("guid")] == before

    def test_dates_are_in_pacific_time(self, client, news):
        winter = article(news, "Winter", date=DEC_16)
        article(news, "Summer", date=datetime.date(2026, 7, 4))
        # First published on its date: the moment it appeared, in Sacramento time.
        published = datetime.datetime(2026, 12, 16, 18, 30, tzinfo=datetime.UTC)
        NewsArticlePage.objects.filter(pk=winter.pk).update(
            first_published_at=published
        )
        dates = {
            item.findtext("title"): item.findtext("pubDate")
            for item in feed(client, news).findall("item")
        }
        assert dates == {
            "Winter": "Wed, 16 Dec 2026 10:30:00 -0800",
            "Summer": "Sat, 04 Jul 2026 00:00:00 -0700",
        }
        assert email.utils.parsedate_to_datetime(dates["Winter"]) == published

    def test_holds_the_latest_twenty(self, client, news):
        for n in range(22):
            article(news, f"Article {n}", date=DEC_16 - datetime.timedelta(days=n))
        titles = [item.findtext("title") for item in feed(client, news).iter("item")]
        assert titles == [f"Article {n}" for n in range(20)]


# The API ----------------------------------------------------------------------


@pytest.fixture
def document(client):
    return client.get("/api/openapi.json").json()


def assert_matches(document, schema_name, instance):
    registry = Registry().with_resource(
        "urn:openapi",
        Resource.from_contents(document, default_specification=DRAFT202012),
    )
    validator = Draft202012Validator(
        {"$ref": f"urn:openapi#/components/schemas/{schema_name}"}, registry=registry
    )
    errors = [error.message for error in validator.iter_errors(instance)]
    assert not errors, f"{schema_name}: {errors}"


ARTICLES = "/api/v2/pages/?type=news.NewsArticlePage"


class TestApi:
    def test_lists_articles_newest_first_and_by_tag(self, client, news):
        article(news, "Older", date=datetime.date(2026, 1, 2), tags=["Legal Forum"])
        article(news, "Newer", tags=["Conference"])
        titles = [item["title"] for item in client.get(ARTICLES).json()["items"]]
        assert titles == ["Newer", "Older"]
        tagged = client.get(f"{ARTICLES}&tag=legal-forum").json()
        assert [item["title"] for item in tagged["items"]] == ["Older"]
        assert client.get(f"{ARTICLES}&tag=nothing").json()["meta"] == {
            "total_count": 0
        }
        ordered = client.get(f"{ARTICLES}&order=title").json()["items"]
        assert [item["title"] for item in ordered] == ["Newer", "Older"]
        oldest_first = client.get(f"{ARTICLES}&order=date").json()["items"]
        assert [item["title"] for item in oldest_first] == ["Older", "Newer"]
        on_the_day = client.get(f"{ARTICLES}&date=2026-01-02").json()["items"]
        assert [item["title"] for item in on_the_day] == ["Older"]

    @pytest.mark.parametrize(
        ("url", "message"),
        [
            ("/api/v2/pages/?tag=x", "need type=news.NewsArticlePage"),
            ("/api/v2/pages/?type=events.EventPage&date=2026-12-16", "need type="),
            (f"{ARTICLES}&tag=x&search=forum", "cannot be combined"),
            (f"{ARTICLES}&date=16/12/2026", "a day such as 2026-12-16"),
            (f"{ARTICLES}&date=2026-02-30", "a day such as 2026-12-16"),
            (f"{ARTICLES}&order=date,-tags", "cannot be sorted by their tags"),
        ],
    )
    def test_refuses_what_it_cannot_do(self, client, news, url, message):
        response = client.get(url)
        assert response.status_code == 400
        assert message in response.json()["message"]

    def test_detail_and_listing_match_the_document(self, client, news, document):
        image = wagtail_factories.ImageFactory(title="Hall", description="A hall")
        page = article(
            news, "With all", kind="announcement", image=image, tags=["Legal Forum"]
        )
        article(news, "Plain")

        data = client.get(f"/api/v2/pages/{page.pk}/").json()
        assert_matches(document, "NewsArticlePage", data)
        assert data["date"] == "2026-12-16"
        assert data["kind"] == "announcement"
        assert data["tags"] == [{"name": "Legal Forum", "slug": "legal-forum"}]
        assert data["image"]["url"].startswith("http://testserver/")
        assert data["image"]["alt"] == "A hall"
        assert data["body"][0]["type"] == "paragraph"

        assert_matches(
            document, "NewsIndexPage", client.get(f"/api/v2/pages/{news.pk}/").json()
        )
        listing = client.get(f"{ARTICLES}&fields=*").json()
        assert_matches(document, "PageListing", listing)
        images = {item["title"]: item["image"] for item in listing["items"]}
        assert images["Plain"] is None
        assert images["With all"] == data["image"]
        for item in listing["items"]:
            assert_matches(document, "NewsArticlePage", item)

    def test_searches_articles(self, client, news):
        article(news, "Found", summary="About the zygomorphic conference.")
        article(news, "Not found")
        found = client.get(f"{ARTICLES}&search=zygomorphic").json()["items"]
        assert [item["title"] for item in found] == ["Found"]


# Search, sitemap and page rules ------------------------------------------------


def test_site_search_finds_articles_by_words_and_tags(client, news):
    article(news, "Body match", body=[{"type": "paragraph", "value": "<p>quokka</p>"}])
    article(news, "Tag match", tags=["Wombat"])
    article(news, "Neither")
    by_body = client.post("/search/", {"q": "quokka"}).content.decode()
    assert "Body match" in by_body and "Tag match" not in by_body
    by_tag = client.post("/search/", {"q": "wombat"}).content.decode()
    assert "Tag match" in by_tag and "Body match" not in by_tag


def test_the_sitemap_lists_the_index_and_articles(client, news):
    page = article(news, "In the map")
    article(news, "Draft", live=False)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{news.full_url}</loc>" in sitemap
    assert f"<loc>{page.full_url}</loc>" in sitemap
    assert "draft" not in sitemap
    assert "/news/feed/" not in sitemap


class NewsPageRulesTest(WagtailPageTestCase):
    def test_index_under_the_home_page_articles_under_the_index(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsArticlePage})
        self.assertAllowedParentPageTypes(NewsArticlePage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsArticlePage, set())
        self.assertCanCreateAt(HomePage, NewsIndexPage)
        self.assertCanNotCreateAt(HomePage, NewsArticlePage)
        self.assertCanNotCreateAt(Page, NewsIndexPage)


# Queries ------------------------------------------------------------------------


def queries_for(client, url):
    client.get(url)  # make renditions and warm caches, as a live site has
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def grow(news, total):
    for n in range(NewsArticlePage.objects.count(), total):
        article(
            news,
            f"Article {n}",
            image=wagtail_factories.ImageFactory(description=f"Picture {n}"),
            tags=[f"Tag {n}", "Shared"],
        )


def test_query_counts_do_not_grow_with_the_news(client, news):
    urls = {
        "index": news.url,
        "by tag": f"{news.url}?tag=shared",
        "by kind": f"{news.url}?kind=news",
        "feed": f"{news.url}feed/",
        "api": f"{ARTICLES}&fields=*",
    }
    grow(news, 3)
    small = {name: queries_for(client, url) for name, url in urls.items()}
    grow(news, 30)
    assert len(card_titles(client.get(news.url))) == 12  # a full page of cards
    large = {name: queries_for(client, url) for name, url in urls.items()}
    assert large == small, f"with 3 articles: {small}; with 30: {large}"
