"""The hazard workflow on the shared runner (core.timeline): lock, check, write, event,
audit; and whom a step tells."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from tongxin.core.notify import notify
from tongxin.core.timeline import Workflow
from tongxin.people.models import Person

from ..access import actor_kinds, refusal_reason
from ..models import Hazard, HazardEvent
from ..workflow import TRANSITIONS

hazard_flow = Workflow(
    model=Hazard,
    transitions=TRANSITIONS,
    event_model=HazardEvent,
    event_fk="hazard",
    capacities=actor_kinds,
    noun=gettext_lazy("这条隐患"),
    audit_prefix="hazards.hazard",
    related=("unit", "category", "responsible"),
    refusal_reason=refusal_reason,
)


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
