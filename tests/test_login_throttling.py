"""
Guessing is throttled: admin passwords (django-axes, by username and address),
page passwords (axes, by page restriction and address) and password-reset emails
(the shared cache, by address).
"""

from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import resolve, reverse
from wagtail.models import PageViewRestriction

from admin_security.page_passwords import authenticate_with_password

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
HOME = "10.0.0.1"
ELSEWHERE = "10.0.0.2"


@pytest.fixture
def staff():
    users = get_user_model().objects
    return (
        users.create_user("coordinator", "c@example.org", PASSWORD),
        users.create_user("editor", "e@example.org", PASSWORD),
    )


def sign_in_attempt(client, username, password, address=HOME, **headers):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def signed_in(client):
    return "_auth_user_id" in client.session


def lock_out(client, username, address=HOME, **headers):
    """Make wrong attempts up to the limit; the last one is already refused."""
    for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
        response = sign_in_attempt(client, username, "wrong", address, **headers)
        if attempt < settings.AXES_FAILURE_LIMIT:
            assert response.status_code == 200  # the form again, with its error
    assert response.status_code == 429
    return response


# Admin sign-in --------------------------------------------------------------------


def test_after_five_wrong_passwords_the_right_one_is_refused(client, staff):
    assert settings.AXES_FAILURE_LIMIT == 5
    lock_out(client, "coordinator")
    response = sign_in_attempt(client, "coordinator", PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)
    html = response.content.decode()
    assert "Sign-in paused" in html
    assert "You can try again after" in html
    assert "about 15 minutes" in html
    assert "ask an administrator" in html
    assert "coordinator" not in html  # the username is never repeated
    assert 0 < int(response["Retry-After"]) <= 15 * 60
    assert "no-store" in response["Cache-Control"]


def test_the_lockout_says_the_same_for_a_username_that_does_not_exist(client, staff):
    def message(response):
        html = response.content.decode()
        main = html[html.index("<main") : html.index("</main>")]
        # Only the time to try again may differ, and the form's CSRF token.
        return [
            line
            for line in main.splitlines()
            if "try again after" not in line and "csrfmiddlewaretoken" not in line
        ]

    known = lock_out(client, "coordinator")
    unknown = lock_out(client, "nobody-by-this-name")
    assert message(known) == message(unknown)


def test_tries_while_locked_out_do_not_make_the_wait_longer(client, staff):
    lock_out(client, "coordinator")
    before = AccessAttempt.objects.get()
    response = sign_in_attempt(client, "coordinator", "another guess")
    assert response.status_code == 429
    after = AccessAttempt.objects.get()
    assert after.attempt_time == before.attempt_time
    assert after.failures_since_start == before.failures_since_start


def test_the_lock_is_for_that_username_from_that_address_only(client, staff):
    lock_out(client, "coordinator")
    # A colleague at the same address still signs in ...
    response = sign_in_attempt(client, "editor", PASSWORD)
    assert response.status_code == 302 and signed_in(client)
    client.logout()
    # ... and so does the same person from somewhere else.
    response = sign_in_attempt(client, "coordinator", PASSWORD, ELSEWHERE)
    assert response.status_code == 302 and signed_in(client)


def test_signing_in_clears_earlier_wrong_passwords(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in_attempt(client, "coordinator", "wrong")
    assert sign_in_attempt(client, "coordinator", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in_attempt(client, "coordinator", "wrong").status_code == 200
    assert sign_in_attempt(client, "coordinator", PASSWORD).status_code == 302


def test_behind_a_proxy_the_forwarded_address_is_the_one_locked(
    client, staff, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "192.0.2.10"
    lock_out(client, "coordinator", proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        "203.0.113.5"
    }
    # A forged extra hop in front changes nothing: the proxy's own entry counts.
    response = sign_in_attempt(
        client,
        "coordinator",
        PASSWORD,
        proxy,
        HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.5",
    )
    assert response.status_code == 429
    # Another client behind the same proxy is not locked out.
    response = sign_in_attempt(
        client, "coordinator", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="203.0.113.6"
    )
    assert response.status_code == 302 and signed_in(client)


def test_axes_reset_username_lifts_the_lock(client, staff):
    lock_out(client, "coordinator")
    out = StringIO()
    call_command("axes_reset_username", "coordinator", stdout=out)
    assert "1 attempts removed" in out.getvalue()
    response = sign_in_attempt(client, "coordinator", PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def test_axes_reset_ip_lifts_the_lock_from_one_address(client, staff):
    lock_out(client, "coordinator")
    call_command("axes_reset_ip", HOME, stdout=StringIO())
    assert sign_in_attempt(client, "coordinator", PASSWORD).status_code == 302


# Page passwords -------------------------------------------------------------------


@pytest.fixture
def private_page(home):
    restriction = PageViewRestriction.objects.create(
        page=home, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    return home, restriction


def page_password_attempt(client, page, restriction, password, address=HOME):
    url = reverse(
        "wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk]
    )
    return client.post(
        url, {"password": password, "return_url": page.url}, REMOTE_ADDR=address
    )


def test_our_view_answers_wagtails_page_password_address(private_page):
    page, restriction = private_page
    url = reverse(
        "wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk]
    )
    assert resolve(url).func is authenticate_with_password


def test_the_right_page_password_opens_the_page(client, private_page):
    page, restriction = private_page
    assert client.get(page.url).status_code == 200
    assert "password" in client.get(page.url).content.decode().lower()
    response = page_password_attempt(client, page, restriction, "s3cret")
    assert response.status_code == 302
    assert response["Location"] == page.url


def test_wrong_page_passwords_lock_out_that_address(client, private_page):
    page, restriction = private_page
    for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
        response = page_password_attempt(client, page, restriction, "guess")
        if attempt < settings.AXES_FAILURE_LIMIT:
            assert response.status_code == 200
    assert response.status_code == 429
    response = page_password_attempt(client, page, restriction, "s3cret")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Please try again later" in html
    assert "The password for this page was entered wrongly too many times" in html
    assert "wagtailadmin" not in html  # the public site's look, not the admin's
    assert "Exit this page" in html  # with the quick exit every public page has
    # Another visitor is not affected.
    other = page_password_attempt(client, page, restriction, "s3cret", ELSEWHERE)
    assert other.status_code == 302


def test_axes_reset_username_lifts_a_page_password_lock(client, private_page):
    page, restriction = private_page
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page_password_attempt(client, page, restriction, "guess")
    call_command(
        "axes_reset_username", f"page-password:{restriction.pk}", stdout=StringIO()
    )
    assert page_password_attempt(client, page, restriction, "s3cret").status_code == 302


def test_page_password_failures_do_not_lock_staff_sign_in(client, staff, private_page):
    page, restriction = private_page
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page_password_attempt(client, page, restriction, "guess")
    assert sign_in_attempt(client, "coordinator", PASSWORD).status_code == 302


# Password reset emails ------------------------------------------------------------


def test_password_reset_requests_are_limited_per_address(client, staff):
    limit, _window = settings.PASSWORD_RESET_RATE_LIMIT
    url = reverse("wagtailadmin_password_reset")
    for _ in range(limit):
        response = client.post(url, {"email": "c@example.org"}, REMOTE_ADDR=HOME)
        assert response.status_code == 302
    assert len(mail.outbox) == limit
    response = client.post(url, {"email": "c@example.org"}, REMOTE_ADDR=HOME)
    assert response.status_code == 429
    assert len(mail.outbox) == limit
    html = response.content.decode()
    assert "Password reset emails were requested too many times" in html
    assert "Please try again within 60 minutes" in html
    # The form still opens, and another address may still ask.
    assert client.get(url, REMOTE_ADDR=HOME).status_code == 200
    response = client.post(url, {"email": "c@example.org"}, REMOTE_ADDR=ELSEWHERE)
    assert response.status_code == 302
    assert len(mail.outbox) == limit + 1
