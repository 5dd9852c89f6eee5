"""
Public pages run a fixed number of SQL queries, however much content the site has.

Each page is measured with 5 events and resources, then again with 30 (six times
as many, and more than any listing shows on one page); the counts must be
identical, and within a small budget.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.sites import PublicSite

pytestmark = pytest.mark.django_db

BUDGET = 22  # queries per page view; the event index, the largest, runs 21
SMALL, LARGE = 5, 30


def queries_for(client, url):
    client.get(url)  # warm per-process caches (site root paths) as a live server has
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_query_counts_do_not_grow_with_content(client, home):
    site = PublicSite(home)
    site.grow_to(SMALL)
    small = {name: queries_for(client, url) for name, url in site.urls().items()}
    site.grow_to(LARGE)
    large = {name: queries_for(client, url) for name, url in site.urls().items()}

    assert large == small, f"with {SMALL} items: {small}; with {LARGE}: {large}"
    assert max(large.values()) <= BUDGET, large
