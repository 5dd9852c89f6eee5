"""The event editor's form: checks the cancelled dates against how the event repeats."""

from types import SimpleNamespace

from wagtail.admin.forms import WagtailAdminPageForm

from events.dates import format_date
from events.recurrence import Repeat, occurs_on

RULE_FIELDS = ("start_date", "start_time", "end_date", "end_time", "repeat")


class EventPageForm(WagtailAdminPageForm):
    """
    A cancelled date must be one the event would happen on, and listed once; the
    model cannot check this, since its cancelled dates are saved after it.
    """

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("cancelled_dates")
        if formset is None or not formset.is_valid():
            return cleaned_data
        rule = SimpleNamespace(
            repeat_until=cleaned_data.get("repeat_until"),
            **{name: cleaned_data.get(name) for name in RULE_FIELDS},
        )
        seen = set()
        for form in formset.forms:
            day = form.cleaned_data.get("date")
            if day is None or form.cleaned_data.get("DELETE"):
                continue
            if rule.repeat in (None, Repeat.NONE):
                form.add_error(
                    "date",
                    "Only a repeating event skips dates. To call off this event, "
                    "set its status to Cancelled.",
                )
            elif rule.start_date and not occurs_on(rule, day):
                form.add_error(
                    "date",
                    f"The event does not happen on {format_date(day)}. Choose one of "
                    "the dates it repeats on.",
                )
            elif day in seen:
                form.add_error("date", "This date is already listed.")
            seen.add(day)
        return cleaned_data
