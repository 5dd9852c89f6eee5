"""Who may see applications (one rule, used by every view, panel, menu and link), who
they are, and how their colleagues read their names."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q

REVIEW_PERMISSION = "legal_forum.review_applicationsubmission"


def can_review_submissions(user):
    """
    Reading, exporting and deleting applications takes this dedicated permission
    (held by the Coordinators group and by superusers), not page-editing rights.
    """
    return bool(user and user.is_active and user.has_perm(REVIEW_PERMISSION))


def reviewers():
    """The people applications can be assigned to: everyone who may read them."""
    app_label, codename = REVIEW_PERMISSION.split(".")
    permission = Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    )
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__in=permission)
            | Q(user_permissions__in=permission)
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def display_name(first_name, last_name, username):
    """A member of staff's name as colleagues read it; "" for nobody."""
    return f"{first_name or ''} {last_name or ''}".strip() or username or ""


def person(user):
    """``display_name`` of a user, None for nobody."""
    if user is None:
        return None
    return display_name(user.first_name, user.last_name, user.get_username())
