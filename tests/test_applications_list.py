"""
The coordinators' list of a form's applications: its columns and words, its
filters and search, its downloads, the links between one applicant's
applications, and the statuses screen.
"""

import datetime
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from legal_forum.models import (
    ApplicationFormPage,
    ApplicationsSeen,
    ApplicationStatus,
    ApplicationSubmission,
)
from legal_forum.permissions import reviewers
from tests.auth import sign_in

pytestmark = pytest.mark.django_db

PACIFIC = timezone.get_default_timezone()


def apply(page, name, email, *, when=None, status=None, assignee=None, **answers):
    """An application to ``page``, sent at ``when`` (local, default now)."""
    application = ApplicationSubmission.objects.create(
        page=page,
        form_data={"full_name": name, "email_address": email, **answers},
        applicant_name=name,
        applicant_email=email.lower(),
        status=status or ApplicationStatus.initial(),
        assignee=assignee,
    )
    if when is not None:
        # submit_time is set on creation; move it to the moment wanted.
        ApplicationSubmission.objects.filter(pk=application.pk).update(submit_time=when)
        application.refresh_from_db()
    return application


def local(year, month, day, hour=12):
    return datetime.datetime(year, month, day, hour, tzinfo=PACIFIC)


def list_url(page):
    return reverse("wagtailforms:list_submissions", args=[page.pk])


def page_of(response):
    return BeautifulSoup(response.content, "html.parser")


def names_listed(response):
    """
    The Name column of the list, top to bottom: the third cell (after the tick
    box and date in a form's list; after the date and form in the list of all).
    """
    table = page_of(response).find("table", class_="applications-list")
    if table is None:
        return []
    return [row.find_all("td")[2].get_text(strip=True) for row in table.tbody("tr")]


@pytest.fixture
def pro_bono(starter_site):
    return ApplicationFormPage.objects.get(
        slug="volunteer-pro-bono-attorney-application", locale__language_code="en"
    )


@pytest.fixture
def signed_in(client, coordinator):
    return sign_in(client, coordinator)


# The list ------------------------------------------------------------------------


def test_columns_are_in_coordinators_words(signed_in, starter_form, coordinator):
    starter_form.form_fields.filter(clean_name="organization_or_firm").update(
        show_in_list=True
    )
    apply(
        starter_form,
        "Ana Reyes",
        "Ana@Example.org",
        assignee=coordinator,
        organization_or_firm="Reyes Law",
        practice_areas=["Immigration", "Family law"],
    )
    response = signed_in.get(list_url(starter_form))

    assert response.status_code == 200
    page = page_of(response)
    headings = [
        th.get_text(" ", strip=True).rstrip(" ▲▼")
        for th in page.find("table", class_="applications-list").thead("th")
    ][1:]
    assert headings == [
        "Submitted",
        "Name",
        "Email",
        "Status",
        "Assigned to",
        "Organization or firm",
    ]
    cells = [
        td.get_text(" ", strip=True)
        for td in page.find("table", class_="applications-list").tbody.tr("td")
    ][2:]
    assert cells == ["Ana Reyes", "ana@example.org", "New", "coordinator", "Reyes Law"]
    assert page.title.get_text(strip=True).startswith(
        "Applications: Legal Forum Application"
    )
    text = page.find("main").get_text(" ", strip=True)
    assert text.startswith("Applications: Legal Forum Application")
    assert not re.search(r"form data|submission", text, re.IGNORECASE)
    # Breadcrumbs: Applications > the form.
    assert page.find("a", href=reverse("legal_forum_admin:index")) is not None


def test_the_date_links_to_the_application_with_the_lists_filters(
    signed_in, starter_form
):
    application = apply(starter_form, "Ana Reyes", "ana@example.org")
    response = signed_in.get(list_url(starter_form), {"q": "ana", "p": "1"})
    link = page_of(response).find(
        "a",
        href=re.compile(
            re.escape(
                reverse(
                    "legal_forum_admin:submission",
                    args=[starter_form.pk, application.pk],
                )
            )
        ),
    )
    query = parse_qs(urlsplit(link["href"]).query)
    assert parse_qs(query["from"][0]) == {"q": ["ana"]}


def test_newest_first_and_sortable_by_date(signed_in, starter_form):
    apply(starter_form, "Middle", "m@example.org", when=local(2026, 5, 1))
    apply(starter_form, "Oldest", "o@example.org", when=local(2026, 1, 1))
    apply(starter_form, "Newest", "n@example.org", when=local(2026, 9, 1))

    assert names_listed(signed_in.get(list_url(starter_form))) == [
        "Newest",
        "Middle",
        "Oldest",
    ]
    oldest_first = signed_in.get(list_url(starter_form), {"ordering": "submit_time"})
    assert names_listed(oldest_first) == ["Oldest", "Middle", "Newest"]


def test_filters_by_status_and_assignee(signed_in, starter_form, coordinator, staff):
    other = staff("Coordinators", "other")
    contacted = ApplicationStatus.objects.get(name="Contacted")
    accepted = ApplicationStatus.objects.get(name="Accepted")
    apply(starter_form, "Fresh", "f@example.org")
    apply(starter_form, "Called", "c@example.org", status=contacted, assignee=other)
    apply(starter_form, "Taken", "t@example.org", status=accepted, assignee=coordinator)
    url = list_url(starter_form)

    assert names_listed(signed_in.get(url, {"status": contacted.pk})) == ["Called"]
    assert sorted(
        names_listed(signed_in.get(url, {"status": [contacted.pk, accepted.pk]}))
    ) == ["Called", "Taken"]
    assert names_listed(signed_in.get(url, {"assignee": coordinator.pk})) == ["Taken"]
    assert names_listed(signed_in.get(url, {"assignee": "nobody"})) == ["Fresh"]
    # The assignee filter offers the coordinators, and Nobody; no editors.
    drawer = page_of(signed_in.get(url)).find("select", attrs={"name": "assignee"})
    offered = [option.get_text(strip=True) for option in drawer("option")]
    assert offered[:2] == ["Anyone", "Nobody"]
    assert {"coordinator", "other"} <= set(offered)


@pytest.mark.parametrize(
    ("since", "until"),
    [("3/2/2026", "7/1/2026"), ("2026-03-02", "2026-07-01"), ("03/02/26", "07/01/26")],
)
def test_filters_by_dates_typed_either_way(signed_in, starter_form, since, until):
    apply(starter_form, "Before", "b@example.org", when=local(2026, 3, 1, 23))
    apply(starter_form, "First day", "f@example.org", when=local(2026, 3, 2, 0))
    apply(starter_form, "Last day", "l@example.org", when=local(2026, 7, 1, 23))
    apply(starter_form, "After", "a@example.org", when=local(2026, 7, 2, 0))

    response = signed_in.get(
        list_url(starter_form), {"date_from": since, "date_to": until}
    )
    assert names_listed(response) == ["Last day", "First day"]


def test_search_by_name_or_email_ignores_case(signed_in, starter_form):
    apply(starter_form, "Ana Reyes", "ana@example.org")
    apply(starter_form, "Bo Chen", "bo@lawfirm.com")
    url = list_url(starter_form)

    assert names_listed(signed_in.get(url, {"q": "REYES"})) == ["Ana Reyes"]
    assert names_listed(signed_in.get(url, {"q": "LawFirm"})) == ["Bo Chen"]
    assert names_listed(signed_in.get(url, {"q": "nobody-like-this"})) == []
    box = page_of(signed_in.get(url)).find("input", attrs={"name": "q"})
    assert box["placeholder"] == "Search by name or email…"


def test_an_unreadable_date_is_shown_not_ignored(signed_in, starter_form):
    apply(starter_form, "Ana Reyes", "ana@example.org")
    response = signed_in.get(list_url(starter_form), {"date_from": "2/30/2026"})

    assert response.status_code == 200
    assert names_listed(response) == []
    text = page_of(response).get_text(" ", strip=True)
    assert "'2/30/2026' is not a day on the calendar" in text
    assert "no applications are shown" in text
    # The message sits with the field in the filters.
    field = page_of(response).find("input", attrs={"name": "date_from"})
    wrapper = field.find_parent(class_="w-field__wrapper") or field.find_parent("div")
    assert "not a day on the calendar" in wrapper.get_text(" ", strip=True)


def test_dates_the_wrong_way_round_are_refused(signed_in, starter_form):
    apply(starter_form, "Ana Reyes", "ana@example.org")
    params = {"date_from": "2026-07-01", "date_to": "2026-03-01"}
    response = signed_in.get(list_url(starter_form), params)
    assert names_listed(response) == []
    assert "before the 'From' day" in page_of(response).get_text(" ", strip=True)


# Downloads -----------------------------------------------------------------------


def download_links(response):
    menu = page_of(response).find(
        lambda tag: (
            tag.name in ("button", "a") and tag.get_text(strip=True) == "Download"
        )
    )
    assert menu is not None, "no Download menu"
    container = menu.find_parent(attrs={"data-controller": re.compile("w-dropdown")})
    return [
        (link.get_text(" ", strip=True), link["href"])
        for link in container.find_all("a", href=True)
    ]


def test_one_download_menu_excel_first_keeping_the_filters(
    signed_in, starter_form, coordinator
):
    contacted = ApplicationStatus.objects.get(name="Contacted")
    apply(
        starter_form,
        "Ana Reyes",
        "ana@example.org",
        when=local(2026, 3, 5),
        status=contacted,
    )
    apply(starter_form, "Bo Chen", "bo@example.org", when=local(2026, 3, 5))
    apply(
        starter_form,
        "Ana Old",
        "ana.old@example.org",
        when=local(2025, 1, 5),
        status=contacted,
    )
    filters = {
        "status": str(contacted.pk),
        "date_from": "3/1/2026",
        "date_to": "2026-03-31",
        "q": "ana",
    }
    response = signed_in.get(list_url(starter_form), filters)
    links = download_links(response)

    assert [label for label, _ in links] == ["Excel workbook (.xlsx)", "CSV (UTF-8)"]
    for (_, href), fmt in zip(links, ["xlsx", "csv"], strict=True):
        query = parse_qs(urlsplit(href).query)
        assert query.pop("export") == [fmt]
        assert query == {name: [value] for name, value in filters.items()}

    csv_text = b"".join(signed_in.get(links[1][1]).streaming_content).decode()
    assert "Ana Reyes" in csv_text
    assert "Bo Chen" not in csv_text
    assert "Ana Old" not in csv_text
    xlsx = signed_in.get(links[0][1])
    assert xlsx.status_code == 200
    assert b"".join(xlsx.streaming_content).startswith(b"PK")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_downloads_refuse_an_unreadable_date(signed_in, starter_form, fmt):
    apply(starter_form, "Ana Reyes", "ana@example.org")
    response = signed_in.get(
        list_url(starter_form), {"export": fmt, "date_to": "13/45/2026"}
    )
    assert response.status_code == 400
    assert "'13/45/2026' is not a day on the calendar" in response.content.decode()


# One applicant's applications ------------------------------------------------------


def test_applications_from_one_address_link_to_each_other(
    signed_in, starter_form, pro_bono
):
    forum = apply(starter_form, "Ana Reyes", "Ana@Example.org")
    volunteer = apply(pro_bono, "Ana Reyes", "ana@example.org")
    apply(starter_form, "Bo Chen", "bo@example.org")

    forum_list = page_of(signed_in.get(list_url(starter_form)))
    link = forum_list.find(
        "a",
        href=reverse("legal_forum_admin:submission", args=[pro_bono.pk, volunteer.pk]),
    )
    assert link is not None
    assert link.get_text(strip=True) == "Volunteer Pro Bono Attorney Application"
    assert "Also applied to" in link.parent.get_text(" ", strip=True)
    assert forum_list.get_text().count("Also applied to") == 1

    volunteer_list = page_of(signed_in.get(list_url(pro_bono)))
    assert volunteer_list.find(
        "a",
        href=reverse("legal_forum_admin:submission", args=[starter_form.pk, forum.pk]),
        string="Legal Forum Application",
    )


# Looking, and what it costs ------------------------------------------------------


def test_opening_the_list_records_when_the_user_looked(
    signed_in, starter_form, coordinator
):
    apply(starter_form, "Ana Reyes", "ana@example.org")
    before = timezone.now()
    first = signed_in.get(list_url(starter_form))
    seen = ApplicationsSeen.objects.get(user=coordinator, page=starter_form)
    assert seen.seen_at >= before
    assert "new" in [tag.get_text(strip=True) for tag in page_of(first)("span")]

    # Seen now: on the next visit it is no longer marked new.
    again = signed_in.get(list_url(starter_form))
    assert "new" not in [tag.get_text(strip=True) for tag in page_of(again)("span")]
    assert (
        ApplicationsSeen.objects.get(user=coordinator, page=starter_form).seen_at
        >= seen.seen_at
    )


def queries_for_list(client, page):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(list_url(page))
    assert response.status_code == 200
    return len(queries)


def test_the_lists_queries_do_not_grow_with_its_applications(
    signed_in, starter_form, pro_bono, coordinator
):
    starter_form.form_fields.filter(clean_name="organization_or_firm").update(
        show_in_list=True
    )
    contacted = ApplicationStatus.objects.get(name="Contacted")

    def add(count, start):
        for n in range(start, start + count):
            email = f"person{n}@example.org"
            apply(
                starter_form,
                f"Person {n}",
                email,
                status=contacted,
                assignee=coordinator,
            )
            apply(pro_bono, f"Person {n}", email)

    add(5, 0)
    queries_for_list(signed_in, starter_form)  # settle one-off look-ups
    few = queries_for_list(signed_in, starter_form)
    add(20, 5)
    many = queries_for_list(signed_in, starter_form)
    assert many == few


# Deleting -------------------------------------------------------------------------


def test_deleting_asks_in_coordinators_words(signed_in, starter_form):
    chosen = [
        apply(starter_form, f"Person {n}", f"p{n}@example.org").pk for n in range(3)
    ]
    url = reverse("wagtailforms:delete_submissions", args=[starter_form.pk])
    response = signed_in.get(url, {"selected-submissions": chosen})
    text = page_of(response).get_text(" ", strip=True)
    assert "Delete 3 applications?" in text
    assert not re.search(r"form data|submission", text, re.IGNORECASE)

    response = signed_in.post(
        f"{url}?{'&'.join(f'selected-submissions={pk}' for pk in chosen)}", follow=True
    )
    assert not ApplicationSubmission.objects.exists()
    assert "3 applications were deleted for good." in response.content.decode()


# Statuses -------------------------------------------------------------------------


def statuses_url(name="index", *args):
    return reverse(f"application_statuses:{name}", args=args)


def test_coordinator_adds_and_renames_statuses(signed_in):
    response = signed_in.post(
        statuses_url("add"),
        {"name": "Waiting for papers", "description": "", "sort_order": "15"},
    )
    assert response.status_code == 302
    added = ApplicationStatus.objects.get(name="Waiting for papers")

    response = signed_in.post(
        statuses_url("edit", added.pk),
        {
            "name": "Papers asked for",
            "description": "We wrote for them.",
            "sort_order": "15",
        },
    )
    assert response.status_code == 302
    added.refresh_from_db()
    assert added.name == "Papers asked for"
    listing = signed_in.get(statuses_url()).content.decode()
    assert "Papers asked for" in listing


def test_editors_reach_no_statuses_and_see_no_menu_item(client, editor):
    sign_in(client, editor)
    status = ApplicationStatus.objects.first()
    for url in (
        statuses_url(),
        statuses_url("add"),
        statuses_url("edit", status.pk),
        statuses_url("delete", status.pk),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response["Location"] == reverse("wagtailadmin_home"), url
    response = client.post(statuses_url("delete", status.pk))
    assert response.status_code in (302, 403)
    assert ApplicationStatus.objects.filter(pk=status.pk).exists()
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert statuses_url() not in dashboard


def test_coordinators_menu_holds_applications_and_statuses(signed_in):
    dashboard = signed_in.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("legal_forum_admin:index") in dashboard
    assert statuses_url() in dashboard
    index = page_of(signed_in.get(reverse("legal_forum_admin:index")))
    assert index.find("a", href=statuses_url(), string="Statuses") is not None


def test_a_status_applications_have_cannot_be_deleted(signed_in, starter_form):
    contacted = ApplicationStatus.objects.get(name="Contacted")
    apply(starter_form, "Ana", "a@example.org", status=contacted)
    apply(starter_form, "Bo", "b@example.org", status=contacted)
    message = "'Contacted' cannot be deleted: 2 applications have it."

    confirm = signed_in.get(statuses_url("delete", contacted.pk))
    assert message in page_of(confirm).get_text(" ", strip=True)
    assert page_of(confirm).find("button", string=re.compile("delete", re.I)) is None

    response = signed_in.post(statuses_url("delete", contacted.pk), follow=True)
    assert ApplicationStatus.objects.filter(pk=contacted.pk).exists()
    assert message in page_of(response).get_text(" ", strip=True)

    unused = ApplicationStatus.objects.get(name="Withdrawn")
    signed_in.post(statuses_url("delete", unused.pk))
    assert not ApplicationStatus.objects.filter(pk=unused.pk).exists()


def test_reviewers_are_the_assignable_people(starter_site, coordinator, editor):
    root = get_user_model().objects.create_superuser("root", password="x" * 16)
    assert set(reviewers()) == {coordinator, root}


# Applications from all forms ------------------------------------------------------


def all_url(**params):
    url = reverse("legal_forum_admin:all")
    return f"{url}?{urlencode(params)}" if params else url


def test_all_forms_in_one_list_with_a_form_filter(signed_in, starter_form, pro_bono):
    apply(starter_form, "Ana Reyes", "ana@example.org", when=local(2026, 3, 1))
    apply(pro_bono, "Bo Chen", "bo@example.org", when=local(2026, 3, 2))

    response = signed_in.get(all_url())
    assert response.status_code == 200
    assert names_listed(response) == ["Bo Chen", "Ana Reyes"]
    page = page_of(response)
    assert page.find("a", string="Volunteer Pro Bono Attorney Application")
    text = page.find("main").get_text(" ", strip=True)
    assert not re.search(r"form data|submission", text, re.IGNORECASE)
    assert page.find("select", attrs={"name": "form"}) is not None
    # Nothing to download or delete until one form is chosen.
    assert page.find("input", attrs={"name": "selected-submissions"}) is None
    assert "export=" not in response.content.decode()

    one_form = signed_in.get(all_url(form=starter_form.pk, q="ana"))
    assert names_listed(one_form) == ["Ana Reyes"]
    links = download_links(one_form)
    assert [label for label, _ in links] == ["Excel workbook (.xlsx)", "CSV (UTF-8)"]
    href = links[1][1]
    assert urlsplit(href).path == list_url(starter_form)
    assert parse_qs(urlsplit(href).query) == {"q": ["ana"], "export": ["csv"]}
    assert signed_in.get(all_url(export="csv")).status_code == 400


def test_every_application_from_one_address(signed_in, starter_form, pro_bono):
    for n in range(5):
        apply(starter_form, f"Ana {n}", "ana@example.org", when=local(2026, 3, n + 1))
    apply(pro_bono, "Ana P", "ANA@example.org", when=local(2026, 4, 1))
    apply(pro_bono, "Xana", "xana@example.org")

    response = signed_in.get(list_url(pro_bono))
    more = page_of(response).find("a", string="2 more")
    assert more is not None
    everything = signed_in.get(more["href"])
    assert sorted(names_listed(everything)) == [
        "Ana 0",
        "Ana 1",
        "Ana 2",
        "Ana 3",
        "Ana 4",
        "Ana P",
    ]


def test_editors_reach_no_list_of_all_forms(client, editor, starter_form):
    apply(starter_form, "Ana Reyes", "ana@example.org")
    sign_in(client, editor)
    for url in (all_url(), reverse("legal_forum_admin:all_results")):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert b"Ana Reyes" not in response.content
