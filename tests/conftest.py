import pytest
from wagtail.models import Page, Site

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
