"""Signing staff in for admin tests, the way the admin's own sign-in would."""

from django.contrib.auth import get_user_model
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from admin_security.two_factor import is_required

# The password of every staff user the shared fixtures make.
PASSWORD = "correct horse battery staple"  # noqa: S105


def sign_in(client, user):
    """
    Sign ``user`` in on ``client``, with the second step done if the user has
    one, so a test reaches the screens that user's role allows. Someone who must
    use a second step and has none gets an authenticator app first.
    """
    client.force_login(user)
    # Fresh from the database: the caller's object may hold stale permissions.
    user = get_user_model().objects.get(pk=user.pk)
    device = next(devices_for_user(user), None)
    if device is None and is_required(user):
        device = TOTPDevice.objects.create(user=user, name="Test phone")
    if device is not None:
        # What django_otp.login() records once a code has been accepted.
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
