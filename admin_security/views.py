"""
Two-step verification screens: setting it up, the step after the password, and
the page under Account where people see and change theirs.
"""

from math import ceil
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views import View
from django.views.generic import TemplateView
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from admin_security import two_factor
from admin_security.forms import CodeForm

PAGE_TITLE = "Two-step verification"
WRONG_CODE = (
    "That code did not work. Type the 6-digit code your app shows now (it changes "
    "every 30 seconds), or one of your recovery codes."
)
WRONG_APP_CODE = (
    "That code did not work. Type the 6-digit code the app shows now; it changes "
    "every 30 seconds. If it never works, check that your phone's clock is set "
    "automatically."
)


def next_url(request):
    """Where to go after this step: the page asked for, if it is on this site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("wagtailadmin_home")


def with_next(url_name, request):
    return f"{reverse(url_name)}?{urlencode({'next': next_url(request)})}"


def complete_second_step(request, device):
    """Mark this session as having passed the second step with ``device``."""
    # A new session key at this change of privilege, as Django does at sign-in.
    request.session.cycle_key()
    otp_login(request, device)


def account_of(request):
    """The signed-in person as a plain model instance, which Wagtail's log needs."""
    return get_user_model()._default_manager.get(pk=request.user.pk)


def wait_message(retry_at):
    """What to tell someone whose device refuses codes for a while after wrong ones."""
    intro = "Too many wrong codes were tried, so codes are paused for a moment."
    if retry_at is None:
        return f"{intro} Wait a minute, then try again."
    seconds = max(1, ceil((retry_at - timezone.now()).total_seconds()))
    if seconds < 120:
        unit = "second" if seconds == 1 else "seconds"
        return f"{intro} Wait {seconds} {unit}, then try again."
    at = time_format(timezone.localtime(retry_at), "g:i A")
    minutes = ceil(seconds / 60)
    return f"{intro} Try again after {at} (in about {minutes} minutes)."


class VerifyView(View):
    """The second step after the password: a code from the app, or a recovery code."""

    template_name = "admin_security/verify.html"

    def dispatch(self, request, *args, **kwargs):
        if two_factor.pending_step(request.user) != two_factor.VERIFY:
            return redirect(next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None):
        return CodeForm(
            data,
            label="Code",
            help_text="The 6-digit code from your authenticator app, or one of your "
            "recovery codes if you do not have your phone.",
        )

    def get(self, request):
        return self.render(request, self.form())

    def post(self, request):
        form = self.form(request.POST)
        if form.is_valid():
            result = two_factor.check_code(request.user, form.cleaned_data["code"])
            if result.device is not None:
                complete_second_step(request, result.device)
                if isinstance(result.device, StaticDevice):
                    self.warn_about_recovery_codes(request)
                return redirect(next_url(request))
            if result.retry_at is not None:
                form.add_error(None, wait_message(result.retry_at))
            else:
                form.add_error("code", WRONG_CODE)
        return self.render(request, form)

    def warn_about_recovery_codes(self, request):
        left = two_factor.recovery_codes_left(request.user)
        messages.warning(
            request,
            f"You used a recovery code; it will not work again. You have {left} left. "
            "Make new ones, or set up a new phone, under Account, Two-step "
            "verification.",
            buttons=[messages.button(reverse("admin_security:manage"), "Open")],
        )

    def render(self, request, form):
        context = {"form": form, "next": next_url(request)}
        return TemplateResponse(request, self.template_name, context)


class EnrolView(View):
    """
    Setting up an authenticator app: a QR code and the secret as text, then one
    code from the app to show it works; then ten recovery codes, shown once. Also
    how someone already set up moves to a new phone.
    """

    template_name = "admin_security/enrol.html"

    def dispatch(self, request, *args, **kwargs):
        if two_factor.pending_step(request.user) == two_factor.VERIFY:
            # Whoever has a second step passes it before changing it.
            return redirect(with_next("admin_security:verify", request))
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None):
        return CodeForm(
            data,
            label="Code from the app",
            help_text="Six digits, without spaces.",
            numeric=True,
        )

    def get(self, request):
        device = two_factor.pending_app_device(request.user)
        return self.render(request, device, self.form())

    def post(self, request):
        device = two_factor.pending_app_device(request.user, create=False)
        if device is None:
            return redirect(request.get_full_path())
        form = self.form(request.POST)
        if form.is_valid():
            result = two_factor.check_code(
                request.user, form.cleaned_data["code"], device=device
            )
            if result.device is not None:
                codes = two_factor.confirm_app_device(result.device)
                complete_second_step(request, result.device)
                log(account_of(request), "admin_security.turn_on", user=request.user)
                context = {"codes": codes, "next": next_url(request)}
                return TemplateResponse(
                    request, "admin_security/enrolled.html", context
                )
            if result.retry_at is not None:
                form.add_error(None, wait_message(result.retry_at))
            else:
                form.add_error("code", WRONG_APP_CODE)
        return self.render(request, device, form)

    def render(self, request, device, form):
        user = request.user
        context = {
            "form": form,
            "next": next_url(request),
            # Drawn here from our own data; no markup from anyone else.
            "qr_code": mark_safe(two_factor.qr_code_svg(device.config_url)),  # noqa: S308
            "secret": two_factor.secret_for_typing(device),
            "required": two_factor.is_required(user),
            "replacing": two_factor.app_device(user) is not None,
        }
        return TemplateResponse(request, self.template_name, context)


class ManageView(WagtailAdminTemplateMixin, TemplateView):
    """
    Account, Two-step verification: whether it is on, and (each after a current
    code) new recovery codes or turning it off, where that is allowed.
    """

    page_title = PAGE_TITLE
    header_icon = "key"
    template_name = "admin_security/manage.html"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailadmin_account"), "label": "Account"},
            {"url": "", "label": PAGE_TITLE},
        ]

    def code_form(self, data=None):
        return CodeForm(
            data,
            label="Current code",
            help_text="The 6-digit code your app shows now, or a recovery code.",
        )

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "required": two_factor.is_required(user),
                "app_device": two_factor.app_device(user),
                "codes_left": two_factor.recovery_codes_left(user),
                "codes_form": self.code_form(),
                "off_form": self.code_form(),
            }
        )
        context.update(kwargs)
        return context

    def post(self, request):
        action = request.POST.get("action")
        user = request.user
        enrolled = two_factor.app_device(user) is not None
        if action == "new_codes" and enrolled:
            form_name = "codes_form"
        elif action == "turn_off" and enrolled and not two_factor.is_required(user):
            form_name = "off_form"
        else:
            return redirect("admin_security:manage")
        form = self.code_form(request.POST)
        if form.is_valid():
            result = two_factor.check_code(user, form.cleaned_data["code"])
            if result.device is not None:
                return self.carry_out(action)
            if result.retry_at is not None:
                form.add_error(None, wait_message(result.retry_at))
            else:
                form.add_error("code", WRONG_CODE)
        return self.render_to_response(self.get_context_data(**{form_name: form}))

    def carry_out(self, action):
        request = self.request
        account = account_of(request)
        if action == "new_codes":
            codes = two_factor.replace_recovery_codes(account)
            log(account, "admin_security.new_codes", user=request.user)
            return self.render_to_response(self.get_context_data(new_codes=codes))
        two_factor.remove_devices(account)
        log(account, "admin_security.turn_off", user=request.user)
        messages.success(request, "Two-step verification is off for your account.")
        return redirect("admin_security:manage")
