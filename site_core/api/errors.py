"""
Errors under ``/api/`` answer JSON, as every other API answer does: the project's
404 and 500 handlers call these for paths under the API (a page id that is not a
number, say, matches no API route and would otherwise get the site's HTML page).
"""

from django.http import JsonResponse
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt

API_PREFIX = "/api/"
# The largest id a row can have in every database the site runs on (a 32-bit
# integer): a larger one in a URL names nothing, and asking the database for it
# is an error (SQLite) or an overflow (PostgreSQL).
MAX_ID = 2**31 - 1


def is_api_request(request):
    return request.path.startswith(API_PREFIX)


def json_message(text, status):
    """The API's error shape: ``{"message": ...}`` (``Message`` in the document)."""
    return JsonResponse({"message": text}, status=status)


def not_found(request, exception=None):
    """404: JSON under /api/, the site's own page elsewhere."""
    if is_api_request(request):
        return json_message("Nothing is published at this address.", 404)
    return defaults.page_not_found(request, exception)


# No cookies or session mean anything under /api/, so no CSRF check either: an
# unknown address answers 404, whatever the method.
@csrf_exempt
def unknown_address(request, *args, **kwargs):
    """What no API route matches, such as a page id that is not a number."""
    return json_message("Nothing is published at this address.", 404)


def server_error(request):
    """500: JSON under /api/, the site's own page elsewhere."""
    if is_api_request(request):
        return json_message("Something went wrong on our side; please try later.", 500)
    return defaults.server_error(request)
