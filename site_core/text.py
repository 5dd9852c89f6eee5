"""
Text that every database, encoder and spreadsheet can hold.

Python strings may carry lone UTF-16 surrogates (JSON's ``"\\ud800"`` decodes to
one), which UTF-8 cannot encode: PostgreSQL refuses them and every later encode
fails. NUL characters are refused by PostgreSQL too. Input is checked with
``text_problem``; text already stored is shown through ``printable``.
"""

import re

from django.utils.translation import gettext as _

SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def text_problem(value):
    """
    A sentence saying why ``value`` (a string) cannot be stored as text, or None
    when it can.
    """
    if SURROGATE.search(value):
        return _(
            "This answer contains a character that is not valid text (a lone UTF-16 "
            "surrogate). Type or paste the answer again."
        )
    if "\x00" in value:
        return _("This answer contains a null character. Remove it and send again.")
    return None


def printable(value):
    """``value`` with anything UTF-8 cannot encode replaced by U+FFFD."""
    if isinstance(value, str):
        if value.isprintable():  # most text; surrogates and NUL are not printable
            return value
        return SURROGATE.sub(REPLACEMENT, value).replace("\x00", REPLACEMENT)
    if isinstance(value, list):
        return [printable(item) for item in value]
    if isinstance(value, dict):
        return {printable(key): printable(item) for key, item in value.items()}
    return value
