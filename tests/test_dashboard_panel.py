"""The coordinators' dashboard panel: what is new per form; applications a week."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from legal_forum.dashboard import WEEKS, weekly_counts
from legal_forum.models import (
    ApplicationFormPage,
    ApplicationsSeen,
    ApplicationSubmission,
)
from tests.auth import sign_in

pytestmark = pytest.mark.django_db


def sent(page, days_ago, hours=0):
    """An application to ``page`` sent ``days_ago`` days (and hours) back."""
    application = ApplicationSubmission.objects.create(page=page, form_data={})
    moment = timezone.now() - datetime.timedelta(days=days_ago, hours=hours)
    ApplicationSubmission.objects.filter(pk=application.pk).update(submit_time=moment)
    return application


@pytest.fixture
def pro_bono(starter_site):
    return ApplicationFormPage.objects.get(
        slug="volunteer-pro-bono-attorney-application", locale__language_code="en"
    )


def panel_of(response):
    page = BeautifulSoup(response.content, "html.parser")
    chart = page.find("svg", class_="applications-chart")
    return chart.find_parent("section") if chart else None


def rows(panel):
    """Each form's row: its title and the three figures, as the panel shows them."""
    table = panel.find("table")
    return {
        row.th.get_text(strip=True): [
            cell.get_text(" ", strip=True) for cell in row("td")
        ]
        for row in table.tbody("tr")
    }


def test_coordinators_see_new_week_and_month_per_form(
    client, coordinator, starter_form, pro_bono
):
    for days in (0, 2, 6, 10, 29, 40, 400):
        sent(starter_form, days)
    sent(pro_bono, 20)
    # Looked at the forum's list 5 days ago: only the two since are new to them.
    ApplicationsSeen.objects.create(
        user=coordinator,
        page=starter_form,
        seen_at=timezone.now() - datetime.timedelta(days=5),
    )
    sign_in(client, coordinator)
    panel = panel_of(client.get(reverse("wagtailadmin_home")))

    assert panel is not None
    figures = rows(panel)
    assert figures["Legal Forum Application"] == ["2 new", "3", "5"]
    # Never looked: everything is new.
    volunteer = figures["Volunteer Pro Bono Attorney Application"]
    assert volunteer[0].startswith("1 new")
    assert volunteer[1:] == ["0", "1"]
    list_url = reverse("wagtailforms:list_submissions", args=[starter_form.pk])
    assert panel.find("a", href=list_url) is not None


def test_the_chart_has_a_bar_a_week_and_says_what_it_shows(
    client, coordinator, starter_form, pro_bono
):
    sent(starter_form, 0)
    sent(pro_bono, 0)
    sent(starter_form, 7 * 30)  # before the chart begins
    sign_in(client, coordinator)
    panel = panel_of(client.get(reverse("wagtailadmin_home")))
    chart = panel.find("svg", class_="applications-chart")

    assert chart["role"] == "img"
    assert len(chart("rect")) == WEEKS == 26
    labelled_by = chart["aria-labelledby"].split()
    title, description = (panel.find(id=name) for name in labelled_by)
    assert "per week" in title.get_text()
    assert "2 applications in the 26 weeks" in description.get_text()
    # The figures also as a table: one row a week, this week's two at the end.
    figures = panel.find("details").table.tbody("tr")
    assert len(figures) == 26
    assert figures[-1]("td")[1].get_text(strip=True) == "2"
    # The tallest bar is this week's.
    heights = [float(rect["height"]) for rect in chart("rect")]
    assert heights[-1] == max(heights) and heights.count(max(heights)) == 1


def test_weeks_are_counted_in_one_query(starter_form, django_assert_num_queries):
    for days in range(0, 180, 3):
        sent(starter_form, days)
    with django_assert_num_queries(1):
        weeks = weekly_counts(timezone.localdate())
    assert len(weeks) == WEEKS
    assert (
        sum(count for _, count in weeks)
        == ApplicationSubmission.objects.filter(
            submit_time__gte=datetime.datetime.combine(
                weeks[0][0], datetime.time.min, timezone.get_current_timezone()
            )
        ).count()
    )


def test_the_panels_queries_do_not_grow_with_forms_or_applications(
    client, coordinator, starter_form, pro_bono
):
    sign_in(client, coordinator)
    home = reverse("wagtailadmin_home")
    client.get(home)  # settle one-off look-ups
    with CaptureQueriesContext(connection) as few:
        client.get(home)
    for days in range(0, 100):
        sent(starter_form if days % 2 else pro_bono, days)
    with CaptureQueriesContext(connection) as many:
        client.get(home)
    assert len(many) == len(few)


def test_editors_get_no_panel(client, editor, starter_form):
    sent(starter_form, 1)
    sign_in(client, editor)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert panel_of(response) is None
    assert "New since you last looked" not in response.content.decode()


def page_search_hidden(client):
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    return '.w-dashboard form[role="search"] { display: none; }' in html


def test_coordinators_are_not_offered_a_page_search(client, coordinator):
    """They can open no page, so searching pages would only ever find nothing."""
    sign_in(client, coordinator)
    assert page_search_hidden(client)


def test_editors_keep_the_page_search(client, editor):
    sign_in(client, editor)
    assert not page_search_hidden(client)
