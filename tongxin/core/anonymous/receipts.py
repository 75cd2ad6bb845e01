"""Receipt codes for anonymous cases (密码约定): shown once, stored only as a hash.

Twenty characters from a 32-letter alphabet without look-alikes (no 0/O, 1/I) give
100 bits: guessing one is hopeless even without the rate limit, so a plain SHA-256 of
the normalised code is enough to find the case and reveals nothing.
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 20


def new_receipt() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


def normalise(code: str) -> str | None:
    cleaned = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    if len(cleaned) != LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def receipt_hash(code: str) -> str | None:
    cleaned = normalise(code)
    if cleaned is None:
        return None
    return hashlib.sha256(f"tongxin-receipt:{cleaned}".encode()).hexdigest()
