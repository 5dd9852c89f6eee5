"""Create a first admin account, once, for a new local site."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the superuser 'admin' with a random password if the site has no "
        "superuser yet, and print the password once. Does nothing otherwise."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("An admin account already exists; no new one was made.")
            return
        if User.objects.filter(username=username).exists():
            self.stderr.write(
                f"A user called '{username}' exists but is not an admin. Run "
                "`python manage.py createsuperuser` to make one, or pass "
                "--username with another name."
            )
            raise SystemExit(1)
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created the admin account.\n"
                f"  Sign in at /admin/ as '{username}' with password: {password}\n"
                f"  Write it down now: it is not shown again. Change it under "
                f"Account settings after you sign in."
            )
        )
