"""Request helpers shared by the apps."""

from django.conf import settings


def client_ip(request) -> str | None:
    """The client's address. Behind a trusted proxy, the address it put in X-Forwarded-For."""
    if getattr(settings, "TRUSTED_PROXY_COUNT", 0):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if len(hops) >= settings.TRUSTED_PROXY_COUNT:
            return hops[-settings.TRUSTED_PROXY_COUNT]
    return request.META.get("REMOTE_ADDR") or None
