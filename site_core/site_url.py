"""
The site's one public address (the ``SITE_URL`` setting) and how it is checked.

Settings read it once from the environment; every absolute link then follows it:
the Wagtail site's host and port (``bootstrap_site`` keeps them in step), the
admin's and the API's base URLs, and the addresses in feeds, emails, the sitemap
and sharing tags. Only a scheme, a host and a port make sense here, and only the
combinations a Wagtail site can write back: it says ``https`` for port 443 and
``http`` for every other port.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class SiteAddress:
    """A checked site address: what a Wagtail ``Site`` needs, and its root URL."""

    scheme: str
    hostname: str
    port: int

    @property
    def url(self):
        """As Wagtail's ``Site.root_url`` writes it: no default port, no slash."""
        if self.port == DEFAULT_PORTS[self.scheme]:
            return f"{self.scheme}://{self.hostname}"
        return f"{self.scheme}://{self.hostname}:{self.port}"

    def matches(self, site):
        """Whether a Wagtail ``Site`` answers at this address."""
        return (site.hostname, site.port) == (self.hostname, self.port)


def parse_site_url(value, name="SITE_URL"):
    """
    ``value`` as a ``SiteAddress``; ImproperlyConfigured, saying what to write
    instead, when it is not an address the site can give out.
    """
    example = "for example https://www.example.org or http://127.0.0.1:8000"
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError as error:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not an address ({error}); write it as the site's "
            f"scheme and host, {example}."
        ) from error
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ImproperlyConfigured(
            f"{name}={value!r} needs a scheme (http:// or https://) and a host "
            f"name, {example}."
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"{name}={value!r} must be the site's root alone, with no path or "
            f"query: {parts.scheme}://{parts.netloc}. The site is served from '/'."
        )
    if parts.username is not None or parts.password is not None:
        raise ImproperlyConfigured(
            f"{name} must not hold a user name or password; write only the "
            f"scheme and host, {example}."
        )
    if ":" in parts.hostname:
        raise ImproperlyConfigured(
            f"{name}={value!r}: use a host name or an IPv4 address; Wagtail "
            "cannot write links to an IPv6 address."
        )
    address = SiteAddress(
        scheme=parts.scheme,
        hostname=parts.hostname,  # urlsplit gives it in lower case
        port=port or DEFAULT_PORTS[parts.scheme],
    )
    if parts.scheme == "https" and address.port != 443:
        raise ImproperlyConfigured(
            f"{name}={value!r}: Wagtail writes https links only for port 443. "
            f"Use https://{address.hostname} behind a proxy on port 443, or "
            f"http://{address.hostname}:{address.port}."
        )
    if parts.scheme == "http" and address.port == 443:
        raise ImproperlyConfigured(
            f"{name}={value!r}: port 443 is for https; write "
            f"https://{address.hostname}."
        )
    return address


def configured_address():
    """The address in the ``SITE_URL`` setting (already checked by the settings)."""
    return parse_site_url(settings.SITE_URL)
