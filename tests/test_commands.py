from io import StringIO

import pytest
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
