"""
Two-step verification: whoever may read applications (and every superuser) gets
nothing in the admin from a password alone; codes come from a real TOTP clock.
"""

from base64 import b32encode
from datetime import timedelta
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from admin_security.management.commands.reset_two_factor import (
    Command as ResetTwoFactor,
)
from admin_security.two_factor import replace_recovery_codes
from tests.auth import PASSWORD, sign_in

pytestmark = pytest.mark.django_db


def password_sign_in(client, user):
    """Sign in through the admin's sign-in form: the password, and nothing else."""
    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": user.username, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    return response


def app_for(user):
    """A confirmed authenticator app, as if the user had set it up."""
    return TOTPDevice.objects.create(user=user, name="Phone")


def code_for(device, steps_ahead=0):
    """The code the app shows now (or ``steps_ahead`` 30-second steps later)."""
    device.refresh_from_db()
    value = totp(device.bin_key, device.step, device.t0, device.digits, steps_ahead)
    return f"{value:0{device.digits}d}"


def admin_paths(page):
    return {
        "dashboard": reverse("wagtailadmin_home"),
        "applications": reverse("legal_forum_admin:index"),
        "submissions": reverse("wagtailforms:list_submissions", args=[page.pk]),
        "page editor": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        "account": reverse("wagtailadmin_account"),
        "two-step page": reverse("admin_security:manage"),
    }


def step_of(response):
    """Which step a redirect leads to, and the ``next`` it carries."""
    location = urlsplit(response["Location"])
    return location.path, parse_qs(location.query).get("next", [""])[0]


def is_verified(client):
    return DEVICE_ID_SESSION_KEY in client.session


# Nothing before the second step ------------------------------------------------


def test_a_coordinator_with_a_password_alone_is_sent_to_set_it_up(
    client, form_with_an_application, coordinator
):
    password_sign_in(client, coordinator)
    for name, path in admin_paths(form_with_an_application).items():
        response = client.get(path)
        assert response.status_code == 302, name
        assert step_of(response) == (reverse("admin_security:enrol"), path), name
        assert b"Private Person" not in response.content


def test_a_coordinator_with_an_app_is_asked_for_a_code_first(
    client, form_with_an_application, coordinator
):
    app_for(coordinator)
    password_sign_in(client, coordinator)
    for name, path in admin_paths(form_with_an_application).items():
        response = client.get(path)
        assert response.status_code == 302, name
        assert step_of(response) == (reverse("admin_security:verify"), path), name
    # The set-up page sends them to the code too: no second app on a password.
    response = client.get(reverse("admin_security:enrol"))
    assert step_of(response)[0] == reverse("admin_security:verify")


def test_posts_and_background_requests_before_the_second_step_are_refused(
    client, form_with_an_application, coordinator
):
    password_sign_in(client, coordinator)
    editor_path = reverse("wagtailadmin_pages:edit", args=[form_with_an_application.pk])
    response = client.post(editor_path, {"title": "Changed"})
    assert response.status_code == 403
    response = client.get(
        reverse("legal_forum_admin:index"),
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 403
    assert b"Private Person" not in response.content
    form_with_an_application.refresh_from_db()
    assert form_with_an_application.title != "Changed"


def test_signing_out_and_the_steps_themselves_stay_open(client, coordinator):
    password_sign_in(client, coordinator)
    assert client.get(reverse("admin_security:enrol")).status_code == 200
    assert client.get(reverse("wagtailadmin_javascript_catalog")).status_code == 200
    response = client.post(reverse("wagtailadmin_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


# Setting it up -------------------------------------------------------------------


def test_setting_up_with_a_real_code_shows_ten_recovery_codes_once(
    client, form_with_an_application, coordinator
):
    password_sign_in(client, coordinator)
    applications = reverse("legal_forum_admin:index")
    page = client.get(reverse("admin_security:enrol"), {"next": applications})
    assert page.status_code == 200
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=coordinator)
    assert not device.confirmed
    # A QR code drawn inline, and the same secret as text to type.
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "<script" not in svg and "href" not in svg and "style=" not in svg
    secret = b32encode(device.bin_key).decode()
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in html
    # Reloading keeps the same secret, so a code from the scanned app still works.
    client.get(reverse("admin_security:enrol"))
    assert TOTPDevice.objects.filter(user=coordinator).count() == 1

    response = client.post(
        reverse("admin_security:enrol"),
        {"code": code_for(device), "next": applications},
    )
    assert response.status_code == 200
    codes = list(
        StaticToken.objects.filter(device__user=coordinator).values_list(
            "token", flat=True
        )
    )
    assert len(codes) == 10
    shown = response.content.decode()
    for code in codes:
        assert f"{code[:4]} {code[4:]}" in shown
    assert "only time they are shown" in shown
    assert f'href="{applications}"' in shown

    device.refresh_from_db()
    assert device.confirmed
    assert is_verified(client)
    listing = client.get(applications)
    assert listing.status_code == 200
    assert ModelLogEntry.objects.filter(
        action="admin_security.turn_on", object_id=str(coordinator.pk)
    ).exists()
    # The codes are never shown again.
    manage = client.get(reverse("admin_security:manage")).content.decode()
    assert codes[0][:4] + " " + codes[0][4:] not in manage
    assert "10 unused recovery codes" in manage


def test_a_wrong_code_does_not_set_it_up(client, coordinator):
    password_sign_in(client, coordinator)
    client.get(reverse("admin_security:enrol"))
    device = TOTPDevice.objects.get(user=coordinator)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("admin_security:enrol"), {"code": wrong})
    assert response.status_code == 200
    assert "That code did not work" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert not StaticDevice.objects.filter(user=coordinator).exists()
    assert not is_verified(client)
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


def test_an_open_link_is_not_followed_after_the_step(client, coordinator):
    device = app_for(coordinator)
    password_sign_in(client, coordinator)
    response = client.post(
        reverse("admin_security:verify"),
        {"code": code_for(device), "next": "https://elsewhere.example/admin/"},
    )
    assert response["Location"] == reverse("wagtailadmin_home")


# The step after the password ----------------------------------------------------------


def test_the_code_from_the_app_opens_the_admin(
    client, form_with_an_application, coordinator
):
    device = app_for(coordinator)
    password_sign_in(client, coordinator)
    submissions = reverse(
        "wagtailforms:list_submissions", args=[form_with_an_application.pk]
    )
    redirect = client.get(submissions)
    verify_page = client.get(redirect["Location"])
    assert "Enter your code" in verify_page.content.decode()
    response = client.post(
        reverse("admin_security:verify"),
        {"code": code_for(device), "next": submissions},
    )
    assert response.status_code == 302
    assert response["Location"] == submissions
    assert client.get(submissions).status_code == 200
    # The same code cannot be used twice.
    client.post(reverse("wagtailadmin_logout"))
    password_sign_in(client, coordinator)
    response = client.post(reverse("admin_security:verify"), {"code": code_for(device)})
    assert response.status_code == 200
    assert not is_verified(client)


def test_wrong_codes_are_refused_and_then_slowed_down(client, coordinator):
    device = app_for(coordinator)
    password_sign_in(client, coordinator)
    wrong = f"{(int(code_for(device)) + 500_000) % 1_000_000:06d}"
    response = client.post(reverse("admin_security:verify"), {"code": wrong})
    assert response.status_code == 200
    assert "That code did not work" in response.content.decode()
    assert not is_verified(client)
    # Straight after a wrong code even the right one waits, and the page says so.
    response = client.post(reverse("admin_security:verify"), {"code": code_for(device)})
    html = response.content.decode()
    assert "Too many wrong codes were tried" in html
    assert "then try again" in html
    assert not is_verified(client)
    # Once the wait is over, the right code works.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=5)
    )
    response = client.post(reverse("admin_security:verify"), {"code": code_for(device)})
    assert response.status_code == 302
    assert is_verified(client)


def test_a_long_wait_says_until_when(client, coordinator):
    device = app_for(coordinator)
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=10, throttling_failure_timestamp=timezone.now()
    )
    password_sign_in(client, coordinator)
    response = client.post(reverse("admin_security:verify"), {"code": code_for(device)})
    html = response.content.decode()
    assert "Try again after" in html and "minutes" in html
    assert not is_verified(client)


def test_a_recovery_code_works_once(client, form_with_an_application, coordinator):
    app_for(coordinator)
    first, second, *_ = replace_recovery_codes(coordinator)
    password_sign_in(client, coordinator)
    response = client.post(
        reverse("admin_security:verify"), {"code": f"{first[:4]} {first[4:]}".upper()}
    )
    assert response.status_code == 302
    assert is_verified(client)
    assert StaticToken.objects.filter(device__user=coordinator).count() == 9
    dashboard = client.get(response["Location"]).content.decode()
    assert "You have 9 left" in dashboard

    client.post(reverse("wagtailadmin_logout"))
    password_sign_in(client, coordinator)
    response = client.post(reverse("admin_security:verify"), {"code": first})
    assert response.status_code == 200
    assert not is_verified(client)
    StaticDevice.objects.filter(user=coordinator).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=5)
    )
    response = client.post(reverse("admin_security:verify"), {"code": second})
    assert response.status_code == 302
    assert is_verified(client)


def test_a_superuser_must_use_it_too(client, starter_site, superuser):
    password_sign_in(client, superuser)
    response = client.get(reverse("wagtailadmin_home"))
    assert step_of(response)[0] == reverse("admin_security:enrol")
    sign_in(client, superuser)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_an_editor_is_offered_it_but_not_made_to(
    client, form_with_an_application, editor
):
    password_sign_in(client, editor)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert (
        client.get(admin_paths(form_with_an_application)["page editor"]).status_code
        == 200
    )
    account = client.get(reverse("wagtailadmin_account")).content.decode()
    assert reverse("admin_security:manage") in account
    manage = client.get(reverse("admin_security:manage")).content.decode()
    assert "Off." in manage
    assert reverse("admin_security:enrol") in manage


def test_an_editor_who_set_it_up_must_pass_it(client, form_with_an_application, editor):
    device = app_for(editor)
    password_sign_in(client, editor)
    response = client.get(admin_paths(form_with_an_application)["page editor"])
    assert step_of(response)[0] == reverse("admin_security:verify")
    client.post(reverse("admin_security:verify"), {"code": code_for(device)})
    assert (
        client.get(admin_paths(form_with_an_application)["page editor"]).status_code
        == 200
    )


# Account, Two-step verification ------------------------------------------------------


def test_an_editor_can_turn_it_off_with_a_current_code(client, editor):
    device = app_for(editor)
    replace_recovery_codes(editor)
    sign_in(client, editor)
    manage = reverse("admin_security:manage")
    response = client.post(manage, {"action": "turn_off", "code": "000000"})
    assert "That code did not work" in response.content.decode()
    assert TOTPDevice.objects.filter(user=editor).exists()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    response = client.post(manage, {"action": "turn_off", "code": code_for(device)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert not StaticDevice.objects.filter(user=editor).exists()
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_a_coordinator_cannot_turn_it_off(client, coordinator):
    device = app_for(coordinator)
    sign_in(client, coordinator)
    manage = reverse("admin_security:manage")
    page = client.get(manage).content.decode()
    assert "must stay on" in page
    assert 'value="turn_off"' not in page
    response = client.post(manage, {"action": "turn_off", "code": code_for(device)})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=coordinator).exists()


def test_new_recovery_codes_need_a_current_code(client, coordinator):
    device = app_for(coordinator)
    old = replace_recovery_codes(coordinator)
    sign_in(client, coordinator)
    manage = reverse("admin_security:manage")
    response = client.post(manage, {"action": "new_codes", "code": ""})
    assert set(
        StaticToken.objects.filter(device__user=coordinator).values_list(
            "token", flat=True
        )
    ) == set(old)
    response = client.post(manage, {"action": "new_codes", "code": code_for(device)})
    assert response.status_code == 200
    new = set(
        StaticToken.objects.filter(device__user=coordinator).values_list(
            "token", flat=True
        )
    )
    assert len(new) == 10 and not new & set(old)
    html = response.content.decode()
    assert "Your new recovery codes" in html
    assert all(f"{code[:4]} {code[4:]}" in html for code in new)


def test_moving_to_a_new_phone_replaces_the_old_one(client, coordinator):
    old_phone = app_for(coordinator)
    sign_in(client, coordinator)
    client.get(reverse("admin_security:enrol"))
    new_phone = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    response = client.post(
        reverse("admin_security:enrol"), {"code": code_for(new_phone)}
    )
    assert response.status_code == 200
    assert list(TOTPDevice.objects.filter(user=coordinator)) == [new_phone]
    assert not TOTPDevice.objects.filter(pk=old_phone.pk).exists()
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


# reset_two_factor ---------------------------------------------------------------------


def test_reset_two_factor_makes_them_set_it_up_again(client, coordinator):
    app_for(coordinator)
    replace_recovery_codes(coordinator)
    sign_in(client, coordinator)
    out = StringIO()
    call_command("reset_two_factor", "coordinator", stdout=out)
    assert "Removed two-step verification for coordinator" in out.getvalue()
    assert "set up a new phone the next time they sign in" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    assert not StaticToken.objects.filter(device__user=coordinator).exists()
    assert ModelLogEntry.objects.filter(
        action="admin_security.reset", object_id=str(coordinator.pk)
    ).exists()
    # Their session no longer counts as verified: they must set it up again.
    response = client.get(reverse("wagtailadmin_home"))
    assert step_of(response)[0] == reverse("admin_security:enrol")

    again = StringIO()
    call_command("reset_two_factor", "coordinator", stdout=again)
    assert "nothing to remove" in again.getvalue()


def test_reset_two_factor_says_clearly_when_there_is_no_such_user(coordinator):
    with pytest.raises(CommandError, match='There is no user "Coordinator"'):
        call_command("reset_two_factor", "Coordinator", stdout=StringIO())


def test_reset_two_factor_exits_non_zero_for_an_unknown_user(starter_site):
    err = StringIO()
    command = ResetTwoFactor(stdout=StringIO(), stderr=err)
    with pytest.raises(SystemExit) as exit_info:
        command.run_from_argv(["manage.py", "reset_two_factor", "nobody"])
    assert exit_info.value.code == 1
    assert 'There is no user "nobody"' in err.getvalue()
