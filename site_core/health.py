"""
The load balancer's health check, ``/healthz``.

An app server is worth sending visitors to only if it can reach the database and
the shared cache (rate limits and the settings kept between publishes live
there). The check is cheap enough to run every few seconds: one trivial query and
one short-lived cache key. It names which part failed, never why: the reason
(hosts, errors) goes to the log, not to whoever asks.

It sets no cookie, is never stored by any cache, is not rate limited, and
answers whatever Host header the probe sends (see HealthCheckMiddleware).
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# Long enough for the set and the get, short enough to leave nothing behind.
PROBE_SECONDS = 10


def database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def cache_answers():
    # A key of its own per probe, so two servers probing at once cannot mix answers.
    key = f"healthz:{uuid.uuid4().hex}"
    value = uuid.uuid4().hex
    cache.set(key, value, timeout=PROBE_SECONDS)
    answered = cache.get(key) == value
    cache.delete(key)
    return answered


CHECKS = {"database": database_answers, "cache": cache_answers}


def failed_checks():
    """The names of the parts this server cannot use right now."""
    failed = []
    for name, check in CHECKS.items():
        try:
            healthy = check()
        except Exception:  # any failure means the same thing: do not send visitors
            logger.exception("Health check: the %s did not answer", name)
            healthy = False
        if not healthy:
            failed.append(name)
    return failed


@never_cache
@require_safe
def healthz(request):
    """200 ``{"status": "ok"}``, or 503 naming the parts that failed."""
    failed = failed_checks()
    if failed:
        return JsonResponse({"status": "unavailable", "failed": failed}, status=503)
    return JsonResponse({"status": "ok"})


class HealthCheckMiddleware:
    """
    Answers the health check before the rest of the middleware runs: sessions,
    the site lookup and the rest would cost queries and could fail on their own.
    It comes before CommonMiddleware, so it answers whatever Host a load balancer
    sends (an IP address, say); the answer holds nothing about any host.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            return healthz(request)
        return self.get_response(request)
