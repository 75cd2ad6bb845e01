"""Rate limits for anonymous submissions and receipt look-ups, without keeping addresses.

The counters are shared by every worker process and machine (the `ratelimit` cache:
Redis when configured, else the database), since a per-process count multiplied the
limit by the number of gunicorn workers.

A count is `limit` slots, keys that `add` claims one at a time: `add` is atomic in
every cache (an INSERT on the key's primary key, SET NX in Redis) where the database
cache's `incr` is a read and a write that two processes can interleave. One read of
all the slots finds the next free one, so a client over the limit costs one query.

The key is a keyed hash of the client address and the current window, so the address
is never written anywhere and cannot be recovered without the secret key. Every slot
expires at the end of its window, not a fixed time after the request: the expiry the
cache stores says nothing about when an anonymous note was sent.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import caches

from tongxin.core.http import client_ip


def allow(request, kind: str, limit: int) -> bool:
    """Count one more `kind` request from this client; False once over `limit`."""
    window = settings.ANON_WINDOW_MINUTES * 60
    now = time.time()
    slot = int(now // window)
    address = client_ip(request) or "-"
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{kind}|{slot}|{address}".encode(), hashlib.sha256
    ).hexdigest()[:32]
    counters = caches["ratelimit"]
    keys = [f"anon-rl:{kind}:{digest}:{n}" for n in range(limit)]
    taken = counters.get_many(keys)
    until_window_ends = int((slot + 1) * window - now) + 1
    for key in keys:
        if key not in taken and counters.add(key, 1, timeout=until_window_ends):
            return True
    return False
