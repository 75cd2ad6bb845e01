"""Writing the audit log. Service functions call `record` inside their transaction."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils import timezone

from .models import AuditEvent

# Never written to the log, whatever a service passes in.
SECRET_FIELDS = frozenset({"password", "token", "token_hash", "receipt", "code"})


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (datetime.date, datetime.datetime, decimal.Decimal)):
        return str(value)
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of a model instance as JSON-safe values (foreign keys as ids)."""
    data = {}
    for name in fields:
        if name in SECRET_FIELDS:
            continue
        field = instance._meta.get_field(name)
        value = getattr(instance, field.attname)
        data[name] = _plain(value)
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """Only what changed, on both sides."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def build(
    *,
    action: str,
    actor=None,
    obj: models.Model | None = None,
    before: dict | None = None,
    after: dict | None = None,
    ip: str | None = None,
    note: str = "",
    actor_label: str = "",
    at=None,
) -> AuditEvent:
    """An unsaved event; `record` saves one, bulk writers save many with bulk_create."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent(
        at=at or timezone.now(),
        actor=actor,
        actor_label=actor_label or (str(actor) if actor else "")[:80],
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_label=str(obj)[:120] if obj is not None else "",
        before={k: v for k, v in (before or {}).items() if k not in SECRET_FIELDS} or None,
        after={k: v for k, v in (after or {}).items() if k not in SECRET_FIELDS} or None,
        ip=ip,
        note=note[:200],
    )


def record(**kwargs) -> AuditEvent:
    event = build(**kwargs)
    event.save()
    return event
