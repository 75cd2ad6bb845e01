"""Ids of anonymous records, not drawn from the table's sequence.

An id from the sequence would sit between named records whose times and writers are
known: an anonymous record's id is a random negative number, a multiple of BLOCK, and
the rows that belong to it (its events, photos, attachments) take the ids just above
it (id + 1, + 2 …, in the order they are written). Negative ids leave the sequences
alone on every database (SQLite's AUTOINCREMENT included), and the order of an
anonymous record's own timeline still follows its ids.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Max

BLOCK = 1 << 16
_BLOCK_LOW, _BLOCK_HIGH = 10**9, 10**10


def new_block_id() -> int:
    """A fresh random id for an anonymous record (its block of ids for what it holds)."""
    return -((_BLOCK_LOW + secrets.randbelow(_BLOCK_HIGH - _BLOCK_LOW)) * BLOCK)


def is_block_id(record_id: int | None) -> bool:
    return record_id is not None and record_id < 0


def next_in_block(model: type[models.Model], record_id: int) -> int:
    """The next id in an anonymous record's block for `model` (its events, its photos);
    called under the record's row lock, so two writers never draw the same."""
    top = model.objects.filter(pk__gt=record_id, pk__lt=record_id + BLOCK).aggregate(top=Max("pk"))[
        "top"
    ]
    return (top or record_id) + 1


def block_number(record_id: int) -> int:
    """The number an anonymous record is quoted by (N…), and back: `from_block_number`."""
    return -record_id // BLOCK


def from_block_number(number: int) -> int:
    return -number * BLOCK


class SignedIdConverter:
    """A URL's id that may be an anonymous record's (negative) block id."""

    regex = "-?[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))
