"""
The filters of the applications lists: status, who is handling it, the days it
came in, the applicant's email, and (across all forms) the form. Days are read
as people type them; what cannot be read is said in plain words, so the lists
can show nothing rather than the wrong applications.
"""

import django_filters
from django import forms
from wagtail.admin.filters import WagtailFilterSet

from legal_forum.days import EXAMPLE, parse_day
from legal_forum.export import filter_by_days
from legal_forum.models import (
    ApplicationStatus,
    ApplicationSubmission,
    filing_forms,
)
from legal_forum.permissions import person, reviewers

NOBODY = "nobody"


def assignee_choices():
    return [
        (NOBODY, "Nobody"),
        *((str(user.pk), person(user)) for user in reviewers()),
    ]


class DayField(forms.CharField):
    """A day as people type it (11/29/2026 or 2026-11-29), read by ``parse_day``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", f"For example {EXAMPLE}.")
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_day(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class DayFilter(django_filters.Filter):
    field_class = DayField


class ApplicationFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("date_from"), cleaned.get("date_to")
        if since and until and since > until:
            self.add_error(
                "date_to",
                "This day is before the 'From' day. Swap them, or change one.",
            )
        return cleaned


class ApplicationFilterSet(WagtailFilterSet):
    status = django_filters.ModelMultipleChoiceFilter(
        label="Status",
        queryset=ApplicationStatus.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    assignee = django_filters.ChoiceFilter(
        label="Assigned to",
        choices=assignee_choices,
        empty_label="Anyone",
        method="filter_assignee",
    )
    date_from = DayFilter(label="From", method="filter_since")
    date_to = DayFilter(label="To", method="filter_until")
    email = django_filters.CharFilter(
        label="Email address",
        field_name="applicant_email",
        lookup_expr="iexact",
        help_text="The whole address, to see every application sent from it.",
    )

    class Meta:
        model = ApplicationSubmission
        fields = []
        form = ApplicationFilterForm

    def filter_assignee(self, queryset, name, value):
        if value == NOBODY:
            return queryset.filter(assignee__isnull=True)
        return queryset.filter(assignee_id=value)

    def filter_since(self, queryset, name, value):
        return filter_by_days(queryset, since=value)

    def filter_until(self, queryset, name, value):
        return filter_by_days(queryset, until=value)


class AllApplicationsFilterSet(ApplicationFilterSet):
    form = django_filters.ModelChoiceFilter(
        label="Form",
        queryset=filing_forms().order_by("path"),
        empty_label="All forms",
        field_name="page",
    )

    class Meta(ApplicationFilterSet.Meta):
        pass


def unreadable_filters(filters):
    """
    What is wrong with ``filters`` (an unreadable date, say), one message each,
    named by the filter's label; empty when they read well or there are none.
    """
    if filters is None or filters.is_valid():
        return []
    return [
        f"{filters.form.fields[name].label}: {message}"
        if name in filters.form.fields
        else message
        for name, messages in filters.form.errors.items()
        for message in messages
    ]
