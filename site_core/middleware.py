"""Response handling shared by the whole site: security headers, storage failures."""

import logging
from urllib.parse import urlsplit

from botocore.exceptions import BotoCoreError, ClientError
from django.http import HttpResponse

from site_core.media_forms import UPLOAD_FAILED

logger = logging.getLogger(__name__)


class StorageErrorMiddleware:
    """
    Uploads are checked against the file store before saving, but the store can
    still fail in between; the editor then gets this explanation (503), not a 500.
    The file is written before its database row, so nothing half-made is left.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, BotoCoreError | ClientError):
            return None
        if not request.path.startswith("/admin/"):
            return None
        logger.error("File store failure during %s: %s", request.path, exception)
        message = UPLOAD_FAILED.format(problem="The file store did not respond.")
        return HttpResponse(message, status=503, content_type="text/plain")


class PublicSiteHeadersMiddleware:
    """
    Headers for the public site: a Content Security Policy that lets pages load
    nothing from other hosts (except the organisation's own media host) and run
    no inline script, and a Permissions-Policy that turns off what we never use.
    The admin is left to Wagtail's own defaults.
    """

    EXEMPT_PREFIXES = ("/admin/", "/_util/")

    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = content_security_policy()

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.EXEMPT_PREFIXES):
            return response
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-track",
    )
)


def media_origins():
    """
    Where renditions are served from, if not this site: the public renditions'
    bucket or CDN, and the private store that signs renditions of images in
    restricted collections (its own host when a custom domain fronts the rest).
    """
    from django.core.files.storage import storages

    origins = []
    for alias in ("renditions", "default"):
        storage = storages[alias]
        if not getattr(storage, "bucket_name", None):
            continue
        parts = urlsplit(storage.url("probe"))
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in origins:
            origins.append(origin)
    return origins


def content_security_policy():
    images = " ".join(["'self'", "data:", *media_origins()])
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src {images}",
            "font-src 'self'",
            "connect-src 'self'",
            "media-src 'self'",
            "object-src 'none'",
            "frame-src 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
            "base-uri 'self'",
        ]
    )
