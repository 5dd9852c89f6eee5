import logging
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_ensure_admin_creates_one_account_and_prints_its_password_once(client):
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    password = out.getvalue().split("password: ")[1].split()[0]
    # Signing in through the admin's form: the sign-in throttle needs a request.
    client.post(
        reverse("wagtailadmin_login"), {"username": "admin", "password": password}
    )
    assert "_auth_user_id" in client.session

    again = StringIO()
    call_command("ensure_admin", stdout=again)
    assert password not in again.getvalue()
    assert "already exists" in again.getvalue()
    assert get_user_model().objects.filter(is_superuser=True).count() == 1


def test_ensure_admin_refuses_to_take_over_an_ordinary_user():
    get_user_model().objects.create_user(username="admin", password="x" * 12)
    with pytest.raises(SystemExit):
        call_command("ensure_admin", stdout=StringIO(), stderr=StringIO())
    assert not get_user_model().objects.filter(is_superuser=True).exists()


def test_a_first_run_ends_with_the_address_and_the_password():
    """What `make run` says last, before the server starts (see the Makefile)."""
    out = StringIO()
    call_command("ensure_admin", url="http://127.0.0.1:8080/", stdout=out)
    *_, address, sign_in = out.getvalue().splitlines()
    assert address == "Open the site at http://127.0.0.1:8080/"
    assert sign_in.startswith(
        "Sign in at http://127.0.0.1:8080/admin/ as 'admin' with password: "
    )


def test_make_run_says_one_line_a_step_and_the_password_last():
    recipe = []
    lines = (Path(settings.BASE_DIR) / "Makefile").read_text().splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("run: install"))
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    commands = [line.split("manage.py ")[1] for line in recipe if "manage.py" in line]
    assert commands == [
        "migrate --noinput --verbosity 0 --skip-checks",
        "bootstrap_site --verbosity 0",
        "ensure_admin",
        "runserver 127.0.0.1:$(PORT)",
    ]
    # Each of them sees the served address as SITE_URL, unless one is set already.
    assert "run: export SITE_URL ?= http://127.0.0.1:$(PORT)" in lines
    assert all(line.startswith("@") for line in recipe), "make would echo commands"


def test_a_quiet_bootstrap_says_one_line_and_logs_no_pages(caplog):
    out = StringIO()
    with caplog.at_level(logging.INFO, logger="wagtail"):
        call_command("bootstrap_site", verbosity=0, stdout=out)
    assert out.getvalue().splitlines() == ["The starter site is ready."]
    assert not [record for record in caplog.records if record.name == "wagtail"]
