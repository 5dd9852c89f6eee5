"""
Who must pass a second step, and the devices that provide it.

A person's second step is an authenticator app (a django-otp TOTP device) and a
sheet of one-time recovery codes (a static device). Which people must use it is
a setting, TWO_FACTOR_REQUIRED_PERMISSIONS, so this app knows no feature app.
"""

import re
from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime

import qrcode
from django.conf import settings
from django.db import transaction
from django_otp import user_has_device, verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from qrcode.image.svg import SvgPathFillImage

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"

# What stands between a signed-in person and the admin.
VERIFY = "verify"
ENROL = "enrol"

APP_CODE = re.compile(r"\d{6}")


def is_required(user):
    """Superusers and holders of a listed permission must use a second step."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(user.has_perm(perm) for perm in settings.TWO_FACTOR_REQUIRED_PERMISSIONS)


def is_enrolled(user):
    """Whether the user has a confirmed second step (app or recovery codes)."""
    return user_has_device(user, confirmed=True)


def pending_step(user):
    """
    ``VERIFY`` when a signed-in user has a second step but has not passed it in
    this session, ``ENROL`` when they must have one and have not set it up yet,
    else None. Anyone who has set it up passes it, required or not.
    """
    if not user.is_authenticated or user.is_verified():
        return None
    if is_enrolled(user):
        return VERIFY
    if is_required(user):
        return ENROL
    return None


def app_device(user):
    """The user's confirmed authenticator app, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def pending_app_device(user, create=True):
    """
    The authenticator app being set up. It stays unconfirmed, and so unusable,
    until the person types a code from it; reloading the page keeps its secret.
    """
    device = (
        TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    )
    if device is None and create:
        device = TOTPDevice.objects.create(
            user=user, name=APP_DEVICE_NAME, confirmed=False
        )
    return device


def confirm_app_device(device):
    """
    Make ``device`` the user's one authenticator app (replacing any earlier one)
    and give them new recovery codes, which are returned to be shown once.
    """
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        return replace_recovery_codes(device.user)


def replace_recovery_codes(user):
    """Replace the user's recovery codes with new ones; the old ones stop working."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME)
        codes = set()
        while len(codes) < RECOVERY_CODE_COUNT:
            codes.add(StaticToken.random_token())
        codes = sorted(codes)
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=code) for code in codes
        )
    return codes


def remove_devices(user):
    """Delete every second-step device of the user; returns how many there were."""
    removed = 0
    with transaction.atomic():
        for model in (TOTPDevice, StaticDevice):
            devices = model.objects.filter(user=user)
            removed += devices.count()
            devices.delete()
    return removed


@dataclass
class CodeCheck:
    """The device that accepted a code, or when the next try is allowed."""

    device: object = None
    retry_at: datetime | None = None


def normalise_code(code):
    return re.sub(r"[\s-]", "", code or "").lower()


def check_code(user, code, device=None):
    """
    Check ``code`` against the user's authenticator app (six digits) or their
    recovery codes (anything else), or only against ``device`` when given. A
    recovery code that matches is used up. django-otp slows down guessing: after
    each wrong code the device refuses every code for a doubling delay.
    """
    code = normalise_code(code)
    if device is not None:
        devices = [device]
    elif APP_CODE.fullmatch(code):
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    else:
        devices = StaticDevice.objects.filter(user=user, confirmed=True)
    for candidate in devices:
        allowed, details = candidate.verify_is_allowed()
        if not allowed:
            return CodeCheck(retry_at=(details or {}).get("locked_until"))
        # verify_token locks the device row, so two tries cannot race the throttle.
        matched = verify_token(user, candidate.persistent_id, code)
        if matched is not None:
            return CodeCheck(device=matched)
    return CodeCheck()


def secret_for_typing(device):
    """The secret in the base32 form apps ask for, in groups of four letters."""
    secret = b32encode(device.bin_key).decode("ascii")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(text):
    """
    ``text`` as a QR code in inline SVG, drawn here on the server: nothing is
    loaded from another host, and there is no script or inline style, so the
    admin's Content Security Policy holds. Black on a white square, so it scans
    in the admin's dark theme too.
    """
    image = qrcode.make(text, image_factory=SvgPathFillImage, box_size=14, border=4)
    return image.to_string(encoding="unicode")
