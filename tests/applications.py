"""
Applications made in tests: answers to the common questions (tests.questions)
as the HTML form and the API take them, applications stored at a moment of our
choosing, and what the export tests need to show memory stays flat.
"""

import datetime
import tracemalloc
from zoneinfo import ZoneInfo

from legal_forum.models import ApplicationStatus, ApplicationSubmission

PACIFIC = ZoneInfo("America/Los_Angeles")
MB = 1024 * 1024


def form_answers(**changes):
    """
    What the HTML form posts for a valid application; a change to None leaves
    that answer out, as a browser sends nothing for an empty tick box.
    """
    values = {
        "full_name": "Ada Lovelace",
        "email_address": "ada@example.org",
        "i_agree_to_be_contacted": "on",
    }
    values.update(changes)
    return {key: value for key, value in values.items() if value is not None}


def api_answers(**changes):
    """The JSON body of a valid API submission; a change to None is sent as null."""
    return {
        "full_name": "Ada Lovelace",
        "email_address": "ada@example.org",
        "i_agree_to_be_contacted": True,
        **changes,
    }


def local(*args):
    """An aware datetime in the site's time zone."""
    return datetime.datetime(*args, tzinfo=PACIFIC)


def submit(page, when, answers):
    """A submission to ``page`` with ``answers``, submitted at ``when``."""
    submission = ApplicationSubmission.objects.create(page=page, form_data=answers)
    ApplicationSubmission.objects.filter(pk=submission.pk).update(submit_time=when)
    return submission


def tracked(page, named, unnamed):
    """
    Three applications to ``page``, a day apart: the first Contacted and
    assigned to ``named``, the second assigned to ``unnamed``, the third new.
    """
    contacted = ApplicationStatus.objects.get(name="Contacted")
    first = submit(page, local(2026, 5, 1, 12, 0), {"full_name": "A"})
    second = submit(page, local(2026, 5, 2, 12, 0), {"full_name": "B"})
    third = submit(page, local(2026, 5, 3, 12, 0), {"full_name": "C"})
    ApplicationSubmission.objects.filter(pk=first.pk).update(
        status=contacted, assignee=named
    )
    ApplicationSubmission.objects.filter(pk=second.pk).update(assignee=unnamed)
    return first, second, third


def grow_to(page, total, answers):
    """Add applications answering ``answers`` to ``page`` until it has ``total``."""
    missing = total - ApplicationSubmission.objects.filter(page=page).count()
    ApplicationSubmission.objects.bulk_create(
        (
            ApplicationSubmission(page=page, form_data={**answers, "serial": n})
            for n in range(missing)
        ),
        batch_size=1000,
    )


def peak_bytes(function):
    """The peak of Python allocations while ``function`` runs, above the start."""
    tracemalloc.reset_peak()
    start = tracemalloc.get_traced_memory()[0]
    function()
    return tracemalloc.get_traced_memory()[1] - start


def memory_peaks(page, consume, answers, sizes, holding):
    """
    The peak memory of ``consume(page)`` with ``page`` grown to each of the two
    ``sizes`` (after a warm-up run: imports, query compilation, caches), then of
    ``holding()``, the way that keeps everything, to show a bound can fail.
    """
    small_total, large_total = sizes
    grow_to(page, small_total, answers)
    consume(page)
    tracemalloc.start()
    try:
        small = peak_bytes(lambda: consume(page))
        grow_to(page, large_total, answers)
        large = peak_bytes(lambda: consume(page))
        held = peak_bytes(holding)
    finally:
        tracemalloc.stop()
    return small, large, held
