"""
Browser tests: Debian's Chromium driven by Playwright against the live test server.

Skipped, with the reason, when /usr/bin/chromium is missing; with REQUIRE_BROWSER=1
(as CI sets) a missing browser is a failure instead.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connections

CHROMIUM = Path("/usr/bin/chromium")
# Flags that keep Chromium from calling home: this machine has no network.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-features=Translate,OptimizationHints,MediaRouter",
]
NEUTRAL_SITE = "https://www.weather.gov/"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # The live server needs committed data; restore the migrations' rows
            # (Wagtail's root page, the default site) after each test's flush.
            item.add_marker(
                pytest.mark.django_db(transaction=True, serialized_rollback=True)
            )


@pytest.fixture(scope="session")
def browser():
    # Playwright's synchronous API keeps an event loop in the test thread; the ORM
    # calls the tests make between browser steps are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    if not CHROMIUM.exists():
        reason = (
            "browser tests need Debian's Chromium at /usr/bin/chromium "
            "(apt-get install chromium)"
        )
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
        # While Playwright's loop runs, Django keeps this thread's database
        # connections apart from the ones it had before (asgiref's Local sees a
        # running loop), so later tests on this worker opened connections of their
        # own. Close them while they are still in reach: a connection left open
        # makes PostgreSQL wait five seconds before it drops the test database.
        connections.close_all()


@pytest.fixture
def served_site(live_server, starter_site):
    """The starter site, served by the live test server."""
    return live_server


@pytest.fixture
def page(browser, served_site):
    """A fresh browser tab. The neutral exit site is answered locally."""
    context = browser.new_context()
    tab = context.new_page()
    tab.route(
        f"{NEUTRAL_SITE}**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<title>Weather</title>"
        ),
    )
    yield tab
    from playwright.sync_api import Error as PlaywrightError

    # Let requests the tab still has in flight (an editor's autosave, say) end
    # before the test's data is flushed: a request the server is still
    # answering holds locks the flush would otherwise deadlock with.
    try:
        tab.wait_for_load_state("networkidle", timeout=5000)
    except PlaywrightError:
        pass  # still busy after 5 s: close it anyway
    context.close()


def same_host(url, server):
    return urlsplit(url).netloc == urlsplit(server.url).netloc
