"""Counting requests in the shared cache, so every app server sees the same count."""

from django.core.cache import cache


def count_request(key, window):
    """
    Count one more request under ``key`` and return the count so far in this
    window of ``window`` seconds (which starts with the first request).
    """
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        return 1
