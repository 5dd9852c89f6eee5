"""
The words on every page (the hotline line, the footer sentence) in each
language: written in English, translated in the admin with wagtail-localize,
and shown in the language being read, else in English.
"""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from home.models import HomePage
from site_core import purge
from site_core.models import SiteTexts
from starter_content.content import SITE_TEXTS
from tests.auth import sign_in
from tests.translating import translate_in_the_admin

pytestmark = [pytest.mark.django_db, pytest.mark.starter_languages]

SPANISH = {
    SITE_TEXTS["hotline_text"]: "Si usted o alguien que conoce necesita ayuda, "
    "llámenos.",
    SITE_TEXTS["footer_text"]: "My Sister's House apoya a sobrevivientes de la "
    "violencia doméstica y la trata de personas en la región de Sacramento.",
}


def home_in(code):
    return HomePage.objects.get(locale__language_code=code)


def page_words(client, page):
    """(the hotline bar's line, the footer's text, the description) of ``page``."""
    response = client.get(page.url)
    assert response.status_code == 200, page
    html = BeautifulSoup(response.content, "html.parser")
    line = html.select_one(".hotline-bar__text")
    return (
        line.get_text(strip=True) if line else "",
        html.find("footer").get_text(" ", strip=True),
        html.find("meta", attrs={"name": "description"})["content"],
    )


def test_a_translation_shows_in_its_language_only(client, starter_site):
    english = SiteTexts.objects.get()
    # Seen first, so the header and footer are kept in both languages.
    page_words(client, home_in("en"))
    page_words(client, home_in("es"))

    translate_in_the_admin(english, "es", SPANISH)

    hotline, footer, _ = page_words(client, home_in("es"))
    assert hotline == SPANISH[SITE_TEXTS["hotline_text"]]
    assert SPANISH[SITE_TEXTS["footer_text"]] in footer
    assert SITE_TEXTS["footer_text"] not in footer
    hotline, footer, _ = page_words(client, home_in("en"))
    assert hotline == SITE_TEXTS["hotline_text"]
    assert SITE_TEXTS["footer_text"] in footer


def test_a_language_without_a_translation_shows_the_english_words(client, starter_site):
    translate_in_the_admin(SiteTexts.objects.get(), "es", SPANISH)

    hotline, footer, _ = page_words(client, home_in("vi"))
    assert hotline == SITE_TEXTS["hotline_text"]
    assert SITE_TEXTS["footer_text"] in footer


def test_a_change_to_the_words_shows_on_the_next_view(client, starter_site):
    english = SiteTexts.objects.get()
    page_words(client, home_in("en"))
    english.hotline_text = "Call us, day or night"
    english.save()
    assert page_words(client, home_in("en"))[0] == "Call us, day or night"


def test_the_footer_sentence_describes_a_page_without_a_summary(client, starter_site):
    translate_in_the_admin(SiteTexts.objects.get(), "es", SPANISH)
    # The home page has no search description of its own.
    assert page_words(client, home_in("es"))[2] == SPANISH[SITE_TEXTS["footer_text"]]


def test_saving_the_words_purges_the_whole_http_cache(starter_site, monkeypatch):
    purged = []
    monkeypatch.setattr(purge, "purge_everything", lambda: purged.append(True))
    SiteTexts.objects.get().save()
    assert purged


def test_kept_words_cost_no_query(client, starter_site, django_assert_num_queries):
    request = client.get(home_in("es").url).wsgi_request
    with translation.override("es"), django_assert_num_queries(0):
        assert SiteTexts.for_request(request).hotline_text == SITE_TEXTS["hotline_text"]


def test_there_is_one_set_of_words_with_a_copy_per_language(starter_site):
    english = SiteTexts.objects.get()
    second = SiteTexts(locale=english.locale, hotline_text="Another")
    with pytest.raises(ValidationError, match="already exist in this language"):
        second.full_clean()
    by_hand = SiteTexts(locale=Locale.objects.get(language_code="ko"))
    with pytest.raises(ValidationError, match="use Translate"):
        by_hand.full_clean()
    # The Translate button's copy shares the English words' translation key.
    assert translate_in_the_admin(english, "ko", {}).translation_key == (
        english.translation_key
    )


def test_an_editor_opens_the_words_and_translates_them(client, editor):
    sign_in(client, editor)
    english = SiteTexts.objects.get()
    listing = client.get(reverse("wagtailsnippets_site_core_sitetexts:list"))
    assert listing.status_code == 200
    translate = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["site_core", "sitetexts", english.pk],
    )
    assert translate in listing.content.decode()
    # Translate, not a second set of words.
    add = reverse("wagtailsnippets_site_core_sitetexts:add")
    assert add not in listing.content.decode()
    assert (
        client.get(
            reverse("wagtailsnippets_site_core_sitetexts:edit", args=[english.pk])
        ).status_code
        == 200
    )

    assert client.get(translate).status_code == 200
    spanish = Locale.objects.get(language_code="es")
    response = client.post(translate, {"locales": [spanish.pk]})
    assert response.status_code == 302
    copy = SiteTexts.objects.get(locale=spanish)
    # The translator's editor for the Spanish copy opens too.
    assert client.get(response["Location"]).status_code == 200
    assert response["Location"] == reverse(
        "wagtailsnippets_site_core_sitetexts:edit", args=[copy.pk]
    )


def test_the_site_settings_say_where_the_words_went(
    client, starter_site, signed_in_superuser
):
    response = client.get(
        reverse("wagtailsettings:edit", args=["site_core", "sitesettings"]),
        follow=True,
    )
    assert response.status_code == 200
    assert "Settings &gt; Words on every page" in response.content.decode()
    assert reverse("wagtailsnippets_site_core_sitetexts:list") in (
        response.content.decode()
    )
