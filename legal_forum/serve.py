"""
How an application form answers a sent form (a POST): the answers go through the
one pipeline (``legal_forum.submissions``), then the applicant is redirected to
the thank-you page, shown the form again with its errors, or told to wait.

The form page's own ``serve()`` shows the form and the thank-you page. The
pipeline imports the page models, so they cannot call it; instead Wagtail's
``on_serve_page`` hook (registered in ``legal_forum.wagtail_hooks``) hands each
POST to ``receive`` here, inside Wagtail's view restrictions, in place of the
page's ``serve()``.
"""

from django.conf import settings
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from legal_forum.models import ApplicationFormPage
from legal_forum.submissions import Outcome, submit_application
from site_core.client import client_address


def serve_sent_forms(serve_page):
    """
    An ``on_serve_page`` hook: a POST to an application form (not to its thank-you
    page) goes to ``receive``; every other request is served as it would be.
    """

    def serve(page, request, args, kwargs):
        if (
            isinstance(page, ApplicationFormPage)
            and request.method == "POST"
            and not kwargs.get("thank_you")
        ):
            return receive(page, request)
        return serve_page(page, request, args, kwargs)

    return serve


def receive(page, request):
    """Run one sent form through the pipeline and answer the applicant."""
    result = submit_application(
        page,
        request.POST,
        request.FILES,
        client=client_address(request),
        user=request.user,
    )
    if result.outcome is Outcome.RATE_LIMITED:
        response = rate_limited_response(request, page)
    elif result.outcome is Outcome.INVALID:
        response = page.render_form(request, result.form)
    else:
        # Redirect, so that refreshing the thank-you page sends nothing again.
        response = redirect(page.thank_you_url(request))
    # The form holds a CSRF token and, after an error, the applicant's answers.
    add_never_cache_headers(response)
    return response


def rate_limited_response(request, page):
    context = page.get_context(request)
    _limit, window = settings.APPLICATION_RATE_LIMIT
    response = TemplateResponse(
        request, "legal_forum/rate_limited.html", context, status=429
    )
    response["Retry-After"] = str(window)
    return response
