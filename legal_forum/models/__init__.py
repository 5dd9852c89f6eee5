from legal_forum.models.applications import (
    ApplicationFormField,
    ApplicationFormPage,
    ApplicationSubmission,
    SubmissionEmail,
    SubmissionExport,
    filing_forms,
)
from legal_forum.models.forum import LegalForumPage
from legal_forum.models.routing import ApplicationRouting
from legal_forum.models.tracking import (
    ApplicationNote,
    ApplicationsSeen,
    ApplicationStatus,
)

__all__ = [
    "ApplicationFormField",
    "ApplicationFormPage",
    "ApplicationNote",
    "ApplicationsSeen",
    "ApplicationStatus",
    "ApplicationRouting",
    "ApplicationSubmission",
    "LegalForumPage",
    "SubmissionEmail",
    "SubmissionExport",
    "filing_forms",
]
