"""
Load each public page type as a visitor would, uncached (straight to gunicorn) and
cached (through Varnish), next to a one-line Django view served the same way, and
print one table: queries per page, requests per second, p50 and p99 latency, and
each rate as a multiple of the trivial view's.

The site runs as in production: production settings (DEBUG off), gunicorn with two
sync workers, PostgreSQL, Redis. The bench makes its own database (`msh_bench`,
dropped at the end), migrates it, runs `bootstrap_site`, adds the pages of
tests/sites.py (--items of each kind) and empties Redis database 9 before and
after. Varnish runs the shipped deploy/varnish/default.vcl with a backends file
of its own pointing at the bench's gunicorn. Load comes from wrk when it is
installed (`apt-get install wrk`), else from a small Python client; each address
gets --connections connections for --seconds seconds. Queries are counted in
this process with Django's test client, on each address's second request (the
shared cache warm), with 5 items of each kind and again with --items.
`collectstatic` writes the repository's (ignored) staticfiles/ folder, as a
release does.

    .venv/bin/python bench/pages.py            # about four minutes
    .venv/bin/python bench/pages.py --quick    # a smoke run: 1 s each, 5 items

BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432) and BENCH_REDIS_URL
(default redis://127.0.0.1:6379/9) say where the services are. Figures from a busy
machine are only indicative: measure on a quiet one.
"""

import argparse
import contextlib
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.pages_report import Row, print_table  # noqa: E402
from bench.serving import (  # noqa: E402
    bench_database,
    check_tools,
    environment,
    free_port,
    gunicorn,
    load,
    redis_emptied,
    varnish,
)

POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
DATABASE_NAME = "msh_bench"
SMALL = 5  # queries are counted with this many items of each kind, and --items

# Never stored by any cache (no-store): measured straight from gunicorn only.
NEVER_CACHED = {"application form", "thank-you", "search form", "search results"}

# The yardstick: a one-line Django view, its settings and URLs in one module.
TRIVIAL_SITE = '''"""A one-line Django view, served by gunicorn as the site is."""
from django.http import HttpResponse
from django.urls import path

SECRET_KEY = "trivial-view-for-the-bench"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = __name__
urlpatterns = [path("", lambda request: HttpResponse("Hello, world"))]
'''


@dataclass
class Address:
    """One page type's address, how it is asked for and what it answers."""

    name: str
    path: str
    status: int = 200
    data: dict = field(default_factory=dict)  # posted, when not empty

    @property
    def cacheable(self):
        return self.name not in NEVER_CACHED


def main():
    options = arguments()
    check_tools()
    # Stopped from outside, still stop the servers and drop the database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("Stopped."))
    with contextlib.ExitStack() as stack:
        workdir = Path(
            stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-"))
        )
        print(f"Creating the database {DATABASE_NAME} and content...", flush=True)
        database_url = stack.enter_context(bench_database(POSTGRES_URL, DATABASE_NAME))
        redis = stack.enter_context(redis_emptied(REDIS_URL))
        site_port = free_port()
        site_env = production_environment(database_url, site_port, workdir)
        os.environ.update(site_env)
        for command in (
            "migrate --noinput",
            "bootstrap_site",
            "collectstatic --noinput",
        ):
            manage(command, site_env)
        addresses, queries = build_and_count(options.items, site_port, redis)
        redis.flushdb()  # the servers start with an empty cache

        trivial = stack.enter_context(trivial_view(workdir))
        app = stack.enter_context(
            gunicorn(
                "the site",
                "mysistershouse.wsgi:application",
                site_env,
                BASE_DIR,
                port=site_port,
            )
        )
        cache = stack.enter_context(varnish(workdir, app.port))
        print(f"Loading each address for {options.seconds} s...", flush=True)
        yardstick = load(trivial.url + "/", options.seconds, options.connections)
        rows = [measure(address, queries, app, cache, options) for address in addresses]
        print_table(rows, yardstick, options, SMALL)
        report_errors(app)


def measure(address, queries, app, cache, options):
    """``address`` loaded straight from gunicorn, then through Varnish if it may be."""
    request = post_for(app.url, address)
    uncached = load(
        app.url + address.path, options.seconds, options.connections, **request
    )
    cached = stored = None
    if address.cacheable:
        stored = stored_by_cache(cache.url + address.path)
        cached = load(cache.url + address.path, options.seconds, options.connections)
    return Row(
        address.name, address.status, queries[address.name], uncached, cached, stored
    )


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--seconds", type=int, help="load per address (default 4, 1 with --quick)"
    )
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument(
        "--items",
        type=int,
        help="resources, events and news articles each (default 30, 5 with --quick)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run: shorter, less content"
    )
    options = parser.parse_args()
    options.seconds = options.seconds or (1 if options.quick else 4)
    options.items = options.items or (SMALL if options.quick else 30)
    return options


def production_environment(database_url, port, workdir):
    """Production settings on localhost over plain HTTP, media in ``workdir``."""
    return {
        "DJANGO_SETTINGS_MODULE": "mysistershouse.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "SECURE_SSL_REDIRECT": "0",
        "MEDIA_ROOT": str(workdir / "media"),
        "LOG_LEVEL": "WARNING",
    }


def manage(command, env):
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *command.split(), "-v", "0"],
        cwd=BASE_DIR,
        env=environment(**env),
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.exit(f"manage.py {command} failed:\n{result.stderr}")


def build_and_count(items, port, redis):
    """
    The pages of tests/sites.py under a new home page, with a few items of each
    kind and then ``items``; the addresses to load, and each one's queries at
    both sizes.
    """
    import django

    django.setup()
    from wagtail.models import Page, Site

    from tests.factories import HomePageFactory
    from tests.sites import PublicSite

    home = HomePageFactory(parent=Page.get_first_root_node(), slug="bench-home")
    Site.objects.filter(is_default_site=True).update(root_page=home)
    site = PublicSite(home)
    counts = {}
    for size in sorted({min(SMALL, items), items}):
        site.grow_to(size)
        redis.flushdb()  # counted from a cold cache, warmed by a first request
        addresses = addresses_of(site)
        for name, count in count_queries(addresses, f"127.0.0.1:{port}").items():
            counts.setdefault(name, []).append(count)
    return addresses, counts


def addresses_of(site):
    """Every public page type of ``site``, as tests/sites.py names them."""
    urls = dict(site.urls())
    first_event = getattr(site, "first_event", None)
    if first_event is not None and first_event.url not in urls.values():
        urls["event page"] = first_event.url
    urls.setdefault("search form", "/search/")
    expected = getattr(sys.modules["tests.sites"], "EXPECTED_STATUS", {})
    addresses = [
        Address(name, url, expected.get(name, 200)) for name, url in urls.items()
    ]
    posts = site.posts() if hasattr(site, "posts") else {}
    for name, (url, data) in posts.items():
        name = "search results" if name == "search" else name
        addresses.append(Address(name, url, data=data))
    return addresses


def count_queries(addresses, host):
    """SQL queries of each address's second request (caches warm), by name."""
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(raise_request_exception=False, headers={"host": host})
    counts = {}
    for address in addresses:
        ask = client.post if address.data else client.get
        ask(address.path, address.data)
        with CaptureQueriesContext(connection) as captured:
            response = ask(address.path, address.data)
        if response.status_code != address.status:
            sys.exit(f"{address.name} ({address.path}) answered {response.status_code}")
        counts[address.name] = len(captured)
    connections.close_all()
    return counts


@contextlib.contextmanager
def trivial_view(workdir):
    """gunicorn serving the one-line view, with the same workers as the site."""
    folder = workdir / "trivial"
    folder.mkdir()
    (folder / "trivial_site.py").write_text(TRIVIAL_SITE)
    env = environment(DJANGO_SETTINGS_MODULE="trivial_site", PYTHONPATH=folder)
    with gunicorn(
        "the trivial view", "django.core.wsgi:get_wsgi_application()", env, folder
    ) as server:
        yield server


def post_for(base_url, address):
    """How wrk posts ``address``'s data: the form's CSRF token and cookie with it."""
    if not address.data:
        return {}
    with urllib.request.urlopen(base_url + address.path) as response:  # noqa: S310
        cookie = response.headers["Set-Cookie"].split(";")[0]
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return {
        "method": "POST",
        "body": urllib.parse.urlencode(address.data | {"csrfmiddlewaretoken": token}),
        "headers": {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
        },
    }


def stored_by_cache(url):
    """Whether Varnish answers a second request from its store (X-Cache: HIT)."""
    for _ in range(2):
        try:
            with urllib.request.urlopen(url) as response:  # noqa: S310
                response.read()
                answer = response.headers.get("X-Cache", "")
        except urllib.error.HTTPError as error:
            answer = error.headers.get("X-Cache", "")
    return "yes" if answer == "HIT" else "no"


def report_errors(app):
    errors = app.errors()
    if "Traceback" in errors:
        print("\nThe site logged errors during the run:\n" + errors[-4000:])


if __name__ == "__main__":
    main()
