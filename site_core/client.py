"""Who is asking: the client's address, as every throttle on the site sees it."""

import hashlib
import hmac

from django.conf import settings


def client_address(request):
    """
    The client's IP address. Behind proxies, set TRUSTED_PROXY_COUNT to how many
    sit in front of the site, so the address they saw is used and a client cannot
    pick its own by sending an X-Forwarded-For header.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def keyed_digest(value):
    """
    A keyed hash of ``value`` (an address, say) for cache keys: counts can be
    kept per client or per email address without storing either.
    """
    return hmac.new(
        settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256
    ).hexdigest()[:32]
