from legal_forum.models.applications import (
    ApplicationFormField,
    ApplicationFormPage,
    ApplicationSubmission,
    SubmissionEmail,
    SubmissionExport,
)
from legal_forum.models.forum import LegalForumPage

__all__ = [
    "ApplicationFormField",
    "ApplicationFormPage",
    "ApplicationSubmission",
    "LegalForumPage",
    "SubmissionEmail",
    "SubmissionExport",
]
