from io import StringIO

import pytest
from wagtail.models import Locale, Page, Site

from tests.factories import HomePageFactory


@pytest.fixture
def home(db):
    """A home page serving as the default site's root, as bootstrap would make it."""
    page = HomePageFactory(parent=Page.get_first_root_node(), slug="test-home")
    site = Site.objects.get(is_default_site=True)
    site.root_page = page
    site.save()
    return page


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return f"database: {engine}; cache: {cache}"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (rate-limit counters live there)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def uses_transactions(request):
    marker = request.node.get_closest_marker("django_db")
    return bool(
        (marker and marker.kwargs.get("transaction"))
        or {"transactional_db", "live_server"} & set(request.fixturenames)
    )


@pytest.fixture(autouse=True)
def wagtail_base_rows(request):
    """
    The rows Wagtail's migrations make (a locale, the root page and collection,
    the default site) are there for every test that uses the database. A test
    that commits (browser and server tests) empties the database when it ends, and
    with parallel workers any test may come after one of those on a worker.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None and "db" not in request.fixturenames:
        if not uses_transactions(request):
            return
    request.getfixturevalue("transactional_db" if uses_transactions(request) else "db")
    if Locale.objects.exists() and Site.objects.exists():
        return
    from starter_content.management.commands.bootstrap_site import Command

    Command(stdout=StringIO()).wagtail_roots()
    Site.objects.get_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": Page.get_first_root_node()},
    )
