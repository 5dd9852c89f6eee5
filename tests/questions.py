"""Questions for application forms built in tests, and one way to add them."""

from tests.factories import ApplicationFormFieldFactory

# (label, field type, required, other field values): one of each common type.
QUESTIONS = [
    ("Full name", "singleline", True, {"autocomplete": "name"}),
    ("Email address", "email", True, {}),
    ("Phone number", "phone", False, {}),
    ("About you", "multiline", False, {}),
    ("Nickname", "singleline", False, {"max_length": 10}),
    ("Practice areas", "checkboxes", False, {"choices": "Immigration\nFamily law"}),
    ("Years in practice", "number", False, {}),
    ("Available from", "date", False, {}),
    ("Firm website", "url", False, {}),
    ("I agree to be contacted", "checkbox", True, {}),
]


def add_questions(page, questions=QUESTIONS, start=0):
    """Give ``page`` these questions, in this order, after ``start`` existing ones."""
    for position, (label, field_type, required, extra) in enumerate(
        questions, start=start
    ):
        ApplicationFormFieldFactory(
            page=page,
            label=label,
            field_type=field_type,
            required=required,
            sort_order=position,
            **extra,
        )
    return page
