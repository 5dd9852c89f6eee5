"""
Public pages run a fixed number of SQL queries, however much content the site has.

Each page is measured with 5 events and resources, then again with 30 (six times
as many, and more than any listing shows on one page); the counts must be
identical, and within a small budget. What changes only when staff publish is
kept in the shared cache (site_core.content_cache), so a page view asks the
database for little more than the page itself and whether it is private.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.sites import EXPECTED_STATUS, PublicSite

pytestmark = pytest.mark.django_db

BUDGET = 8  # queries per page view, on a warm cache
SMALL, LARGE = 5, 30


def queries_for(client, name, url, data=None):
    send = client.post if data is not None else client.get
    # Warm the caches as a live server's are: the first view also makes the
    # cards' picture sizes, which a later view only reads.
    for _ in range(2):
        send(url, data) if data is not None else send(url)
    with CaptureQueriesContext(connection) as captured:
        response = send(url, data) if data is not None else send(url)
    assert response.status_code == EXPECTED_STATUS.get(name, 200), url
    return len(captured)


def measure(client, site):
    counts = {name: queries_for(client, name, url) for name, url in site.urls().items()}
    for name, (url, data) in site.posts().items():
        counts[name] = queries_for(client, name, url, data)
    return counts


def test_query_counts_do_not_grow_with_content(client, home):
    site = PublicSite(home)
    site.grow_to(SMALL)
    small = measure(client, site)
    site.grow_to(LARGE)
    large = measure(client, site)

    assert large == small, f"with {SMALL} items: {small}; with {LARGE}: {large}"
    assert max(large.values()) <= BUDGET, large
