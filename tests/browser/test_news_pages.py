"""
The news index as readers reach it through links, in Chromium: filtered by tag or
kind, with a mistyped filter, and a later page; each passes axe-core's WCAG 2.2
A/AA rules, and its feed link leads to the feed.
"""

import pytest

from news.models import NewsIndexPage
from tests.browser.axe import axe_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_filtered_views_are_accessible_and_the_feed_is_linked(
    page, served_site, settings
):
    settings.NEWS_PER_PAGE = 1  # the starter articles fill two pages
    index = NewsIndexPage.objects.get(locale__language_code="en")
    problems = {}
    for query in ("?tag=legal-forum", "?kind=announcement", "?tag=<nope>", "?page=2"):
        page.goto(served_site.url + index.url + query)
        if found := axe_violations(page):
            problems[query] = found
    assert not problems, problems

    page.goto(served_site.url + index.url + "?tag=nope")
    assert page.locator(".notice").inner_text().startswith("No articles are tagged")
    feed = page.locator('link[rel=alternate][type="application/rss+xml"]')
    response = page.request.get(served_site.url + feed.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"].startswith("application/rss+xml")
    assert "<title>The Legal Forum welcomes new members</title>" in response.text()
