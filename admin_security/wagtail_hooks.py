"""Two-step verification in the admin: its screens, its Account entry, its log lines."""

from django.urls import include, path, reverse
from wagtail import hooks

from admin_security import urls


@hooks.register("register_admin_urls")
def register_two_step_urls():
    return [path("two-step/", include(urls, namespace="admin_security"))]


@hooks.register("register_account_menu_item")
def two_step_account_item(request):
    return {
        "url": reverse("admin_security:manage"),
        "label": "Two-step verification",
        "help_text": "A code from your phone after your password, so a stolen "
        "password alone cannot open the admin. Set it up, get new recovery codes "
        "or turn it off.",
    }


@hooks.register("register_log_actions")
def register_two_step_log_actions(actions):
    actions.register_action(
        "admin_security.turn_on",
        "Turn on two-step verification",
        "Two-step verification set up",
    )
    actions.register_action(
        "admin_security.new_codes",
        "Make new recovery codes",
        "New recovery codes made",
    )
    actions.register_action(
        "admin_security.turn_off",
        "Turn off two-step verification",
        "Two-step verification turned off",
    )
    actions.register_action(
        "admin_security.reset",
        "Reset two-step verification",
        "Two-step verification reset by an administrator",
    )
