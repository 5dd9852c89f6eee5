"""
What a visitor sees when a form's security check fails (a form left open until its
token expired, or a browser that dropped the cookie).

A page that can do better than Django's bare 403 says so by defining
``serve_csrf_failure(request)``: application forms show the applicant's answers
again with one line asking them to send the form again, so nothing typed is lost.
"""

from django.http import Http404
from django.views.csrf import csrf_failure as django_csrf_failure
from wagtail.models import Page


def csrf_failure(request, reason=""):
    try:
        route = Page.route_for_request(request, request.path)
    except Http404:
        route = None
    if route is not None:
        page, _args, _kwargs = route
        handler = getattr(page.specific, "serve_csrf_failure", None)
        if handler is not None and request.method == "POST":
            return handler(request)
    return django_csrf_failure(request, reason)
