from django.apps import AppConfig


class AdminSecurityConfig(AppConfig):
    """Two-step verification and sign-in throttling for the admin."""

    name = "admin_security"
    verbose_name = "Sign-in security"
