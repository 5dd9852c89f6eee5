"""Remove someone's two-step verification, so they set it up again."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from wagtail.log_actions import log

from admin_security.two_factor import is_required, remove_devices


class Command(BaseCommand):
    """
    ``manage.py reset_two_factor <username>``: for someone who lost their phone
    and their recovery codes. Their authenticator app and recovery codes are
    removed; at their next sign-in they set up a new phone (if they must use
    two-step verification) or sign in with the password alone (if not). Make
    sure the request really comes from them before running it.
    """

    help = (
        "Remove a user's two-step verification (authenticator app and recovery "
        "codes), so they set it up again at their next sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="the username they sign in with")

    def handle(self, *args, username, **options):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.get_by_natural_key(username)
        except user_model.DoesNotExist:
            raise CommandError(
                f'There is no user "{username}". Usernames are case-sensitive; '
                "check the spelling under Settings, Users in the admin."
            ) from None
        if not remove_devices(user):
            self.stdout.write(
                f"{username} has no two-step verification set up; nothing to remove."
            )
            return
        log(user, "admin_security.reset")
        then = (
            "They will set up a new phone the next time they sign in."
            if is_required(user)
            else "They can sign in with their password alone, and set it up again "
            "under Account, Two-step verification."
        )
        self.stdout.write(
            self.style.SUCCESS(f"Removed two-step verification for {username}. {then}")
        )
