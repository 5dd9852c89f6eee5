from legal_forum.models.applications import (
    ApplicationFormField,
    ApplicationFormPage,
    ApplicationSubmission,
    SubmissionEmail,
    SubmissionExport,
)
from legal_forum.models.forum import LegalForumPage
from legal_forum.models.routing import ApplicationRouting

__all__ = [
    "ApplicationFormField",
    "ApplicationFormPage",
    "ApplicationRouting",
    "ApplicationSubmission",
    "LegalForumPage",
    "SubmissionEmail",
    "SubmissionExport",
]
