"""Rate limits for anonymous submissions and receipt look-ups, without keeping addresses.

The counter's key is a keyed hash of the client address and the current window; it
lives in the cache only until the window ends. The address is never written anywhere,
and a key cannot be turned back into one without the secret key.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache

from tongxin.core.http import client_ip


def allow(request, kind: str, limit: int) -> bool:
    """Count one more `kind` request from this client; False once over `limit`."""
    window = settings.ANON_WINDOW_MINUTES * 60
    slot = int(time.time() // window)
    address = client_ip(request) or "-"
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{kind}|{slot}|{address}".encode(), hashlib.sha256
    ).hexdigest()[:32]
    key = f"voice-rl:{kind}:{digest}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count <= limit
