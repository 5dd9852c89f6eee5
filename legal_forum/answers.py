"""
An answer in plain words, the same on every screen and in every download: a tick
box is Yes or No, several choices are joined with "; " (a choice may itself hold
a comma), and text UTF-8 cannot encode (kept from before input was checked) is
replaced.
"""

from site_core.text import printable

CHOICE_SEPARATOR = "; "


def answer_text(value):
    """The answer as text a person reads; "" for no answer."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        value = CHOICE_SEPARATOR.join(str(item) for item in value)
    return printable(str(value))
