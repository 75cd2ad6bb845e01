"""The fixed order of a hazard transition, as in voice: lock, check, write, event, audit."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.notify import notify
from tongxin.core.workflow import Conflict, actor_label
from tongxin.people.models import Person

from ..access import actor_kinds
from ..models import Hazard, HazardEvent
from ..workflow import TRANSITIONS, Transition


def begin(
    *, hazard_id: int, name: str, actor: Person, version: int | None
) -> tuple[Hazard, Transition]:
    transition = TRANSITIONS[name]
    hazard = (
        Hazard.objects.select_for_update(of=("self",))
        .select_related("unit", "category", "responsible")
        .get(pk=hazard_id)
    )
    if version is not None and hazard.version != version:
        raise Conflict(
            _(
                "这条隐患刚刚已被他人处理，当前状态为“%(state)s”。您填写的内容保留在下方，请核对后再提交。"
            )
            % {"state": hazard.get_state_display()}
        )
    if hazard.state not in transition.sources:
        raise Conflict(
            _("这条隐患当前状态为“%(state)s”，不能%(action)s。")
            % {"state": hazard.get_state_display(), "action": transition.label}
        )
    if not actor_kinds(actor, hazard) & set(transition.actors):
        raise PermissionDenied(
            _("您无权对这条隐患执行“%(action)s”。") % {"action": transition.label}
        )
    return hazard, transition


def event(
    hazard: Hazard, *, action: str, actor: Person | None, from_state="", to_state="", note=""
) -> HazardEvent:
    return HazardEvent.objects.create(
        hazard=hazard,
        actor=actor,
        actor_label=actor_label(actor),
        action=action,
        from_state=from_state,
        to_state=to_state or from_state,
        note=note,
    )


def finish(
    hazard: Hazard,
    transition: Transition,
    *,
    actor: Person,
    fields: Iterable[str] = (),
    note: str = "",
    action: str | None = None,
    to_state: str | None = None,
) -> HazardEvent:
    from_state = hazard.state
    hazard.state = to_state or transition.target
    hazard.version += 1
    hazard.save(update_fields=sorted({*fields, "state", "version"}))
    row = event(
        hazard,
        action=action or transition.name,
        actor=actor,
        from_state=from_state,
        to_state=hazard.state,
        note=note,
    )
    audit.record(
        action=f"hazards.hazard.{action or transition.name}",
        actor=actor,
        obj=hazard,
        before={"state": from_state},
        after={"state": hazard.state},
    )
    return row


def hazard_url(hazard: Hazard) -> str:
    return reverse("hazards:hazard", args=[hazard.pk])


def tell(people: Iterable[Person | None], hazard: Hazard, title: str, *, exclude=None) -> None:
    notify(
        recipients=[p for p in people if p is not None],
        title=f"{hazard.code} {title}",
        body=f"{hazard.location}：{hazard.description[:80]}",
        url=hazard_url(hazard),
        exclude=exclude,
    )


def today():
    return timezone.localdate()
