from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from admin_security.page_passwords import authenticate_with_password
from legal_forum.api import form_submissions
from mysistershouse.api import api_router
from mysistershouse.openapi import openapi_json
from site_core.api import errors as api_errors
from site_core.health import healthz
from site_core.search import search
from site_core.seo import robots_txt
from site_core.sitemap import sitemap

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    # Answered first by site_core.health.HealthCheckMiddleware; named here.
    path("healthz", healthz, name="healthz"),
    path(
        "api/v2/forms/<int:page_id>/submissions/",
        form_submissions,
        name="api_form_submissions",
    ),
    path("api/v2/", api_router.urls),
    path("api/openapi.json", openapi_json, name="api_openapi"),
    # Anything else under /api/ answers JSON too, not the site's HTML 404 page.
    re_path(r"^api/", api_errors.unknown_address),
    # Wagtail's own path for page passwords, answered by a view that counts
    # wrong ones; it must come before Wagtail's URLs to take precedence.
    path(
        "_util/authenticate_with_password/"
        "<int:page_view_restriction_id>/<int:page_id>/",
        authenticate_with_password,
        name="page_password",
    ),
]
# Pages in each language: English at the plain addresses, others under their
# code (site_core.languages). Wagtail's page serving catches everything else,
# so it comes last.
# In every language: English at these addresses, others under their code
# (/es/calendar/events.ics, /vi/search/, /zh-hant/events/ ...).
urlpatterns += i18n_patterns(
    path("calendar/", include("events.urls")),
    path("search/", search, name="search"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

# Under /api/ errors answer JSON, like the rest of the API; elsewhere the site's pages.
handler404 = api_errors.not_found
handler500 = api_errors.server_error
