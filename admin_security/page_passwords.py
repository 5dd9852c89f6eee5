"""Wagtail's password form for private pages, with wrong passwords counted."""

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import Page, PageViewRestriction

from admin_security.lockout import lockout_response, page_password_credentials


@never_cache
def authenticate_with_password(request, page_view_restriction_id, page_id):
    """
    Wagtail's own view, except that each wrong password counts, through
    django-axes, towards a lockout of this restriction for this client address;
    once locked out, no password is checked until the cool-off ends.
    """
    restriction = get_object_or_404(
        PageViewRestriction,
        id=page_view_restriction_id,
        restriction_type=PageViewRestriction.PASSWORD,
    )
    page = get_object_or_404(Page, id=page_id).specific
    credentials = page_password_credentials(restriction)
    if not AxesProxyHandler.is_allowed(request, credentials):
        return lockout_response(request, credentials=credentials)

    if request.method == "POST":
        form = PasswordViewRestrictionForm(request.POST, instance=restriction)
        if form.is_valid():
            return_url = form.cleaned_data["return_url"]
            if not url_has_allowed_host_and_scheme(
                return_url, {request.get_host()}, request.is_secure()
            ):
                return_url = settings.LOGIN_REDIRECT_URL
            restriction.mark_as_passed(request)
            return redirect(return_url)
        # Counted as a failed sign-in, so axes' handler, commands and admin see it.
        user_login_failed.send(
            sender=__name__, credentials=credentials, request=request
        )
        if getattr(request, "axes_locked_out", False):
            return lockout_response(request, credentials=credentials)
    else:
        form = PasswordViewRestrictionForm(instance=restriction)

    action_url = reverse(
        "wagtailcore_authenticate_with_password", args=[restriction.id, page.id]
    )
    return page.serve_password_required_response(request, form, action_url)
