"""
Dates and times of events and news in the visitor's language: English as it has
always read, the other languages in their own order and words, and the Pacific
time zone named wherever a time is shown.
"""

import datetime
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from events.dates import (
    format_date,
    format_event_dates,
    format_short_date,
    format_time,
)
from events.models import EventPage
from events.recurrence import describe
from news.models import NewsArticlePage

TUESDAY = datetime.date(2018, 1, 16)
THURSDAY = datetime.date(2018, 1, 18)
SIX_PM = datetime.time(18)
HALF_SEVEN = datetime.time(19, 30)


def rule(repeat, start_date=TUESDAY, timed=True, **fields):
    """The fields of a repeating event, without a database."""
    values = {
        "repeat": repeat,
        "start_date": start_date,
        "start_time": SIX_PM if timed else None,
        "end_date": None,
        "end_time": HALF_SEVEN if timed else None,
        "repeat_until": None,
    }
    return SimpleNamespace(**(values | fields))


def wording(language):
    """Every kind of date and rule in words, read in ``language``."""
    with translation.override(language):
        return {
            "evening": format_event_dates(TUESDAY, SIX_PM, None, HALF_SEVEN),
            "days": format_event_dates(TUESDAY, None, THURSDAY, None),
            "across days": format_event_dates(TUESDAY, SIX_PM, THURSDAY, HALF_SEVEN),
            "noon": format_time(datetime.time(12)),
            "short": format_short_date(TUESDAY),
            "nth tuesday": describe(rule("monthly_weekday")),
            "last tuesday": describe(
                rule("monthly_last_weekday", datetime.date(2018, 1, 30), timed=False)
            ),
            "weekly until": describe(
                rule("weekly", repeat_until=datetime.date(2018, 6, 30))
            ),
            "on the 22nd": describe(rule("monthly_date", datetime.date(2018, 1, 22))),
        }


def test_english_reads_as_it_always_has():
    assert wording("en") == {
        "evening": "Tuesday, January 16, 2018, 6 pm to 7:30 pm",
        "days": "Tuesday, January 16, 2018 to Thursday, January 18, 2018",
        "across days": (
            "Tuesday, January 16, 2018, 6 pm to Thursday, January 18, 2018, 7:30 pm"
        ),
        "noon": "12 pm",
        "short": "January 16, 2018",
        "nth tuesday": "Every third Tuesday of the month, 6 pm to 7:30 pm",
        "last tuesday": "Every last Tuesday of the month",
        "weekly until": "Every Tuesday, 6 pm to 7:30 pm, until June 30, 2018",
        "on the 22nd": "Every month on the 22nd, 6 pm to 7:30 pm",
    }


@pytest.mark.parametrize("day", [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 28])
def test_english_ordinal_days_keep_their_endings(day):
    event = rule("monthly_date", datetime.date(2018, 1, day), timed=False)
    ending = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd"}.get(day, "th")
    with translation.override("en"):
        assert describe(event) == f"Every month on the {day}{ending}"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "es",
            {
                "evening": "martes, 16 de enero de 2018, de 18:00 a 19:30",
                "days": "del martes, 16 de enero de 2018 al jueves, 18 de enero "
                "de 2018",
                "across days": "del martes, 16 de enero de 2018, 18:00 al jueves, "
                "18 de enero de 2018, 19:30",
                "noon": "12:00",
                "short": "16 de enero de 2018",
                "nth tuesday": "El tercer martes de cada mes, de 18:00 a 19:30",
                "last tuesday": "El último martes de cada mes",
                "weekly until": "Cada martes, de 18:00 a 19:30, hasta el 30 de junio "
                "de 2018",
                "on the 22nd": "El día 22 de cada mes, de 18:00 a 19:30",
            },
        ),
        (
            "vi",
            {
                "evening": "Thứ Ba, 16 tháng 1, 2018, từ 18:00 đến 19:30",
                "days": "từ Thứ Ba, 16 tháng 1, 2018 đến Thứ Năm, 18 tháng 1, 2018",
                "across days": "từ Thứ Ba, 16 tháng 1, 2018, 18:00 đến Thứ Năm, "
                "18 tháng 1, 2018, 19:30",
                "noon": "12:00",
                "short": "16 tháng 1, 2018",
                "nth tuesday": "Thứ Ba thứ ba của mỗi tháng, từ 18:00 đến 19:30",
                "last tuesday": "Thứ Ba cuối cùng của mỗi tháng",
                "weekly until": "Thứ Ba hằng tuần, từ 18:00 đến 19:30, cho đến ngày "
                "30 tháng 6, 2018",
                "on the 22nd": "Ngày 22 hằng tháng, từ 18:00 đến 19:30",
            },
        ),
        (
            "zh-hant",
            {
                "evening": "2018年1月16日 星期二 18:00至19:30",
                "days": "2018年1月16日 星期二至2018年1月18日 星期四",
                "across days": "2018年1月16日 星期二 18:00至2018年1月18日 星期四 19:30",
                "noon": "12:00",
                "short": "2018年1月16日",
                "nth tuesday": "每月第三個星期二，18:00至19:30",
                "last tuesday": "每月最後一個星期二",
                "weekly until": "每星期二，18:00至19:30，至2018年6月30日為止",
                "on the 22nd": "每月22日，18:00至19:30",
            },
        ),
        (
            "ko",
            {
                "evening": "2018년 1월 16일 화요일 오후 6:00~오후 7:30",
                "days": "2018년 1월 16일 화요일 ~ 2018년 1월 18일 목요일",
                "across days": "2018년 1월 16일 화요일 오후 6:00 ~ 2018년 1월 18일 "
                "목요일 오후 7:30",
                "noon": "오후 12:00",
                "short": "2018년 1월 16일",
                "nth tuesday": "매월 셋째 화요일, 오후 6:00~오후 7:30",
                "last tuesday": "매월 마지막 화요일",
                "weekly until": "매주 화요일, 오후 6:00~오후 7:30, 2018년 6월 30일까지",
                "on the 22nd": "매월 22일, 오후 6:00~오후 7:30",
            },
        ),
    ],
)
def test_other_languages_read_in_their_own_words(language, expected):
    assert wording(language) == expected


def test_tagalog_names_come_from_the_sites_own_catalogue():
    # Django has no Tagalog; the weekday and month names are the site's.
    with translation.override("tl"):
        assert format_event_dates(TUESDAY, SIX_PM, None, HALF_SEVEN) == (
            "Martes, Enero 16, 2018, mula 6 pm hanggang 7:30 pm"
        )
        assert describe(rule("monthly_weekday", datetime.date(2018, 1, 9))) == (
            "Tuwing ikalawang Martes ng buwan, mula 6 pm hanggang 7:30 pm"
        )


def test_the_active_language_is_read_at_each_call():
    # Nothing is kept from one language to the next.
    with translation.override("es"):
        assert format_date(TUESDAY) == "martes, 16 de enero de 2018"
    with translation.override("zh-hans"):
        assert format_date(TUESDAY) == "2018年1月16日星期二"
    assert format_date(TUESDAY) == "Tuesday, January 16, 2018"


def page_html(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    return BeautifulSoup(response.content, "html.parser")


def starter_event(slug):
    return EventPage.objects.get(slug=slug, locale__language_code="en")


def when(html):
    return html.select_one(".event__facts dd").get_text(" ", strip=True)


@pytest.mark.django_db
@pytest.mark.starter_languages
def test_an_event_page_in_vietnamese_gives_its_date_in_vietnamese(client, starter_site):
    conference = starter_event("annual-human-trafficking-conference-2018")
    html = page_html(client, f"/vi/events/{conference.slug}/")
    assert html.html["lang"] == "vi"
    time = html.select_one(".event__facts time")
    assert time.get_text() == "Thứ Ba, 16 tháng 1, 2018"
    assert time["datetime"].startswith("2018-01-16T00:00:00")
    # An all-day event names no time zone.
    assert when(html) == "Thứ Ba, 16 tháng 1, 2018"
    english = page_html(client, f"/events/{conference.slug}/")
    assert when(english) == "Tuesday, January 16, 2018"


@pytest.mark.django_db
@pytest.mark.starter_languages
def test_a_repeating_event_page_names_the_zone_in_the_same_language(
    client, starter_site
):
    meeting = starter_event("legal-forum-monthly-meeting")
    words = {
        "": "Every second Tuesday of the month, 6 pm to 7:30 pm (Pacific time)",
        "/es": "El segundo martes de cada mes, de 18:00 a 19:30 (hora del Pacífico)",
        "/vi": "Thứ Ba thứ hai của mỗi tháng, từ 18:00 đến 19:30 (giờ Thái Bình Dương)",
        "/ko": "매월 둘째 화요일, 오후 6:00~오후 7:30 (태평양 시간)",
    }
    for prefix, expected in words.items():
        html = page_html(client, f"{prefix}/events/{meeting.slug}/")
        assert when(html) == expected, prefix
    # The next dates follow the page's language too.
    html = page_html(client, f"/vi/events/{meeting.slug}/")
    dates = [
        item.get_text(" ", strip=True)
        for item in html.select(".event__dates .occurrence-list time")
    ]
    assert dates
    assert all(
        text.startswith("Thứ Ba, ") and text.endswith(", từ 18:00 đến 19:30")
        for text in dates
    ), dates


@pytest.mark.django_db
@pytest.mark.starter_languages
def test_an_event_card_names_the_zone_once(client, starter_site):
    html = page_html(client, "/zh-hant/events/")
    card = next(
        card
        for card in html.select("#upcoming .card")
        if "legal-forum-monthly-meeting" in card.select_one(".card__title a")["href"]
    )
    [first_line, next_line] = [
        meta.get_text(" ", strip=True) for meta in card.select(".card__meta")[:2]
    ]
    assert "每月第二個星期二，18:00至19:30 （太平洋時間）" in first_line
    assert "太平洋時間" not in next_line
    assert "星期二 18:00至19:30" in next_line


@pytest.mark.django_db
@pytest.mark.starter_languages
def test_a_news_article_is_dated_in_the_pages_language(client, starter_site):
    article = NewsArticlePage.objects.get(
        slug="annual-human-trafficking-conference", locale__language_code="en"
    )
    day = article.date
    dated = {
        "": f"{day:%B} {day.day}, {day.year}",
        "/zh-hant": f"{day.year}年{day.month}月{day.day}日",
        "/ko": f"{day.year}년 {day.month}월 {day.day}일",
    }
    for prefix, expected in dated.items():
        html = page_html(client, f"{prefix}/news/{article.slug}/")
        time = html.select_one(".details time")
        assert time.get_text() == expected, prefix
        assert time["datetime"] == day.isoformat()
        listed = page_html(client, f"{prefix}/news/").select(".card__meta time")
        assert expected in [item.get_text() for item in listed], prefix
