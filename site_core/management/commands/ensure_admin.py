"""Create a first admin account, once, for a new local site."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the superuser 'admin' with a random password if the site has no "
        "superuser yet, and print the password once. Does nothing otherwise."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument(
            "--url",
            help="The site's address, such as http://127.0.0.1:8000/: said last, "
            "with where to sign in, so a first run ends with what to do next. "
            "Defaults to SITE_URL.",
        )

    def handle(self, *args, username, url, **options):
        User = get_user_model()
        site = (url or settings.SITE_URL).rstrip("/")
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("An admin account already exists; no new one was made.")
            self.stdout.write(
                f"Open the site at {site}/ and the admin at {site}/admin/"
            )
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
            "Created the admin account. Write its password down: it is shown once.\n"
            "After you sign in, change it under Account; the admin also asks you to "
            "set up two-step verification."
        )
        self.stdout.write(f"Open the site at {site}/")
        self.stdout.write(
            self.style.SUCCESS(
                f"Sign in at {site}/admin/ as '{username}' with password: {password}"
            )
        )
