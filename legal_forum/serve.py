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

from legal_forum.form_builder import TOKEN_FIELD
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
    elif result.outcome is Outcome.KEY_REUSED:
        response = resend_as_new(page, request)
    else:
        # Redirect, so that refreshing the thank-you page sends nothing again. A
        # form sent twice (its one-time token already stored) is thanked the same,
        # though only the first was stored: the applicant's answers are safe.
        response = redirect(page.thank_you_url(request))
    # The form holds a CSRF token and, after an error, the applicant's answers.
    add_never_cache_headers(response)
    return response


def resend_as_new(page, request):
    """
    The form's one-time token was sent before, with other answers: the applicant
    went back to a sent form and changed it. Storing nothing and thanking them
    would lose the new answers; instead they are shown again, with a fresh token,
    asking the applicant to check them and send them again.
    """
    data = request.POST.copy()
    data.pop(TOKEN_FIELD, None)  # the form then makes a fresh one (TokenField)
    form = page.get_form(data, page=page, user=request.user)
    return page.render_form(request, form, resend=True)


def rate_limited_response(request, page):
    context = page.get_context(request)
    _limit, window = settings.APPLICATION_RATE_LIMIT
    response = TemplateResponse(
        request, "legal_forum/rate_limited.html", context, status=429
    )
    response["Retry-After"] = str(window)
    return response
