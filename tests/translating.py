"""Translating content the way a translator does it in the admin (wagtail-localize)."""

from wagtail.models import Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)


def translate_in_the_admin(instance, code, words):
    """
    ``instance`` (a page or a translatable snippet) translated into ``code`` as
    a translator does it in wagtail-localize's editor: each of its segments
    given the words in ``words``, by its English words (the others left as
    they are), then published. Returns the translation.
    """
    locale = Locale.objects.get(language_code=code)
    source, _ = TranslationSource.get_or_create_from_instance(instance)
    translation = Translation.objects.create(source=source, target_locale=locale)
    for segment in StringSegment.objects.filter(source=source).select_related(
        "string", "context"
    ):
        if segment.string.data in words:
            StringTranslation.objects.create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                data=words[segment.string.data],
            )
    translation.save_target(publish=True)
    return instance.get_translation(locale)
