"""Who may see applications: one rule, used by every view, panel, menu and link."""

REVIEW_PERMISSION = "legal_forum.review_applicationsubmission"


def can_review_submissions(user):
    """
    Reading, exporting and deleting applications takes this dedicated permission
    (held by the Coordinators group and by superusers), not page-editing rights.
    """
    return bool(user and user.is_active and user.has_perm(REVIEW_PERMISSION))
