"""
What staff configure in Settings > Site settings for the designed site: the logo
(an SVG checked before it is stored, and where it is served from), the notice at
the top of every page, and the social media links.
"""

import datetime
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site
from wagtail.test.utils.form_data import nested_form_data, streamfield

from site_core.models import SiteSettings
from site_core.svg import MAX_LOGO_BYTES, validate_svg
from tests import s3
from tests.auth import sign_in
from tests.factories import ResourcePageFactory

pytestmark = pytest.mark.django_db

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 40">{}</svg>'
CLEAN_LOGO = SVG.format(
    '<defs><linearGradient id="g"><stop offset="0" stop-color="#5b2a86"/>'
    "</linearGradient></defs>"
    '<rect width="100" height="40" fill="url(#g)" style="stroke: #3e1a5e"/>'
    '<use href="#g"/><text x="4" y="24">My Sister\'s House</text>'
)
PACIFIC = datetime.timezone(datetime.timedelta(hours=-7))


def svg_file(text, name="logo.svg"):
    return SimpleUploadedFile(name, text.encode(), content_type="image/svg+xml")


def site_settings():
    return SiteSettings.for_site(Site.objects.get(is_default_site=True))


# The logo --------------------------------------------------------------------------


def test_a_plain_drawing_is_accepted():
    validate_svg(svg_file(CLEAN_LOGO))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (SVG.format("<script>alert(1)</script>"), "contains a script"),
        (
            SVG.format('<script xmlns="http://www.w3.org/1999/xhtml">x()</script>'),
            "contains a script",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" onload="steal()"/>',
            "event handler ('onload')",
        ),
        (SVG.format('<rect onClick="x()"/>'), "event handler ('onclick')"),
        (
            SVG.format("<foreignObject><p>hello</p></foreignObject>"),
            "<foreignObject>",
        ),
        (
            SVG.format('<image href="https://tracker.example/pixel.png"/>'),
            "refers to another file",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" '
            'xmlns:xlink="http://www.w3.org/1999/xlink">'
            '<use xlink:href="other.svg#shape"/></svg>',
            "refers to another file",
        ),
        (
            SVG.format('<a href="java\tscript:alert(1)"><rect/></a>'),
            "'javascript:' link",
        ),
        (
            SVG.format('<image href="data:image/svg+xml;base64,PHN2Zz4="/>'),
            "embedded 'data:' file",
        ),
        (
            SVG.format("<style>@import url(https://example.org/x.css);</style>"),
            "import another file",
        ),
        (
            SVG.format("<style>rect { fill: url(https://example.org/p.png) }</style>"),
            "refers to another file",
        ),
        (
            SVG.format('<rect style="fill: url(&quot;//example.org/a&quot;)"/>'),
            "refers to another file",
        ),
        (
            SVG.format('<set attributeName="href" to="javascript:alert(1)"/>'),
            "<set> element",
        ),
        (
            '<!DOCTYPE svg [<!ENTITY lol "lol">]>'
            '<svg xmlns="http://www.w3.org/2000/svg"><text>&lol;</text></svg>',
            "document type declaration",
        ),
        (
            '<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
            '<svg xmlns="http://www.w3.org/2000/svg"><text>&secret;</text></svg>',
            "document type declaration",
        ),
        (
            '<?xml-stylesheet href="https://example.org/a.css"?>'
            '<svg xmlns="http://www.w3.org/2000/svg"/>',
            "processing instruction",
        ),
        ("<svg><rect></svg>", "could not be read as XML"),
        ("GIF89a not xml at all", "could not be read as XML"),
        ("<html><body>hi</body></html>", "not an SVG image"),
        ("<svg/>", "not an SVG image"),  # no SVG namespace: browsers show nothing
    ],
)
def test_anything_but_a_plain_drawing_is_refused_with_the_reason(content, message):
    with pytest.raises(ValidationError) as refused:
        validate_svg(svg_file(content))
    assert message in refused.value.messages[0]


def test_an_oversized_logo_is_refused_before_it_is_parsed():
    padding = "<!--" + "x" * MAX_LOGO_BYTES + "-->"
    with pytest.raises(ValidationError) as refused:
        validate_svg(svg_file(SVG.format(padding)))
    assert "a logo may be at most 200.0\xa0KB" in refused.value.messages[0]


def test_logo_url_falls_back_to_the_standard_logo(home):
    settings = site_settings()
    assert settings.logo_url == "/static/img/logo.svg"
    settings.logo.save("ours.svg", ContentFile(CLEAN_LOGO.encode()))
    assert settings.logo_url.startswith("/media/site/logo/ours")
    assert settings.logo_url.endswith(".svg")


def settings_form(settings, **changes):
    """The Site settings form as an editor would send it, with ``changes``."""
    data = {
        "organisation_name": settings.organisation_name,
        "hotline_number": settings.hotline_number,
        "contact_email": "",
        "address": "",
        "quick_exit_url": settings.quick_exit_url,
        "social_links": streamfield([]),
        "alert_message": "",
        "alert_link_url": "",
        "alert_expires_at": "",
        "donate_url": "",
    }
    data.update(changes)
    return nested_form_data(data)


@pytest.fixture
def admin_client(home):
    client = Client()
    user = get_user_model().objects.create_superuser("admin", password="x" * 16)
    sign_in(client, user)
    return client


def settings_url():
    site = Site.objects.get(is_default_site=True)
    return reverse("wagtailsettings:edit", args=["site_core", "sitesettings", site.pk])


def test_the_admin_refuses_an_unsafe_logo_and_keeps_the_old_one(admin_client):
    settings = site_settings()
    data = settings_form(settings)
    response = admin_client.post(
        settings_url(),
        {**data, "logo": svg_file(SVG.format("<script>alert(1)</script>"))},
    )
    assert response.status_code == 200
    assert "contains a script" in response.content.decode()
    assert not site_settings().logo

    response = admin_client.post(settings_url(), {**data, "logo": svg_file(CLEAN_LOGO)})
    assert response.status_code == 302
    assert site_settings().logo_url.endswith(".svg")


def test_the_admin_refuses_a_file_that_is_not_svg(admin_client):
    data = settings_form(site_settings())
    response = admin_client.post(
        settings_url(), {**data, "logo": svg_file(CLEAN_LOGO, name="logo.png")}
    )
    assert response.status_code == 200
    assert "File extension" in response.content.decode()
    assert not site_settings().logo


def test_in_s3_the_logo_is_public_with_the_svg_content_type(
    home, settings, monkeypatch
):
    """
    Pages are cached, so the logo's address must not expire: it lives under the
    public prefix and anyone can fetch it, served as an image.
    """
    server = s3.MotoServer()
    try:
        bucket = server.new_bucket()
        s3.point_media_at(settings, monkeypatch, server.endpoint, bucket)
        site_settings().logo.save("ours.svg", ContentFile(CLEAN_LOGO.encode()))
        url = site_settings().logo_url
        assert "X-Amz-Signature" not in url
        assert f"/{bucket}/public/site/logo/" in url
        head = server.client().head_object(
            Bucket=bucket, Key=url.split(f"/{bucket}/")[1]
        )
        assert head["ContentType"] == "image/svg+xml"
        status, body = s3.get(url)
        assert (status, body) == (200, CLEAN_LOGO.encode())
    finally:
        server.stop()


# The notice at the top of every page ----------------------------------------------


def notice(**fields):
    settings = site_settings()
    for name, value in {"alert_enabled": True, **fields}.items():
        setattr(settings, name, value)
    settings.save()
    return settings


def test_the_notice_shows_until_its_end_time_and_not_after(home):
    ends = datetime.datetime(2026, 3, 1, 17, 0, tzinfo=PACIFIC)
    settings = notice(alert_message="Office closed today.", alert_expires_at=ends)
    before = settings.current_alert(now=ends - datetime.timedelta(minutes=1))
    assert before.message == "Office closed today."
    assert before.url == ""
    assert settings.current_alert(now=ends) is None
    assert settings.current_alert(now=ends + datetime.timedelta(days=1)) is None


def test_the_notice_is_hidden_when_switched_off_or_empty(home):
    settings = notice(alert_message="Office closed today.", alert_enabled=False)
    assert settings.current_alert() is None
    settings.alert_enabled, settings.alert_message = True, "   "
    assert settings.current_alert() is None


def test_the_notice_links_to_a_live_page_or_a_website(home):
    page = ResourcePageFactory(parent=home, slug="closures")
    settings = notice(alert_message="Closed.", alert_link=page)
    assert settings.current_alert().url == page.url
    page.unpublish()
    assert site_settings().current_alert().url == ""
    settings = notice(alert_link=None, alert_link_url="https://example.org/news")
    assert settings.current_alert().url == "https://example.org/news"


def test_every_page_shows_the_notice_until_it_ends(client, home):
    page = ResourcePageFactory(parent=home, slug="about")
    notice(
        alert_message="Our office is closed on Monday.",
        alert_link_url="https://example.org/hours",
        alert_expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    for url in (home.url, page.url):
        html = client.get(url).content.decode()
        assert 'class="alert-banner" role="region" aria-label="Notice"' in html
        assert "Our office is closed on Monday." in html
        assert 'href="https://example.org/hours"' in html

    # Two hours on, it has ended: worked out when the page is drawn, from the
    # settings as the shared cache keeps them, with nothing to undo.
    later = timezone.now() + datetime.timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        html = client.get(page.url).content.decode()
    assert "alert-banner" not in html
    assert "Our office is closed" not in html


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"alert_message": ""}, "alert_message", "Write the notice"),
        (
            {
                "alert_message": "Closed",
                "alert_link_url": "https://example.org",
                "alert_link": "page",
            },
            "alert_link_url",
            "not both",
        ),
        (
            {
                "alert_message": "Closed",
                "alert_expires_at": timezone.now() - datetime.timedelta(minutes=5),
            },
            "alert_expires_at",
            "already passed",
        ),
    ],
)
def test_a_notice_that_cannot_show_is_refused_with_the_reason(
    home, fields, field, message
):
    settings = site_settings()
    settings.alert_enabled = True
    for name, value in fields.items():
        setattr(settings, name, home if value == "page" else value)
    with pytest.raises(ValidationError) as refused:
        settings.full_clean()
    assert message in " ".join(refused.value.message_dict[field])


def test_a_notice_that_ran_out_does_not_block_other_changes(home):
    notice(alert_message="Closed", alert_expires_at=timezone.now())
    settings = site_settings()
    settings.address = "PO Box 2"
    settings.full_clean()  # no error: only switching on or a new end time is checked


def test_the_admin_form_explains_a_notice_without_words(admin_client):
    data = settings_form(site_settings(), alert_enabled="on")
    response = admin_client.post(settings_url(), data)
    assert response.status_code == 200
    assert "Write the notice, or switch" in response.content.decode()
    assert not site_settings().alert_enabled


# Social media links ----------------------------------------------------------------


def test_social_links_are_plain_links_with_names_that_say_whose(client, home):
    settings = site_settings()
    settings.social_links = [
        ("link", {"platform": "instagram", "url": "https://instagram.com/msh"}),
        (
            "link",
            {
                "platform": "other",
                "url": "https://example.org/letter",
                "label": "Our newsletter",
            },
        ),
    ]
    settings.save()
    html = client.get(home.url).content.decode()
    start = html.index('<ul class="social-links">')
    links = html[start : html.index("</ul>", start)]
    assert (
        '<a href="https://instagram.com/msh" rel="noopener noreferrer">'
        '<span class="visually-hidden">My Sister&#x27;s House on </span>Instagram</a>'
    ) in links
    assert ">Our newsletter</a>" in links
    assert "<script" not in links and "<iframe" not in links


def test_a_social_link_must_be_a_web_address(admin_client):
    data = settings_form(
        site_settings(),
        social_links=streamfield(
            [("link", {"platform": "facebook", "url": "javascript:alert(1)"})]
        ),
    )
    response = admin_client.post(settings_url(), data)
    assert response.status_code == 200
    assert "Enter a valid URL" in response.content.decode()
    assert not site_settings().social_links
