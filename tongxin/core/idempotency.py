"""Each submission once, however many times a phone sends it.

A phone underground keeps what was done and sends it when the network returns; when
the answer is lost on the way back, it sends the same thing again. The phone gives
each submission a key (a UUID made when the form was filled) and the service that
creates the record claims the key in its own transaction: a second request with the
same key gets the first one's record back and creates nothing.

    @idempotent("things.thing.report")
    @transaction.atomic
    def thing_report(*, actor, ...): ...

    thing = services.thing_report(actor=person, ..., idempotency_key=posted_key(request))

The key is claimed before the service runs (insert first, so that two requests at
the same moment meet at the unique constraint rather than both creating), and the
claim rolls back with the service when it refuses, so the person can send it again.
Keys are per person: another person's phone may make the same UUID.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import TypeVar

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import IdempotencyKey
from .workflow import Conflict

M = TypeVar("M", bound=Model)
# The hidden field a form carries the key in, and the header a script may send instead.
FIELD = "idempotency_key"
HEADER = "Idempotency-Key"
# Set on the record a repeat is answered with, for a page that wants to say so.
REPLAYED = "idempotent_replay"
# How long a key is remembered: far longer than a phone stays underground (a shift, a
# few days' leave with the phone switched off), short enough for the table to stay small.
KEEP = timedelta(days=30)


def clean_key(raw) -> str:
    """The key as one canonical UUID string; anything else is refused."""
    try:
        return str(uuid.UUID(str(raw or "").strip()[:40]))
    except ValueError:
        raise ValidationError(_("提交编号格式不对，请刷新页面后重新提交。")) from None


def posted_key(request) -> str | None:
    """The key a request carries (the form's hidden field, else the header), or None
    for a request from a page without one: it is then an ordinary submission."""
    raw = request.POST.get(FIELD) or request.headers.get(HEADER) or ""
    return raw.strip() or None


def new_key() -> str:
    return str(uuid.uuid4())


def _replay(claim: IdempotencyKey, action: str) -> Model:
    if claim.action != action or not claim.object_type:
        raise ValidationError(_("这个提交编号已用于另一项操作，请刷新页面后重新提交。"))
    model = apps.get_model(claim.object_type)
    found = model._default_manager.filter(pk=claim.object_id).first()
    if found is None:
        raise Conflict(_("这次提交已经处理过，记录已不存在。"))
    setattr(found, REPLAYED, True)
    return found


@transaction.atomic
def once(*, person, key: str, action: str, create: Callable[[], M]) -> M:
    """`create()` run once for the person's `key`; a repeat returns the first record."""
    key = clean_key(key)
    claim = IdempotencyKey.objects.filter(person=person, key=key).first()
    if claim is not None:
        return _replay(claim, action)
    try:
        with transaction.atomic():
            claim = IdempotencyKey.objects.create(person=person, key=key, action=action)
    except IntegrityError:
        # Another request with the key committed between the look-up and the insert.
        return _replay(IdempotencyKey.objects.get(person=person, key=key), action)
    record = create()
    claim.object_type, claim.object_id = record._meta.label_lower, str(record.pk)
    claim.save(update_fields=["object_type", "object_id"])
    return record


def idempotent(action: str, *, actor: str = "actor"):
    """A service that creates one record, made safe to repeat: it takes an optional
    `idempotency_key` and runs through `once` for the person passed as `actor`."""

    def decorate(service: Callable[..., M]) -> Callable[..., M]:
        @wraps(service)
        def run(*args, idempotency_key: str | None = None, **kwargs) -> M:
            if idempotency_key is None:
                return service(*args, **kwargs)
            return once(
                person=kwargs[actor],
                key=idempotency_key,
                action=action,
                create=lambda: service(*args, **kwargs),
            )

        return run

    return decorate


def purge_keys(*, older_than: timedelta = KEEP) -> int:
    """Forget keys older than `older_than` (the daily housekeeping task)."""
    deleted, _counts = IdempotencyKey.objects.filter(
        created_at__lt=timezone.now() - older_than
    ).delete()
    return deleted
