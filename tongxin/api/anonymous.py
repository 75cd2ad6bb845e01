"""What every anonymous endpoint shares (the suggestion box, misconduct reports): the
rate limit of core.anonymous.ratelimit answered as 429 with a Chinese message and
Retry-After. The address is only ever hashed with the window, never stored."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Status

from tongxin.core.anonymous import ratelimit


def too_many(response: HttpResponse, request: HttpRequest, kind: str, limit: int) -> Status | None:
    """None if the client may go on; otherwise the 429 to answer with."""
    if ratelimit.allow(request, kind, limit):
        return None
    minutes = settings.ANON_WINDOW_MINUTES
    response["Retry-After"] = str(minutes * 60)
    return Status(429, {"detail": _("操作过于频繁，请 %(n)s 分钟后再试。") % {"n": minutes}})
