"""
The rate limit on applications: each client address may make
APPLICATION_RATE_LIMIT attempts to apply to a form in a window of time that starts
at its first attempt. Only a keyed hash of the address is kept, never the address.

Every attempt is counted before any work is done on it, with one atomic increment
in the shared cache, and an attempt that takes the count over the limit is refused
(429). Checking first and counting after the work let parallel posts all pass the
check before any of them was counted; this way each post has its own number.

What counts:

- Applications stored, and applications dropped because the honeypot was filled.
- Input that no person using the form could produce: text that is not valid
  Unicode or holds a null character, a body that is not JSON, JSON of the wrong
  types, names the form does not have, bodies too large (413) or not JSON (415)
  for a form that exists. Programs send these, so they use up the limit and it is
  never given back.
- Posts refused by the limit. The window still ends when it would have.

What is given back: when the only errors are ones a person makes while filling in
the form (a required answer missing, an answer too long, an email address that is
not one, a character that could not be read), the count goes back down as the
form returns to them, so someone correcting typos is never locked out.
"""

import logging

from django.conf import settings
from django.core.cache import cache

from site_core.client import keyed_digest
from site_core.throttle import count_in_window

# The pipeline's logger, as before these modules were split: log filters still match.
logger = logging.getLogger("legal_forum.submissions")


def _rate_key(page, client):
    # Only a keyed hash of the address is kept in the cache, never the address.
    return f"applications:rate:{page.pk}:{keyed_digest(client)}"


def admit(page, client):
    """Count one attempt to apply; False when it is over the limit (answer 429)."""
    limit, _window = settings.APPLICATION_RATE_LIMIT
    if count_submission(page, client) <= limit:
        return True
    logger.info("Application to page %s refused: rate limit reached", page.pk)
    return False


def count_submission(page, client):
    """Count one attempt to apply to ``page`` from ``client``; the count so far."""
    _limit, window = settings.APPLICATION_RATE_LIMIT
    return count_in_window(_rate_key(page, client), window)


def give_back(page, client):
    """Un-count one attempt: the form went back to a person to correct."""
    key = _rate_key(page, client)
    try:
        count = cache.decr(key)
    except ValueError:  # the window has ended: nothing left to give back
        return
    if count < 0:
        # The window ended between decr()'s check and its decrement, which left a
        # count that never expires; remove it.
        cache.delete(key)
