"""
The languages the site is read in, and how a request's language is chosen.

English is at the site's plain addresses; every other language under its code
(``/es/``, ``/zh-hant/``, ``/vi/`` ...). The language comes from the address
alone: nothing is negotiated from the browser's Accept-Language header and no
cookie is set or read, so nothing on a visitor's device records which language
they chose, and an HTTP cache keeps one copy of each address.

Staff offer a language by adding it in Settings > Locales; the languages they
can choose from are ``settings.LANGUAGES``.
"""

import unicodedata

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.db.models.signals import post_save
from django.utils import translation
from django.utils.translation import get_language_from_path, get_language_info
from wagtail.models import GroupPagePermission, Page, WorkflowPage

# Languages Django does not describe, and better names for some it does: what
# the language switcher shows is each language's name in that language.
MORE_LANGUAGE_INFO = {
    # Capitalised, as a language's name starts a line in a list of languages.
    "es": {"bidi": False, "code": "es", "name": "Spanish", "name_local": "Español"},
    "tl": {"bidi": False, "code": "tl", "name": "Tagalog", "name_local": "Tagalog"},
    "hmn": {"bidi": False, "code": "hmn", "name": "Hmong", "name_local": "Hmoob"},
    "lo": {"bidi": False, "code": "lo", "name": "Lao", "name_local": "ພາສາລາວ"},
    "km": {"bidi": False, "code": "km", "name": "Khmer", "name_local": "ខ្មែរ"},
    "pa": {"bidi": False, "code": "pa", "name": "Punjabi", "name_local": "ਪੰਜਾਬੀ"},
}


def register():
    """
    Called once the apps are ready: Django learns the languages above, and a
    language's new tree takes the rights and review of the one it comes from.
    """
    for code, info in MORE_LANGUAGE_INFO.items():
        LANG_INFO[code] = {**LANG_INFO.get(code, {}), **info}
    post_save.connect(same_rules_as_its_source, dispatch_uid="language-tree-rules")


def same_rules_as_its_source(sender, instance, created, raw=False, **kwargs):
    """
    When a site's home page is first made in another language (a translation
    or stand-in, beside the English one), staff's rights over the home page it
    comes from and its review workflow apply to the new one too: Editors can
    edit each language's pages as they edit English ones, and what they
    publish there is reviewed the same way.
    """
    if not created or raw or not isinstance(instance, Page) or instance.depth != 2:
        return
    source = (
        Page.objects.filter(depth=2, translation_key=instance.translation_key)
        .exclude(pk=instance.pk)
        .order_by("pk")
        .first()
    )
    if source is None:
        return
    for granted in GroupPagePermission.objects.filter(page=source):
        GroupPagePermission.objects.get_or_create(
            group_id=granted.group_id, page=instance, permission=granted.permission
        )
    reviewed = WorkflowPage.objects.filter(page=source).first()
    if reviewed is not None:
        WorkflowPage.objects.get_or_create(
            page=instance, defaults={"workflow": reviewed.workflow}
        )


def language_order(code):
    """Where ``code`` comes in settings.LANGUAGES, so lists keep that order."""
    codes = [known for known, _name in settings.LANGUAGES]
    return codes.index(code) if code in codes else len(codes)


def page_languages(page, request):
    """
    Each language ``page`` can be read in (its live translations, and the
    stand-ins that show a page not translated yet), in settings.LANGUAGES'
    order: the language's code, its name in itself, whether it is written
    right to left, and the page's full address in it.
    """
    pages = [page, *page.get_translations().live().select_related("locale")]
    languages = []
    for version in pages:
        code = version.locale.language_code
        info = get_language_info(code)
        languages.append(
            {
                "code": code,
                # Composed: Django writes some names with combining accents.
                "name": unicodedata.normalize("NFC", info["name_local"]),
                "bidi": info["bidi"],
                "url": version.get_full_url(request),
                "current": version.pk == page.pk,
            }
        )
    return sorted(languages, key=lambda language: language_order(language["code"]))


def language_name(code):
    """A language's name in English, for staff: "Spanish" for "es"."""
    return str(dict(settings.LANGUAGES).get(code, code))


def words_language(page):
    """
    The language ``page``'s words are in: its own, or for a stand-in (an
    alias that keeps an untranslated page's address in another language) its
    source page's.
    """
    source = page.alias_of if page.alias_of_id else page
    return source.locale.language_code


class LanguageFromAddressMiddleware:
    """
    Reads the language from the address's first part (English without one)
    and nothing else; says which it is in ``Content-Language``. Unlike Django's
    LocaleMiddleware it never looks at cookies or Accept-Language, so it adds
    no ``Vary: Accept-Language`` either.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        try:
            response = self.get_response(request)
        finally:
            translation.deactivate()
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
