"""Counting attempts in the shared cache, so every app server sees the same count."""

from django.core.cache import cache


def count_in_window(key, window):
    """
    Count one attempt under ``key`` and return the count in this window of
    ``window`` seconds (which starts with the first attempt), this one included.
    add() starts a window only if none is running; incr() is atomic in Redis, so
    parallel attempts get distinct numbers.
    """
    for _attempt in range(3):
        started = cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # the window ended between add() and incr(): again
            continue
        if count == 1 and not started:
            # Django's Redis incr() checks that the key exists, then increments: if
            # the window ended in between, the increment made a key that never
            # expires. Give it the window it should have (harmless otherwise).
            cache.touch(key, window)
        return count
    return 1  # a cache that keeps nothing (DummyCache) limits nothing
