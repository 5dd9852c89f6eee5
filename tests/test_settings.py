"""Production settings: fail fast when unconfigured, pass the deploy checklist."""

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
            "ALLOWED_HOSTS",
            "DATABASE_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="mysistershouse.settings.production", **env
    )
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
    "ALLOWED_HOSTS": "www.example.org",
    "DATABASE_URL": "postgres://site:secret@db.example.org:5432/site",
}


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
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
