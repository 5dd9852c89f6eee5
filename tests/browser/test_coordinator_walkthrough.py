"""
A coordinator's round in Chromium: sign in with the second step, read the
dashboard panel, open a form's list, read an application, step to its neighbours,
change its status, add a note, print it, filter the list by status, download it
as a workbook and as CSV, delete the application. Screenshots of the dashboard,
the list and the page go to the admin guide.
"""

import csv
import datetime
import io
import os
import re
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from legal_forum.models import ApplicationStatus, ApplicationSubmission
from tests.auth import PASSWORD

# The live server needs committed data; after each test is flushed, the rows the
# migrations made (Wagtail's root page, the default site) are restored.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The admin guide's pictures; refreshed only when asked, so a test run leaves the
# working tree as it was: UPDATE_SCREENSHOTS=1 make test.
GUIDE_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images" / "admin"
VIEWPORT = {"width": 1280, "height": 800}


def code_now(device):
    """The 6 digits the coordinator's authenticator app shows now."""
    device.refresh_from_db()
    value = totp(device.bin_key, device.step, device.t0, device.digits)
    return f"{value:0{device.digits}d}"


def sign_in(page, server, user):
    device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    page.goto(server.url + reverse("wagtailadmin_login"))
    page.fill("#id_username", user.get_username())
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(re.escape(reverse("admin_security:verify"))))
    page.fill("#id_code", code_now(device))
    page.click("button:has-text('Continue')")
    page.wait_for_url(server.url + reverse("wagtailadmin_home"))


NAMES = ["Nguyễn Thị Minh Khai", "Bea Cruz", "李小龍"]
PHONE = "+1 916 555 0100"


def applications(form):
    """Three applications to ``form``, oldest first, a minute apart."""
    made = []
    start = timezone.now() - datetime.timedelta(hours=1)
    for number, name in enumerate(NAMES):
        submission = ApplicationSubmission.objects.create(
            page=form,
            form_data={
                "full_name": name,
                "email_address": f"p{number}@example.org",
                "phone_number": PHONE,
            },
            applicant_name=name,
            applicant_email=f"p{number}@example.org",
            status=ApplicationStatus.initial(),
        )
        submitted = start + datetime.timedelta(minutes=number)
        ApplicationSubmission.objects.filter(pk=submission.pk).update(
            submit_time=submitted
        )
        submission.submit_time = submitted
        made.append(submission)
    return made


def download(page, label, folder):
    """Open the Download menu, choose ``label``, and keep the file."""
    page.get_by_role("button", name="Download").click()
    with page.expect_download() as started:
        page.get_by_role("link", name=label).click()
    target = folder / started.value.suggested_filename
    started.value.save_as(target)
    return target


def test_a_coordinators_round(page, served_site, starter_form, coordinator, tmp_path):
    oldest, middle, newest = applications(starter_form)
    page.set_viewport_size(VIEWPORT)
    screenshots = GUIDE_IMAGES if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path
    screenshots.mkdir(parents=True, exist_ok=True)
    sign_in(page, served_site, coordinator)

    # The dashboard: three new applications to the Legal Forum form, and the chart.
    figures = page.locator("table.listing--dashboard tr", has_text=starter_form.title)
    assert "3 new" in figures.inner_text()
    assert page.locator("svg.applications-chart[role=img] rect").count() == 26
    page.screenshot(path=str(screenshots / "coordinator-dashboard.png"))

    list_path = reverse("wagtailforms:list_submissions", args=[starter_form.pk])
    page.goto(served_site.url + list_path)
    page.screenshot(path=str(screenshots / "coordinator-list.png"))

    def at(submission):
        path = reverse(
            "legal_forum_admin:submission", args=[starter_form.pk, submission.pk]
        )
        return re.compile(re.escape(served_site.url + path) + r"(\?.*)?$")

    middle_path = reverse(
        "legal_forum_admin:submission", args=[starter_form.pk, middle.pk]
    )
    page.click(f"a[href^='{middle_path}']")
    page.wait_for_url(at(middle))
    assert page.locator("text=Bea Cruz").first.is_visible()

    page.get_by_role("link", name="Next", exact=True).click()
    page.wait_for_url(at(oldest))
    assert page.locator(f"text={NAMES[0]}").first.is_visible()
    page.get_by_role("link", name="Previous", exact=True).click()
    page.wait_for_url(at(middle))

    page.select_option("#id_status", label="Contacted")
    page.click("button:has-text('Save status and assignee')")
    page.wait_for_url(at(middle))
    assert page.locator(".messages").get_by_text("the status is now Contacted").count()

    page.fill("#id_text", "Left a voicemail; she prefers email.")
    page.click("button:has-text('Add note')")
    page.wait_for_url(at(middle))
    assert page.locator(".messages").get_by_text("Note added.").count()
    history = page.locator(".application-history").inner_text()
    assert "from New to Contacted" in history
    assert "Added a note" in history
    assert page.locator(".application-notes").get_by_text("Left a voicemail").count()
    page.screenshot(path=str(screenshots / "coordinator-application.png"))

    # The Print button shows once its script runs; on paper the admin's furniture
    # goes and the answers, status and notes stay.
    sidebar_link = page.locator("#wagtail-sidebar").get_by_role(
        "button", name="Applications"
    )
    assert sidebar_link.is_visible()
    assert page.locator("button[data-print]").is_visible()
    page.emulate_media(media="print")
    assert not sidebar_link.is_visible()
    assert not page.locator("button[data-print]").is_visible()
    assert not page.locator("#id_text").is_visible()
    assert page.locator(".application-answers").is_visible()
    assert page.locator(".application-notes").is_visible()
    assert page.locator(".application-print-title").is_visible()
    page.emulate_media(media="screen")
    assert sidebar_link.is_visible()

    # The list, filtered by status: only the application now Contacted.
    page.get_by_role("link", name="Back to the list").click()
    page.wait_for_url(re.compile(re.escape(served_site.url + list_path)))
    contacted = ApplicationStatus.objects.get(name="Contacted")
    page.goto(f"{served_site.url}{list_path}?status={contacted.pk}")
    rows = page.locator("table.listing tbody tr")
    assert rows.count() == 1
    assert "Bea Cruz" in rows.first.inner_text()
    page.goto(served_site.url + list_path)

    # Both downloads hold the names, the phone number and the times as sent.
    workbook = openpyxl.load_workbook(
        download(page, "Excel workbook (.xlsx)", tmp_path)
    )
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    rows = {row[header.index("Full name")].value: row for row in sheet.iter_rows(2)}
    assert set(rows) == set(NAMES)
    first = rows[NAMES[0]]
    phone = first[header.index("Phone number")]
    assert (phone.value, phone.data_type) == (PHONE, "s")
    submitted = first[header.index("Submitted at (Pacific time)")].value
    assert submitted == timezone.localtime(oldest.submit_time).replace(
        tzinfo=None, microsecond=0
    )
    page.goto(served_site.url + list_path)
    with open(download(page, "CSV (UTF-8)", tmp_path), encoding="utf-8-sig") as file:
        table = list(csv.DictReader(io.StringIO(file.read())))
    assert {row["Full name"] for row in table} == set(NAMES)
    by_name = {row["Full name"]: row for row in table}
    assert by_name[NAMES[2]]["Submitted at (Pacific time)"] == timezone.localtime(
        newest.submit_time
    ).strftime("%Y-%m-%d %H:%M:%S")
    # In the CSV a leading + is a formula to a spreadsheet: it keeps its guard.
    assert by_name[NAMES[2]]["Phone number"] == "'" + PHONE

    page.goto(served_site.url + at_path(starter_form, middle))
    page.click("a:has-text('Delete')")
    page.wait_for_url(re.compile(r".*/delete/(\?.*)?$"))
    assert page.get_by_text(f"Delete application {middle.pk} for good?").count()
    page.click(f"button:has-text('Delete application {middle.pk}')")
    page.wait_for_url(re.compile(re.escape(served_site.url + list_path)))
    assert page.get_by_text(f"Application {middle.pk} was deleted for good.").count()
    assert not ApplicationSubmission.objects.filter(pk=middle.pk).exists()
    assert ApplicationSubmission.objects.count() == 2


def at_path(form, submission):
    return reverse("legal_forum_admin:submission", args=[form.pk, submission.pk])
