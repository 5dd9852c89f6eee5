"""
Measure the applications exports, CSV and Excel workbook (XLSX), with 1,000 and
with --rows submissions on a throwaway test database: SQLite in memory, or a test
copy of DATABASE_URL's database. A tenth of the applications are assigned and
have notes, so the tracking columns are exercised too.

For each writer (legal_forum.export.csv_bytes, legal_forum.spreadsheet.xlsx_chunks)
it reports the peak of Python allocations (tracemalloc) and the wall time, each
from its own run, so that tracing does not slow the timed run; the time of the
admin download of each (the list view's streamed response, through the test
client); and the file sizes. --with-stock adds Wagtail's stock
SubmissionsListView CSV export of the same rows, for comparison.

    .venv/bin/python bench/export.py               # 20,000 rows, about a minute
    .venv/bin/python bench/export.py --rows 100000 # a few minutes
"""

import argparse
import os
import random
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysistershouse.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from wagtail.contrib.forms.views import SubmissionsListView  # noqa: E402
from wagtail.models import Page  # noqa: E402
from wagtail.models import Site as WagtailSite  # noqa: E402

from legal_forum.export import csv_bytes  # noqa: E402
from legal_forum.models import (  # noqa: E402
    ApplicationNote,
    ApplicationStatus,
    ApplicationSubmission,
)
from legal_forum.spreadsheet import xlsx_chunks  # noqa: E402
from tests.auth import sign_in  # noqa: E402
from tests.factories import (  # noqa: E402
    ApplicationFormFieldFactory,
    ApplicationFormPageFactory,
    HomePageFactory,
)

SMALL = 1_000
BATCH = 10_000  # rows built in Python at a time; bulk_create writes 1,000 a query
MB = 1024 * 1024

QUESTIONS = [
    ("Full name", "singleline", ""),
    ("Email address", "email", ""),
    ("Phone number", "phone", ""),
    ("Organization", "singleline", ""),
    ("Job title", "singleline", ""),
    ("ZIP code", "singleline", ""),
    ("Preferred language", "dropdown", "English\nEspañol\nTiếng Việt\n中文\nHmoob"),
    (
        "Areas of practice",
        "checkboxes",
        "Immigration\nFamily law\nHousing\nCriminal defense\nVictim advocacy",
    ),
    ("How did you hear about us?", "radio", "A colleague\nOur website\nAn event"),
    ("Why do you want to join the Legal Forum?", "multiline", ""),
    ("I agree to the Legal Forum's guidelines", "checkbox", ""),
]

GIVEN = ["Minh", "Mai", "José", "Aiko", "Xiaoming", "Fatima", "Pa Nhia", "Jane"]
FAMILY = ["Nguyễn", "Trần", "García", "Yamamoto", "王", "Rahman", "Vang", "O'Brien"]
ORGANIZATIONS = [
    "Sacramento Legal Aid, Inc.",
    "Asian Pacific Community Counseling",
    'The "Justice" Collective',
    '=HYPERLINK("http://example.org")',
    "",
]
TITLES = ["Staff attorney", "Paralegal", "Case manager", "Advocate", "Law student"]
REASONS = [
    "I work with survivors of human trafficking and domestic violence in "
    "Sacramento County and would like to learn from other providers.",
    "Our clinic serves Asian and Pacific Islander clients, many with limited "
    "English.\nWe want to coordinate referrals for T and U visas.",
    "To share resources, and to hear about changes in immigration relief.",
]


def answers(rng, serial):
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    return {
        "full_name": f"{given} {family}",
        "email_address": f"applicant{serial}@example.org",
        "phone_number": f"+1916{rng.randrange(10**7):07d}",
        "organization": rng.choice(ORGANIZATIONS),
        "job_title": rng.choice(TITLES),
        "zip_code": f"958{rng.randrange(100):02d}",
        "preferred_language": rng.choice(QUESTIONS[6][2].split("\n")),
        "areas_of_practice": rng.sample(QUESTIONS[7][2].split("\n"), rng.randint(1, 3)),
        "how_did_you_hear_about_us": rng.choice(QUESTIONS[8][2].split("\n")),
        "why_do_you_want_to_join_the_legal_forum": rng.choice(REASONS),
        "i_agree_to_the_legal_forums_guidelines": True,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument(
        "--with-stock",
        action="store_true",
        help="Also measure Wagtail's stock CSV export of the same rows.",
    )
    options = parser.parse_args()
    if options.rows <= SMALL:
        parser.error(f"--rows must be more than {SMALL:,}.")

    setup_test_environment()
    test_database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        measure(options.rows, stock=options.with_stock)
    finally:
        connection.creation.destroy_test_db(test_database, verbosity=0)


class Bench:
    def __init__(self):
        root = Page.get_first_root_node()
        home = HomePageFactory(parent=root, slug="bench-home")
        WagtailSite.objects.filter(is_default_site=True).update(root_page=home)
        self.page = ApplicationFormPageFactory(
            parent=home, slug="legal-forum-membership", title="Join the Legal Forum"
        )
        for order, (label, field_type, choices) in enumerate(QUESTIONS):
            ApplicationFormFieldFactory(
                page=self.page,
                label=label,
                field_type=field_type,
                choices=choices,
                sort_order=order,
            )
        # No password: the client is signed in directly, second step included.
        self.user = get_user_model().objects.create_superuser(
            "bench", password=None, first_name="Mai", last_name="Trần"
        )
        self.statuses = list(ApplicationStatus.objects.all()) or [None]
        self.client = Client()
        sign_in(self.client, self.user)
        self.url = reverse("wagtailforms:list_submissions", args=[self.page.pk])
        self.rng = random.Random(2026)  # noqa: S311 - made-up answers, not secrets
        self.count = 0

    def grow_to(self, total):
        while self.count < total:
            size = min(BATCH, total - self.count)
            created = ApplicationSubmission.objects.bulk_create(
                (
                    ApplicationSubmission(
                        page=self.page,
                        form_data=answers(self.rng, self.count + n),
                        status=self.statuses[(self.count + n) % len(self.statuses)],
                        assignee=self.user if (self.count + n) % 10 == 0 else None,
                    )
                    for n in range(size)
                ),
                batch_size=1000,
            )
            ApplicationNote.objects.bulk_create(
                (
                    ApplicationNote(application=application, text="Called back.")
                    for application in created
                    if application.assignee_id
                ),
                batch_size=1000,
            )
            self.count += size
            print(f"  created {self.count:,} of {total:,} submissions", flush=True)

    def csv(self):
        return sum(
            len(chunk) for chunk in csv_bytes(self.page, self.page.get_submissions())
        )

    def xlsx(self):
        return sum(
            len(chunk) for chunk in xlsx_chunks(self.page, self.page.get_submissions())
        )

    def admin(self, fmt):
        response = self.client.get(self.url, {"export": fmt})
        assert response.status_code == 200, response.status_code
        size = sum(len(piece) for piece in response.streaming_content)
        response.close()
        return size

    def stock(self):
        request = RequestFactory().get(self.url, {"export": "csv"})
        request.user = self.user
        response = SubmissionsListView.as_view()(request, form_page=self.page)
        assert response.status_code == 200, response.status_code
        size = sum(len(piece) for piece in response.streaming_content)
        response.close()
        return size


def peak_mb(function):
    """Peak Python allocation while ``function`` runs, above what was there before."""
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        function()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return (peak - start) / MB


def seconds(function):
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def measure(rows, *, stock):
    engine = connection.vendor
    print(f"Export benchmark on {engine}: {SMALL:,} then {rows:,} submissions")
    bench = Bench()
    writers = {
        "CSV": (bench.csv, lambda: bench.admin("csv")),
        "XLSX": (bench.xlsx, lambda: bench.admin("xlsx")),
    }
    if stock:
        writers["stock CSV"] = (bench.stock, None)
    results = []
    for size in (SMALL, rows):
        bench.grow_to(size)
        if size == SMALL:
            for write, _admin in writers.values():
                write()  # warm up caches and imports
        for name, (write, admin) in writers.items():
            print(f"  measuring {name} with {size:,} submissions...", flush=True)
            results.append(
                {
                    "rows": size,
                    "name": name,
                    "mb": write() / MB,
                    "peak": peak_mb(write),
                    "s": seconds(write),
                    "admin_s": seconds(admin) if admin else None,
                }
            )

    print()
    print(
        f"{'rows':>9} {'format':>9} {'peak MB':>8} {'time s':>7} "
        f"{'admin s':>8} {'file MB':>8}"
    )
    for result in results:
        admin = (
            f"{result['admin_s']:>8.2f}"
            if result["admin_s"] is not None
            else (f"{'-':>8}")
        )
        print(
            f"{result['rows']:>9,} {result['name']:>9} {result['peak']:>8.2f} "
            f"{result['s']:>7.2f} {admin} {result['mb']:>8.2f}"
        )
    print()
    for name in writers:
        small, large = (result for result in results if result["name"] == name)
        print(
            f"{name} peak grew by {large['peak'] - small['peak']:+.2f} MB from "
            f"{small['rows']:,} to {large['rows']:,} rows."
        )
    print(
        "(peak = Python allocations while writing, tracemalloc; time = writing "
        "alone; admin = the list view's streamed download through the test client.)"
    )
    if rows < 100_000:
        print(
            "For 100,000 applications: .venv/bin/python bench/export.py --rows 100000"
        )


if __name__ == "__main__":
    main()
