"""Sealed data: values stored encrypted with a key that the application server holds
apart from the database, so that a dump of the database alone reveals nothing.

`cryptography`'s Fernet (AES-128-CBC with HMAC-SHA256) through a MultiFernet of the
keys in settings.SEALED_KEYS, newest first: the newest seals, every one opens, and
`manage.py reseal` re-encrypts every sealed column with the newest (key rotation,
docs/operations.md, "Keys for sealed data").

A Fernet token carries the time it was made in clear. Every value is sealed at time 0,
so that a sealed column says nothing about when its row was written (an anonymous
report's times are kept to the hour).

`SealedTextField` and `SealedBinaryField` seal on the way to the database and open on
the way back; lookups other than isnull on them are meaningless (the same text seals
differently every time).
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core import checks
from django.db import models

_AT = 0  # the time written into every token (see the module's note)


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise RuntimeError("SEALED_KEYS is empty")
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.SEALED_KEYS))


def seal_bytes(data: bytes) -> bytes:
    return fernet().encrypt_at_time(data, _AT)


def open_bytes(token: bytes) -> bytes:
    return fernet().decrypt(token)


def seal(text: str) -> str:
    return seal_bytes(text.encode()).decode("ascii")


def unseal(token: str) -> str:
    return open_bytes(token.encode("ascii")).decode()


def reseal_token(token: bytes) -> bytes:
    """The same value sealed with the newest key (still at time 0)."""
    return seal_bytes(open_bytes(token))


class SealedTextField(models.TextField):
    """Text stored as a Fernet token; the empty string stays empty (nothing to hide)."""

    description = "Text sealed with the application's key"

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        try:
            return unseal(value)
        except InvalidToken:
            # A key that is no longer configured: say so instead of failing the page.
            return "（无法解密：密钥未配置）"

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return seal(value)


class SealedBinaryField(models.BinaryField):
    """Bytes stored as a Fernet token."""

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        try:
            return open_bytes(bytes(value))
        except InvalidToken:
            return b""

    def get_db_prep_value(self, value, connection, prepared=False):
        if value:
            value = seal_bytes(bytes(value))
        return super().get_db_prep_value(value, connection, prepared)


def sealed_fields():
    """(model, [field names]) of every installed model with sealed columns."""
    from django.apps import apps

    for model in apps.get_models():
        names = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (SealedTextField, SealedBinaryField))
        ]
        if names:
            yield model, names


@checks.register(checks.Tags.security, deploy=True)
def check_sealed_keys(app_configs=None, **kwargs):
    """In production the key comes from the environment or a key file of its own."""
    problems = []
    if getattr(settings, "SEALED_KEYS_EMBEDDED", False):
        problems.append(
            checks.Error(
                "SEALED_KEYS (or SEALED_KEY_FILE) is not set: sealed data uses the embedded "
                "key in var/, kept beside the database.",
                hint="Set SEALED_KEYS to a key made by Fernet.generate_key(); "
                "see docs/operations.md, 'Keys for sealed data'.",
                id="tongxin.E101",
            )
        )
    else:
        try:
            fernet()
        except (ValueError, RuntimeError) as exc:
            problems.append(
                checks.Error(f"SEALED_KEYS holds a key Fernet refuses: {exc}", id="tongxin.E102")
            )
    return problems
