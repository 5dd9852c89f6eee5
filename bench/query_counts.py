"""
Print how many SQL queries each public page type runs on a warm cache, with 5
and with 200 events and resources (the site tests/test_query_budgets.py
measures, from tests/sites.py), on a throwaway test database: SQLite in memory,
or a test copy of DATABASE_URL's database.

    .venv/bin/python bench/query_counts.py
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysistershouse.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
)
from wagtail.models import Page, Site  # noqa: E402

from tests.factories import HomePageFactory  # noqa: E402
from tests.sites import PublicSite  # noqa: E402


def main():
    setup_test_environment()
    test_database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        measure()
    finally:
        connection.creation.destroy_test_db(test_database, verbosity=0)


def measure():
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, slug="bench-home")
    Site.objects.filter(is_default_site=True).update(root_page=home)
    site = PublicSite(home)
    client = Client()
    rows = {}
    for size in (5, 200):
        site.grow_to(size)
        visits = {name: (client.get, url, None) for name, url in site.urls().items()}
        for name, (url, data) in site.posts().items():
            visits[name] = (client.post, url, data)
        for name, (send, url, data) in visits.items():
            # Twice, as a live server is warm: the first view also makes the
            # cards' picture sizes and fills the shared cache.
            for _ in range(2):
                send(url, data) if data else send(url)
            with CaptureQueriesContext(connection) as captured:
                send(url, data) if data else send(url)
            rows.setdefault(name, []).append(len(captured))
    print(f"{'page type':<18} {'5 items':>8} {'200 items':>10}")
    for name, (small, large) in rows.items():
        print(f"{name:<18} {small:>8} {large:>10}")


if __name__ == "__main__":
    main()
