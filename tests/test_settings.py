"""
Settings: production fails fast when unconfigured and passes the deploy checklist;
SITE_URL, checked, sets every address the site writes.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        # Only what production would have: none of the tests' own switches.
        if key
        not in {
            "SECRET_KEY",
            "SITE_URL",
            "ALLOWED_HOSTS",
            "CSRF_TRUSTED_ORIGINS",
            "WAGTAILADMIN_BASE_URL",
            "DATABASE_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    environment["DJANGO_SETTINGS_MODULE"] = "mysistershouse.settings.production"
    environment.update(env)  # which may name other settings
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "SITE_URL": "https://www.example.org",
    "DATABASE_URL": "postgres://site:secret@db.example.org:5432/site",
}


@pytest.mark.parametrize("missing", ["SECRET_KEY", "SITE_URL", "DATABASE_URL"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = manage("check", **env)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert lines == [lines[0]], "the reason fits on one line"
    assert lines[0].startswith(f"Cannot start: Set {missing} in the environment")


def test_production_passes_the_deploy_checklist():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def settings_as_seen(*names, **env):
    """The values of settings ``names`` in a fresh process with ``env``."""
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps([getattr(settings, n) for n in {list(names)!r}]))"
    )
    result = manage("shell", "--no-imports", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_site_url_sets_every_address_the_site_writes():
    site_url, admin, api, hosts, origins = settings_as_seen(
        "SITE_URL",
        "WAGTAILADMIN_BASE_URL",
        "WAGTAILAPI_BASE_URL",
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        **PRODUCTION_ENV | {"SITE_URL": "https://WWW.Example.org/"},
    )
    assert site_url == admin == api == "https://www.example.org"
    # The site answers at its own address without repeating it in ALLOWED_HOSTS.
    assert hosts == ["www.example.org"]
    assert origins == ["https://www.example.org"]


def test_other_hosts_and_origins_are_added_to_the_site_urls():
    hosts, origins = settings_as_seen(
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        **PRODUCTION_ENV
        | {
            "ALLOWED_HOSTS": "internal.example.net",
            "CSRF_TRUSTED_ORIGINS": "https://staff.example.org",
        },
    )
    assert hosts == ["internal.example.net", "www.example.org"]
    assert origins == ["https://staff.example.org", "https://www.example.org"]


def test_development_defaults_to_the_development_servers_address():
    site_url, admin, hosts = settings_as_seen(
        "SITE_URL",
        "WAGTAILADMIN_BASE_URL",
        "ALLOWED_HOSTS",
        DJANGO_SETTINGS_MODULE="mysistershouse.settings.dev",
    )
    assert site_url == admin == "http://127.0.0.1:8000"
    assert "127.0.0.1" in hosts


def test_development_on_another_port_and_host():
    site_url, api, hosts = settings_as_seen(
        "SITE_URL",
        "WAGTAILAPI_BASE_URL",
        "ALLOWED_HOSTS",
        DJANGO_SETTINGS_MODULE="mysistershouse.settings.dev",
        SITE_URL="http://laptop.local:8123",
    )
    assert site_url == api == "http://laptop.local:8123"
    assert "laptop.local" in hosts


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("www.example.org", "needs a scheme (http:// or https://) and a host"),
        ("https://www.example.org/site/", "must be the site's root alone"),
        ("https://www.example.org:8443", "https links only for port 443"),
        ("http://www.example.org:eighty", "is not an address"),
    ],
)
def test_a_bad_site_url_stops_the_site_with_one_line_saying_why(value, says):
    result = manage("check", **PRODUCTION_ENV | {"SITE_URL": value})
    assert result.returncode != 0
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"Cannot start: SITE_URL={value!r}")
    assert says in line


def test_the_old_admin_address_setting_is_not_silently_ignored():
    result = manage(
        "check", **PRODUCTION_ENV | {"WAGTAILADMIN_BASE_URL": "https://old.example"}
    )
    assert result.returncode != 0
    assert result.stderr.strip() == (
        "Cannot start: WAGTAILADMIN_BASE_URL is no longer read: set SITE_URL to "
        "the site's address instead (it sets the admin's address too)."
    )
