"""Writing the audit log. Service functions call `record` inside their transaction.

Anonymous actions (no actor, on an object that is anonymous: a note to the suggestion
box, its rating by receipt) are not written as audit rows but counted per action and
hour (AnonymousActionCount): a row in the log's sequence would sit right after the
writer's own sign-in and name them.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from .models import AnonymousActionCount, AuditEvent

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


def is_anonymous_action(actor, obj) -> bool:
    """No person acts, on an object that keeps its author anonymous."""
    signed_in = actor is not None and getattr(actor, "is_authenticated", False)
    return not signed_in and obj is not None and getattr(obj, "is_anonymous", False) is True


def record(**kwargs) -> AuditEvent | None:
    """Save one audit event; an anonymous action is only counted (returns None)."""
    if is_anonymous_action(kwargs.get("actor"), kwargs.get("obj")):
        count_anonymous(action=kwargs["action"])
        return None
    event = build(**kwargs)
    event.save()
    return event


def count_anonymous(*, action: str) -> None:
    """One more `action` by an anonymous writer in the current hour."""
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    with transaction.atomic():
        row, created = AnonymousActionCount.objects.select_for_update().get_or_create(
            action=action, hour=hour, defaults={"count": 1}
        )
        if not created:
            row.count = F("count") + 1
            row.save(update_fields=["count"])
