"""
Every visitor in their own language: English at the plain addresses, other
languages under their code, chosen by the address alone (no cookie, nothing
from the browser's Accept-Language), each page linking to its other languages.
"""

from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup
from wagtail.models import Locale

from tests.factories import (
    ApplicationFormFieldFactory,
    ApplicationFormPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
)

pytestmark = pytest.mark.django_db


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
