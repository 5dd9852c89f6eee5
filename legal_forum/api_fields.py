"""
How an application form page describes itself in the read API: its questions
and where to post answers. The page model names these in ``api_fields``, so this
module imports no models; the endpoint that takes answers is ``legal_forum.api``.
"""

from django.urls import reverse

from site_core.api.content import absolute_url
from site_core.api.fields import OutputField, content_renderer


def describe_questions(page):
    """
    The form's questions as the API lists them. Built from the Django form the
    pipeline validates with, so limits and choices are exactly the ones enforced.
    """
    questions = list(page.get_form_fields())
    form_fields = page.form_builder(questions).formfields
    described = []
    for question in questions:
        name = question.clean_name or question.get_field_clean_name()
        form_field = form_fields[name]
        described.append(
            {
                "name": name,
                "label": question.label,
                "type": question.field_type,
                "required": question.required,
                "help_text": question.help_text,
                "choices": [
                    value for value, _label in getattr(form_field, "choices", [])
                ],
                "max_length": getattr(form_field, "max_length", None),
            }
        )
    return described


class QuestionsField(OutputField):
    """A form page's questions; see ``describe_questions``."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, page):
        return describe_questions(page)


class SubmissionURLField(OutputField):
    """Where to POST answers to this form."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, page):
        path = reverse("api_form_submissions", args=[page.pk])
        return absolute_url(content_renderer(self.context).base_url, path)
