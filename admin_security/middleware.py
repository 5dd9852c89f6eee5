"""The admin's second-step gate, and the throttle on password-reset emails."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from admin_security.two_factor import ENROL, pending_step
from site_core.client import client_address, keyed_digest
from site_core.throttle import count_in_window

# Admin views anyone signed in may reach before the second step: the step's own
# views, and what signing in or out and drawing those pages need.
OPEN_ADMIN_VIEWS = {
    "admin_security:verify",
    "admin_security:enrol",
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
}


def view_name(request):
    match = request.resolver_match
    return match.view_name if match else ""


class TwoFactorMiddleware:
    """
    Nothing in the admin opens for a signed-in person who must pass a second step
    (or who has set one up) until they have passed it in this session: pages are
    redirected to the step, with ``next`` to come back; anything else (a form
    post, a background request) gets 403, as it cannot be replayed after a
    redirect.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith(reverse("wagtailadmin_home")):
            return None
        if view_name(request) in OPEN_ADMIN_VIEWS:
            return None
        step = pending_step(request.user)
        if step is None:
            return None
        target = reverse(
            "admin_security:enrol" if step == ENROL else "admin_security:verify"
        )
        is_page_load = request.method in ("GET", "HEAD") and (
            request.headers.get("x-requested-with") != "XMLHttpRequest"
        )
        if not is_page_load:
            return HttpResponse(
                "Two-step verification is needed first. Reload the page to enter "
                "your code.",
                status=403,
                content_type="text/plain; charset=utf-8",
            )
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")


class PasswordResetThrottleMiddleware:
    """
    At most PASSWORD_RESET_RATE_LIMIT requests for a password-reset email per
    client address per window: each one sends mail to a real person, and the
    form would otherwise let anyone flood a colleague's inbox.
    """

    VIEW_NAME = "wagtailadmin_password_reset"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or view_name(request) != self.VIEW_NAME:
            return None
        limit, window = settings.PASSWORD_RESET_RATE_LIMIT
        count = count_in_window(
            f"password-reset:{keyed_digest(client_address(request))}", window
        )
        if count <= limit:
            return None
        response = TemplateResponse(
            request,
            "admin_security/password_reset_throttled.html",
            {"window_minutes": max(1, window // 60)},
            status=429,
        )
        response["Retry-After"] = str(window)
        return response
