"""
Every visitor in their own language: English at the plain addresses, other
languages under their code, chosen by the address alone (no cookie, nothing
from the browser's Accept-Language), each page linking to its other languages.
"""

from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Locale, Page
from wagtail_localize.models import LocaleSynchronization

from resources.models import ResourcePage
from site_core.search import SEARCH_IN_LINK
from starter_content.content import LANGUAGES as STARTER_CODES
from tests.factories import (
    ApplicationFormFieldFactory,
    ApplicationFormPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
)
from tests.translating import translate_in_the_admin

pytestmark = [pytest.mark.django_db, pytest.mark.starter_languages]


def soup(response):
    assert response.status_code == 200, response
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def resource(home):
    resources = ResourceIndexPageFactory(parent=home, slug="resources")
    return ResourcePageFactory(
        parent=resources, title="What is human trafficking?", slug="trafficking"
    )


def translate(page, code, **fields):
    """``page`` translated into ``code`` by staff: a draft copy, edited, published."""
    locale, _ = Locale.objects.get_or_create(language_code=code)
    translated = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return translated


def test_the_language_comes_from_the_address_alone(client, resource):
    response = client.get(resource.url, headers={"accept-language": "es"})
    page = soup(response)
    assert page.html["lang"] == "en"
    assert page.html["dir"] == "ltr"
    assert response["Content-Language"] == "en"
    assert "accept-language" not in response.get("Vary", "").lower()
    assert not response.cookies  # choosing a language stores nothing


def test_a_translated_page_is_served_under_its_language(client, resource):
    translate(resource, "es", title="¿Qué es la trata de personas?")
    response = client.get("/es/resources/trafficking/")
    page = soup(response)
    assert page.h1.get_text() == "¿Qué es la trata de personas?"
    assert page.html["lang"] == "es"
    assert response["Content-Language"] == "es"
    assert not response.cookies
    # The English page is where it was, in English.
    assert soup(client.get(resource.url)).h1.get_text() == resource.title


def test_each_page_links_to_its_other_languages(client, resource):
    translate(resource, "es", title="¿Qué es la trata de personas?")
    translate(resource, "vi", title="Buôn người là gì?")
    page = soup(client.get(resource.url))

    alternates = {
        link["hreflang"]: link["href"]
        for link in page.select('link[rel="alternate"][hreflang]')
    }
    site = resource.full_url.removesuffix(resource.url)
    assert alternates == {
        "en": f"{site}/resources/trafficking/",
        "es": f"{site}/es/resources/trafficking/",
        "vi": f"{site}/vi/resources/trafficking/",
    }
    switcher = page.select(".language-switcher a")
    assert [(a["lang"], a.get_text()) for a in switcher] == [
        ("en", "English"),
        ("es", "Español"),
        ("vi", "Tiếng Việt"),
    ]
    assert switcher[0]["aria-current"] == "true"
    assert all(a["href"] == alternates[a["lang"]] for a in switcher)


def test_a_page_with_one_language_shows_no_switcher(client, resource):
    page = soup(client.get(resource.url))
    assert not page.select(".language-switcher")
    assert not page.select('link[rel="alternate"][hreflang]')


def test_a_right_to_left_language_is_marked_so(client, resource):
    translate(resource, "ar", title="ما هو الاتجار بالبشر؟")
    page = soup(client.get("/ar/resources/trafficking/"))
    assert (page.html["lang"], page.html["dir"]) == ("ar", "rtl")
    arabic = page.select_one('.language-switcher a[lang="ar"]')
    assert arabic["dir"] == "rtl"


def test_a_language_page_costs_no_more_queries_than_an_english_one(
    client, resource, django_assert_max_num_queries
):
    translate(resource, "es", title="¿Qué es la trata de personas?")
    for address in (resource.url, "/es/resources/trafficking/"):
        client.get(address)  # the first view keeps what the next ones read
    with django_assert_max_num_queries(2):
        client.get("/es/resources/trafficking/")


# The words a person in danger reads first: in every starter language, always.
SAFETY_WORDS = [
    "Exit this page",
    "Leave quickly: select the button or press Shift 3 times.",
    "How to browse safely",
    "Shift pressed 1 time. Press it 2 more times to leave this page.",
    "Shift pressed 2 times. Press it 1 more time to leave this page.",
    "Leaving this page.",
    "Hotline:",
    "Need help now?",
    "Call our hotline to talk with someone who can help.",
    "Call %(number)s",
    "Skip to main content",
]
STARTER_LANGUAGES = ["es", "zh_Hant", "zh_Hans", "vi", "tl", "ko"]
LOCALE = Path(__file__).resolve().parent.parent / "locale"


@pytest.mark.parametrize("folder", STARTER_LANGUAGES)
def test_the_safety_words_are_translated_and_compiled(folder):
    po = polib.pofile(LOCALE / folder / "LC_MESSAGES" / "django.po")
    translated = {entry.msgid: entry.msgstr for entry in po.translated_entries()}
    assert [word for word in SAFETY_WORDS if not translated.get(word)] == []
    # The compiled file is the one Django reads: it must say the same.
    mo = polib.mofile(LOCALE / folder / "LC_MESSAGES" / "django.mo")
    compiled = {entry.msgid: entry.msgstr for entry in mo if entry.msgid}
    assert compiled == {
        msgid: msgstr for msgid, msgstr in translated.items() if msgid
    }, "run `make messages` after changing a .po file"


def test_the_quick_exit_speaks_the_pages_language(client, resource):
    translate(resource, "vi", title="Buôn người là gì?")
    page = soup(client.get("/vi/resources/trafficking/"))
    assert page.select_one("[data-quick-exit]").get_text() == "Thoát khỏi trang này"
    assert page.select_one(".skip-link").get_text() == "Chuyển đến nội dung chính"
    status = page.select_one("#quick-exit-status")
    assert status["data-after-1"].startswith("Đã nhấn Shift 1 lần.")
    assert status["data-leaving"] == "Đang rời khỏi trang này."
    # ...and the English page keeps its English words.
    english = soup(client.get(resource.url))
    assert english.select_one("[data-quick-exit]").get_text() == "Exit this page"


def test_a_form_error_speaks_the_pages_language(client, home):
    form = ApplicationFormPageFactory(parent=home, slug="apply")
    ApplicationFormFieldFactory(page=form, label="Your name", required=True)
    translate(form, "es", title="Solicitud")
    page = soup(client.get("/es/apply/"))
    token = page.select_one("input[name=csrfmiddlewaretoken]")["value"]
    hidden = {
        field["name"]: field.get("value", "")
        for field in page.select("form.application-form input[type=hidden]")
    }
    response = client.post("/es/apply/", {**hidden, "csrfmiddlewaretoken": token})
    answered = BeautifulSoup(response.content, "html.parser")
    summary = answered.select_one(".error-summary").get_text()
    assert "Hay un problema con su solicitud" in summary
    assert "Esta pregunta necesita una respuesta." in summary
    assert answered.title.get_text().startswith("Error: Solicitud")  # es: "Error:"


def test_a_page_not_translated_yet_answers_in_each_language_with_a_note(
    client, resource
):
    # As wagtail-localize keeps languages in step: a stand-in (an alias) of the
    # English page under each language's address, until staff translate it.
    vietnamese = Locale.objects.create(language_code="vi")
    resource.copy_for_translation(vietnamese, copy_parents=True, alias=True)
    Locale.objects.create(language_code="ko")  # and a language with no stand-ins

    for address, note in [
        ("/vi/resources/trafficking/", "Trang này chưa được dịch sang ngôn ngữ"),
        ("/ko/resources/trafficking/", "이 페이지는 아직 귀하의 언어로 번역되지"),
    ]:
        page = soup(client.get(address))
        assert page.h1.get_text() == resource.title  # the English words...
        main = page.select_one("main")
        assert main["lang"] == "en"  # ...marked as English for screen readers
        notice = main.select_one(".notice--untranslated")
        assert notice.get_text().startswith(note)
        assert notice["lang"] == page.html["lang"]


def test_a_page_read_in_its_own_language_has_no_note(client, resource):
    translate(resource, "es", title="¿Qué es la trata de personas?")
    for address in (resource.url, "/es/resources/trafficking/"):
        page = soup(client.get(address))
        assert not page.select(".notice--untranslated")
        assert not page.select_one("main").has_attr("lang")


# The starter site, in every starter language ---------------------------------

SPANISH = {
    "What is human trafficking?": "¿Qué es la trata de personas?",
    "A form of modern slavery": "Una forma de esclavitud moderna",
}


@pytest.fixture
def trafficking(starter_site):
    """The starter site's English page about trafficking."""
    return ResourcePage.objects.get(
        slug="what-is-human-trafficking", locale__language_code="en"
    )


def test_a_page_translated_in_the_admin_is_served_under_its_prefix(client, trafficking):
    spanish = translate_in_the_admin(trafficking, "es", SPANISH)

    page = soup(client.get("/es/resources/what-is-human-trafficking/"))
    assert spanish.alias_of_id is None
    assert page.h1.get_text() == "¿Qué es la trata de personas?"
    assert "Una forma de esclavitud moderna" in page.main.get_text()
    assert page.main.get("lang") is None  # its words are Spanish now
    assert not page.select(".notice--untranslated")
    # The English page is unchanged, and links to its Spanish translation.
    english = soup(client.get(trafficking.url))
    assert english.h1.get_text() == "What is human trafficking?"
    assert english.select_one('.language-switcher a[lang="es"]')["href"].endswith(
        "/es/resources/what-is-human-trafficking/"
    )


def test_every_starter_page_answers_in_every_starter_language(client, starter_site):
    english = Page.objects.live().filter(depth__gt=1, locale__language_code="en")
    for page in english:
        for code in STARTER_CODES:
            address = f"/{code}{page.url}"
            response = client.get(address)
            assert response.status_code == 200, address
            assert response["Content-Language"] == code, address
            # The logo leads home in the same language.
            brand = BeautifulSoup(response.content, "html.parser").select_one(
                ".masthead__brand"
            )
            assert brand["href"] == f"/{code}/", address


def test_the_switcher_and_alternates_list_every_language(client, trafficking):
    page = soup(client.get(trafficking.url))
    switcher = [a["lang"] for a in page.select(".language-switcher a")]
    alternates = [
        link["hreflang"] for link in page.select('link[rel="alternate"][hreflang]')
    ]
    assert switcher == alternates == ["en", *STARTER_CODES]


def test_the_sitemap_lists_every_languages_pages(client, trafficking):
    sitemap = client.get("/sitemap.xml").content.decode()
    for code in ["", *(f"/{code}" for code in STARTER_CODES)]:
        assert f"{code}/resources/what-is-human-trafficking/</loc>" in sitemap, code


def search(client, address, words):
    """The addresses a search (sent as the search form sends it) leads to."""
    page = soup(client.post(address, {"q": words}))
    return [a["href"] for a in page.select(".result-list h3 a")]


def test_search_finds_pages_in_the_language_being_read(client, trafficking):
    translate_in_the_admin(trafficking, "es", SPANISH)

    found = search(client, "/es/search/", "esclavitud")
    assert found == ["/es/resources/what-is-human-trafficking/"]
    # Not in English, where no page has that word.
    assert search(client, "/search/", "esclavitud") == []
    # A stand-in is found by its English words, and leads to its language.
    found = search(client, "/vi/search/", "trafficking")
    assert found and all(address.startswith("/vi/") for address in found)
    # What search says is in the language being read.
    page = soup(client.get("/es/search/", {"q": "trata"}))
    with translation.override("es"):
        spanish = gettext(SEARCH_IN_LINK)
    assert spanish != SEARCH_IN_LINK
    assert spanish in page.get_text()


def calendar(client, address):
    """A calendar feed's text, its long lines unfolded."""
    return client.get(address).content.decode().replace("\r\n ", "")


def test_calendar_feeds_come_in_each_language(client, starter_site):
    spanish = calendar(client, "/es/calendar/events.ics")
    assert "X-WR-CALNAME:Eventos de My Sister's House" in spanish
    assert "/es/events/legal-forum-monthly-meeting/" in spanish
    assert "Más información: " in spanish
    english = calendar(client, "/calendar/events.ics")
    assert "X-WR-CALNAME:My Sister's House events" in english
    assert "/events/legal-forum-monthly-meeting/" in english
    assert "/es/" not in english


def test_the_api_filters_by_locale(client, trafficking):
    def listing(**params):
        response = client.get(
            "/api/v2/pages/", {"type": "resources.ResourcePage", **params}
        )
        return response.status_code, response.json()

    _, english = listing()
    _, vietnamese = listing(locale="vi")
    _, every = listing(locale="all")
    assert {item["meta"]["locale"] for item in english["items"]} == {"en"}
    assert {item["meta"]["locale"] for item in vietnamese["items"]} == {"vi"}
    assert vietnamese["meta"]["total_count"] == english["meta"]["total_count"]
    assert every["meta"]["total_count"] == 7 * english["meta"]["total_count"]
    # A page's translations, each with its locale.
    _, translations = listing(translation_of=trafficking.pk)
    assert sorted(item["meta"]["locale"] for item in translations["items"]) == sorted(
        STARTER_CODES
    )
    status, refused = listing(locale="xx")
    assert status == 400
    assert "locale must be one of the site's languages" in refused["message"]


def test_a_language_staff_add_later_has_its_address(client, trafficking):
    hmong = Locale.objects.create(language_code="hmn")
    LocaleSynchronization.objects.create(locale=hmong, sync_from=Locale.get_default())

    response = client.get("/hmn/resources/what-is-human-trafficking/")
    assert response.status_code == 200
    assert soup(response).html["lang"] == "hmn"
