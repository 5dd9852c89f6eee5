"""
The coordinators' dashboard panel: for each application form, what is new since
they last looked and in the last week and month, and a chart of applications per
week. Counted in two grouped queries, whatever the number of forms or weeks.
"""

import datetime

from django.db.models import Count, DateTimeField, F, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone
from wagtail.admin.ui.components import Component

from legal_forum.models import (
    ApplicationsSeen,
    ApplicationSubmission,
    filing_forms,
)
from legal_forum.permissions import can_review_submissions

WEEKS = 26
# The chart's drawing size (SVG user units); bars share the width.
CHART_WIDTH = 520
CHART_HEIGHT = 120
BAR_GAP = 4


def forms_with_counts(user, now):
    """Every application form with its new, last-7-days and last-30-days counts."""
    seen = ApplicationsSeen.objects.filter(user=user, page=OuterRef("pk")).values(
        "seen_at"
    )[:1]
    week_ago = now - datetime.timedelta(days=7)
    month_ago = now - datetime.timedelta(days=30)
    return (
        filing_forms()
        .annotate(seen_at=Subquery(seen, output_field=DateTimeField()))
        .annotate(
            new=Count(
                "applicationsubmission",
                filter=Q(seen_at__isnull=True)
                | Q(applicationsubmission__submit_time__gt=F("seen_at")),
            ),
            last_week=Count(
                "applicationsubmission",
                filter=Q(applicationsubmission__submit_time__gte=week_ago),
            ),
            last_month=Count(
                "applicationsubmission",
                filter=Q(applicationsubmission__submit_time__gte=month_ago),
            ),
        )
        .order_by("path")
    )


def week_start(day):
    """The Monday of ``day``'s week."""
    return day - datetime.timedelta(days=day.weekday())


def weekly_counts(today):
    """
    Applications per local week (Monday to Sunday), all forms together, for the
    ``WEEKS`` weeks up to and including this one: a list of (Monday, count).
    """
    first = week_start(today) - datetime.timedelta(weeks=WEEKS - 1)
    start = datetime.datetime.combine(
        first, datetime.time.min, timezone.get_current_timezone()
    )
    per_day = (
        ApplicationSubmission.objects.filter(submit_time__gte=start)
        .annotate(day=TruncDate("submit_time", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(count=Count("pk"))
        .values_list("day", "count")
    )
    weeks = {first + datetime.timedelta(weeks=n): 0 for n in range(WEEKS)}
    for day, count in per_day:
        monday = week_start(day)
        if monday in weeks:
            weeks[monday] += count
    return sorted(weeks.items())


def chart_bars(weeks):
    """Each week's bar as SVG geometry, scaled so the busiest week fills the height."""
    highest = max((count for _, count in weeks), default=0) or 1
    slot = CHART_WIDTH / len(weeks)
    bars = []
    for index, (monday, count) in enumerate(weeks):
        height = round(CHART_HEIGHT * count / highest, 1)
        bars.append(
            {
                "monday": monday,
                "count": count,
                "x": round(index * slot + BAR_GAP / 2, 1),
                "width": round(slot - BAR_GAP, 1),
                # A week with none still shows a hairline, so the weeks read as a row.
                "y": round(CHART_HEIGHT - max(height, 1), 1),
                "height": max(height, 1),
            }
        )
    return bars


class ApplicationsPanel(Component):
    """The dashboard panel; only built for people who may read applications."""

    name = "applications"
    order = 50
    template_name = "legal_forum/admin/dashboard_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        now = timezone.now()
        weeks = weekly_counts(timezone.localdate(now))
        total = sum(count for _, count in weeks)
        busiest = max(weeks, key=lambda week: week[1])
        return {
            "forms": forms_with_counts(self.user, now),
            "bars": chart_bars(weeks),
            "weeks": WEEKS,
            "total": total,
            "busiest": busiest if busiest[1] else None,
            "first_week": weeks[0][0],
            "chart_width": CHART_WIDTH,
            "chart_height": CHART_HEIGHT,
        }


def add_applications_panel(request, panels):
    """The ``construct_homepage_panels`` hook: the panel, for coordinators only."""
    if can_review_submissions(request.user):
        panels.append(ApplicationsPanel(request.user))
