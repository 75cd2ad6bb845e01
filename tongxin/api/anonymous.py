"""What every anonymous endpoint shares (the suggestion box, misconduct reports): the
rate limit of core.anonymous.ratelimit answered as 429 with a Chinese message and
Retry-After. The address is only ever hashed with the window, never stored."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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


def by_receipt(
    response: HttpResponse,
    request: HttpRequest,
    receipt: str,
    find: Callable[[str], Any | None],
    missing: str,
) -> Any | Status:
    """The record a receipt code opens (each look-up counted against the receipt rate
    limit, as on the follow pages), or the answer to give: 429, or 404 with `missing`."""
    limited = too_many(response, request, "receipt", settings.RECEIPT_LOOKUPS_PER_WINDOW)
    if limited is not None:
        return limited
    record = find(receipt.strip())
    if record is None:
        return Status(404, {"detail": missing})
    return record
