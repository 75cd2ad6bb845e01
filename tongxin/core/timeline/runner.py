"""One transition runner for every area.

An area declares its transitions as data (a table of `Transition`) and one `Workflow`
that says which model, which event table, who the actor is for a record, and what the
area does after each step. The runner keeps the fixed order of pretix's
`approve_order`, in the caller's transaction:

    lock the row → check the form's version → check the state against the table →
    check the actor's capacity → (the caller applies its change) → save with
    update_fields (+ state, version) → write the event → write the audit row →
    the area's after-finish hooks → queue after-commit work (webhooks, messages)

`begin` and `finish` are the two halves, for services that validate and change the
record between them; `run` is the one call for a new area.

Small records need less, and say so on their `Workflow`: no event table
(`event_model=None`: the audit row is the only trace, `finish` returns None), no
version column (`version_field=None`), the checks in another order (`check_order`:
the actor first, so that a stranger learns neither the record's state nor that it
changed; or the state first, so that a second tap on "done" hears "already done"
rather than "changed by someone else"), or refusals of their own for a state
(`wrong_state`) or a capacity (`Transition.denied`, or `refusal_reason` when the reason
depends on the record) that say more than the generic ones,
and a 404 for a stranger (`refusal=OutOfScope`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.workflow import Conflict, actor_label

from .models import TimelineEvent, Visibility

# Where `begin` notes the capacity it found, for `finish` to write on the event
# without asking the access rules (and the database) a second time.
_ROLE_NOTE = "_timeline_role"
SYSTEM_ROLE = "system"
# What `Workflow.check` checks, in its default order.
CHECKS = ("version", "state", "actor")


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str | None  # None: the target depends on the record (the caller passes it)
    actors: tuple[Enum, ...]
    # The reason given to someone without the capacity, when the area can say who may
    # ("只有任务责任人本人可以完成这项任务。"); the generic noun-based one otherwise.
    denied: str = ""


def table(*transitions: Transition) -> dict[str, Transition]:
    """A transition table keyed by name, in the order written."""
    return {t.name: t for t in transitions}


# (record, transition, event) → None; the event is None for a workflow without an event table.
Hook = Callable[[models.Model, Transition, TimelineEvent | None], None]


def _now(record: models.Model, action: str) -> datetime:
    return timezone.now()


def _role_code(kind: Any) -> str:
    return str(kind.value if isinstance(kind, Enum) else kind)


@dataclass(frozen=True, kw_only=True)
class Workflow:
    """Everything the runner needs to know about one area's records."""

    model: type[models.Model]
    transitions: Mapping[str, Transition]
    # The record's own timeline table; None for records whose only trace is the audit
    # log (a care service item, a grid task): then no event is written.
    event_model: type[TimelineEvent] | None = None
    # The event's foreign key to the record, e.g. "case" ("" without an event table).
    event_fk: str = ""
    # (actor, record, **context) → the set of capacities (the area's Actor values).
    capacities: Callable[..., set]
    # How messages name the record: "这件事", "这条隐患".
    noun: str
    # Audit actions are f"{audit_prefix}.{transition}", e.g. "voice.case.accept".
    audit_prefix: str
    state_field: str = "state"
    # None for a record without a version column (a counselling booking): no form
    # carries a version, so there is nothing to compare or bump.
    version_field: str | None = "version"
    # The order of the three checks of `check`; all three are always made.
    check_order: tuple[str, ...] = CHECKS
    # (record, transition) → a refusal of the area's own for a state the step cannot be
    # taken from ("已于 … 完成，无需重复提交"), or "" for the generic one.
    wrong_state: Callable[[models.Model, Transition], str] | None = None
    # What someone without the capacity gets: core.access.OutOfScope (answered 404, as
    # if the record did not exist) for records a stranger must not learn of.
    refusal: type[PermissionDenied] = PermissionDenied
    # (actor, record, transition) → the reason someone without the capacity is refused,
    # when it depends on the record (a 较大 hazard's re-check asks for a safety role),
    # or "" for the transition's own `denied` or the generic one.
    refusal_reason: Callable[..., str] | None = None
    # Loaded with the locked row (select_related), for the checks and the messages.
    related: tuple[str, ...] = ()
    # (record, action) → the time written on events, audit rows and `touch_field`; voice
    # keeps what an anonymous writer does to the hour (voice.services.base.now_for).
    now: Callable[[models.Model, str], datetime] = _now
    # A "last changed" field set on every transition, if the model has one.
    touch_field: str | None = None
    # record → the id for its next event, or None for the table's sequence (voice:
    # an anonymous case's events take ids from the case's own random block, so that no
    # id sits in the sequence between named cases' events).
    event_pk: Callable[[models.Model], int | None] | None = None
    # Run inside the transaction after the event and audit rows.
    after_finish: tuple[Hook, ...] = ()
    # Queued with transaction.on_commit: nothing leaves before the change is stored.
    after_commit: tuple[Hook, ...] = ()

    def __post_init__(self):
        if sorted(self.check_order) != sorted(CHECKS):
            raise ValueError(f"check_order must order {CHECKS}, not {self.check_order}")

    # --- reading the table ----------------------------------------------------------

    def transition(self, name: str | Transition) -> Transition:
        return name if isinstance(name, Transition) else self.transitions[name]

    def state_of(self, record: models.Model) -> str:
        return getattr(record, self.state_field)

    def state_label(self, record: models.Model) -> str:
        return str(getattr(record, f"get_{self.state_field}_display")())

    def available(self, record: models.Model, kinds: Iterable) -> set[str]:
        """The names of the steps someone with `kinds` may take on `record` now."""
        kinds = set(kinds)
        state = self.state_of(record)
        return {
            name
            for name, t in self.transitions.items()
            if state in t.sources and kinds & set(t.actors)
        }

    # --- the first half: lock and check -----------------------------------------------

    def lock(self, pk: int) -> models.Model:
        """The record's row, locked until the transaction ends (only its own table)."""
        queryset = self.model._default_manager.select_for_update(of=("self",))
        if self.related:
            queryset = queryset.select_related(*self.related)
        return queryset.get(pk=pk)

    def check(
        self,
        record: models.Model,
        transition: Transition,
        *,
        actor,
        version: int | None = None,
        kinds: set | None = None,
        **context,
    ) -> str:
        """Raise Conflict or PermissionDenied unless `actor` may take the step now;
        return the capacity they take it in."""
        role = ""
        for step in self.check_order:
            if step == "version":
                self._check_version(record, version)
            elif step == "state":
                self._check_state(record, transition)
            else:
                role = self._check_actor(record, transition, actor=actor, kinds=kinds, **context)
        return role

    def _check_version(self, record: models.Model, version: int | None) -> None:
        if (
            version is not None
            and self.version_field
            and getattr(record, self.version_field) != version
        ):
            raise Conflict(
                _(
                    "%(noun)s刚刚已被他人处理，当前状态为“%(state)s”。您填写的内容保留在下方，"
                    "请刷新查看最新情况后再决定是否提交。"
                )
                % {"noun": self.noun, "state": self.state_label(record)}
            )

    def _check_state(self, record: models.Model, transition: Transition) -> None:
        if self.state_of(record) not in transition.sources:
            own = self.wrong_state(record, transition) if self.wrong_state else ""
            raise Conflict(
                own
                or _("%(noun)s当前状态为“%(state)s”，不能%(action)s。")
                % {"noun": self.noun, "state": self.state_label(record), "action": transition.label}
            )

    def _check_actor(self, record, transition: Transition, *, actor, kinds, **context) -> str:
        if kinds is None:
            kinds = self.capacities(actor, record, **context)
        held = [kind for kind in transition.actors if kind in kinds]
        if not held:
            own = self.refusal_reason(actor, record, transition) if self.refusal_reason else ""
            raise self.refusal(
                own
                or transition.denied
                or _("您无权对%(noun)s执行“%(action)s”。")
                % {"noun": self.noun, "action": transition.label}
            )
        return _role_code(held[0])

    def begin(
        self,
        *,
        pk: int,
        name: str,
        actor,
        version: int | None = None,
        kinds: set | None = None,
        **context,
    ) -> tuple[models.Model, Transition]:
        """Lock the record and check that `actor` may take step `name` now.

        `context` goes to the capacities function (voice: `receipt_ok`); `kinds`, when
        the caller has already established them, replaces it."""
        transition = self.transitions[name]
        record = self.lock(pk)
        role = self.check(record, transition, actor=actor, version=version, kinds=kinds, **context)
        setattr(record, _ROLE_NOTE, (transition.name, role))
        return record, transition

    # --- the second half: write -------------------------------------------------------

    def finish(
        self,
        record: models.Model,
        transition: Transition | str,
        *,
        actor,
        fields: Iterable[str] = (),
        to_state: str | None = None,
        note: str = "",
        visibility: str = Visibility.PUBLIC,
        label: str | None = None,
        role: str | None = None,
        audit_before: dict | None = None,
        audit_after: dict | None = None,
    ) -> TimelineEvent | None:
        """Save the new state, the version and the named `fields`; write the event and
        the audit row; run the area's hooks. Returns the event (photos attach to it), or
        None for a workflow without an event table."""
        transition = self.transition(transition)
        target = to_state or transition.target
        if not target:
            raise ValueError(f"transition {transition.name!r} needs to_state")
        if role is None:
            noted = getattr(record, _ROLE_NOTE, None)
            if noted and noted[0] == transition.name:
                role = noted[1]
            else:
                role = SYSTEM_ROLE if actor is None else ""
        from_state = self.state_of(record)
        setattr(record, self.state_field, target)
        update = {*fields, self.state_field}
        if self.version_field:
            setattr(record, self.version_field, getattr(record, self.version_field) + 1)
            update.add(self.version_field)
        if self.touch_field:
            setattr(record, self.touch_field, self.now(record, transition.name))
            update.add(self.touch_field)
        record.save(update_fields=sorted(update))
        event = self.write_event(
            record,
            action=transition.name,
            actor=actor,
            from_state=from_state,
            to_state=target,
            note=note,
            visibility=visibility,
            label=label,
            role=role,
        )
        audit.record(
            action=f"{self.audit_prefix}.{transition.name}",
            actor=actor,
            obj=record,
            before={"state": from_state, **(audit_before or {})},
            after={"state": target, **(audit_after or {})},
            at=self.now(record, transition.name),
        )
        for hook in self.after_finish:
            hook(record, transition, event)
        for hook in self.after_commit:
            self.on_commit(hook, record, transition, event)
        return event

    def write_event(
        self,
        record: models.Model,
        *,
        action: str,
        actor,
        from_state: str = "",
        to_state: str = "",
        note: str = "",
        visibility: str = Visibility.PUBLIC,
        label: str | None = None,
        role: str = "",
    ) -> TimelineEvent | None:
        """An event that is not a transition (a submission, a note, a reminder): the
        state stays what it was unless `to_state` says otherwise. None (nothing written)
        for a workflow without an event table."""
        if self.event_model is None:
            return None
        pk = self.event_pk(record) if self.event_pk is not None else None
        return self.event_model.objects.create(
            **({"pk": pk} if pk is not None else {}),
            **{self.event_fk: record},
            at=self.now(record, action),
            actor=actor,
            actor_label=label or actor_label(actor),
            actor_role=role,
            action=action,
            from_state=from_state,
            to_state=to_state or from_state,
            note=note,
            visibility=visibility,
        )

    @staticmethod
    def on_commit(hook: Hook, record, transition, event) -> None:
        transaction.on_commit(lambda: hook(record, transition, event))

    # --- the one call -----------------------------------------------------------------

    def run(
        self,
        *,
        pk: int,
        name: str,
        actor,
        version: int | None,
        apply: Callable[[models.Model], Iterable[str] | None] | None = None,
        note: str = "",
        to_state: str | Callable[[models.Model], str] | None = None,
        visibility: str = Visibility.PUBLIC,
        audit_after: dict | None = None,
        notify: Hook | None = None,
        **context,
    ) -> models.Model:
        """Take step `name` on record `pk` in one transaction and return the record.

        `apply(record)` changes the record (and may raise ValidationError to refuse,
        nothing saved) and returns the names of the fields it changed; `to_state` is
        needed when the table has no fixed target; `notify(record, transition, event)`
        runs after commit."""
        with transaction.atomic():
            record, transition = self.begin(
                pk=pk, name=name, actor=actor, version=version, **context
            )
            fields = (apply(record) if apply is not None else None) or ()
            target = to_state(record) if callable(to_state) else to_state
            event = self.finish(
                record,
                transition,
                actor=actor,
                fields=fields,
                to_state=target,
                note=note,
                visibility=visibility,
                audit_after=audit_after,
            )
            if notify is not None:
                self.on_commit(notify, record, transition, event)
        return record
