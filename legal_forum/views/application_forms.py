"""
The forms on an application's page: its status and who is handling it, and a
new note; with staff members' names as colleagues read them.
"""

from django import forms
from django.contrib.auth import get_user_model

from legal_forum.models import ApplicationStatus
from legal_forum.permissions import person, reviewers

NOTE_LENGTH = 5000


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person(obj)


class TrackingForm(forms.Form):
    """An application's status and who is handling it."""

    status = forms.ModelChoiceField(
        queryset=ApplicationStatus.objects.all(),
        empty_label=None,
        help_text="Where this application is. Coordinators keep the list of "
        "statuses under Applications, Statuses.",
        error_messages={
            "invalid_choice": "That status does not exist (any more). Choose one "
            "from the list.",
            "required": "Choose a status.",
        },
    )
    assignee = ReviewerChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="Nobody",
        label="Assigned to",
        help_text="The coordinator handling this application. Only people who may "
        "read applications are listed.",
        error_messages={
            "invalid_choice": "Only coordinators can be assigned an application. "
            "Choose someone from the list, or Nobody.",
        },
    )

    def __init__(self, *args, submission, **kwargs):
        initial = {"status": submission.status, "assignee": submission.assignee}
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["assignee"].queryset = reviewers()
        if submission.status is None:
            # Older applications may have none; saving need not give them one.
            self.fields["status"].required = False
            self.fields["status"].empty_label = "No status"


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Add a note",
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only coordinators see notes; applicants never do. Notes cannot "
        "be changed once added.",
        error_messages={
            "required": "The note was empty, so nothing was added. Write the note, "
            "then press Add note.",
            "max_length": "A note can be at most 5,000 characters (this one has "
            "%(show_value)d). Shorten it, or add it as two notes.",
        },
    )
