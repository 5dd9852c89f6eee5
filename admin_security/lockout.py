"""
What a person sees when too many wrong passwords were tried (django-axes calls
``lockout_response``), and page passwords counted as axes sign-in attempts.
"""

from math import ceil

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off, get_credentials
from django.db.models import Max
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

# Wrong page passwords are recorded under this made-up username plus the
# restriction's id. Django's username rules allow no ":", so no account shares it.
RESTRICTION_USERNAME_PREFIX = "page-password:"


def page_password_credentials(restriction):
    return get_credentials(f"{RESTRICTION_USERNAME_PREFIX}{restriction.pk}")


def is_page_password(request, credentials):
    username = get_client_username(request, credentials) or ""
    return str(username).startswith(RESTRICTION_USERNAME_PREFIX)


def retry_at(request, credentials):
    """When the lockout ends: the cool-off time after the last counted failure."""
    cool_off = get_cool_off(request)
    AxesProxyHandler.update_request(request)
    handler = AxesProxyHandler.get_implementation()
    latest = None
    if hasattr(handler, "get_user_attempts"):  # the database handler
        found = [
            attempts.aggregate(latest=Max("attempt_time"))["latest"]
            for attempts in handler.get_user_attempts(request, credentials)
        ]
        latest = max((when for when in found if when), default=None)
    return (latest or timezone.now()) + cool_off


def lockout_response(request, original_response=None, credentials=None):
    """
    429 with when to try again. It says the same for every username, known or
    not, and never repeats the username. The admin gets the admin's look; page
    passwords and the site's own sign-in page get the public site's.
    """
    if getattr(original_response, "is_lockout", False):
        return original_response
    until = retry_at(request, credentials)
    seconds = max(1, ceil((until - timezone.now()).total_seconds()))
    page_password = is_page_password(request, credentials)
    context = {
        "retry_at": until,
        "minutes": ceil(seconds / 60),
        "page_password": page_password,
    }
    if not page_password and request.path_info.startswith(reverse("wagtailadmin_home")):
        template = "admin_security/locked_out.html"
    else:
        template = "admin_security/locked_out_public.html"
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(seconds)
    add_never_cache_headers(response)
    response.is_lockout = True
    return response
