"""Service items: the ledger of those the viewer manages, its counts, and a person's own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from tongxin.people.models import Organisation, Person

from ..access import items_managed_by
from ..models import ItemState, ServiceItem
from .common import day_start

ITEM_RELATED = ("person", "organisation", "owner", "need")


@dataclass
class LedgerFilter:
    unit: Organisation | None = None
    state: str = ""
    owner_id: int | None = None
    overdue: bool = False
    category: str = ""
    source: str = ""
    since: date | None = None
    until: date | None = None


def ledger(viewer: Person, f: LedgerFilter) -> QuerySet[ServiceItem]:
    """The service ledger (服务台账) of the units the viewer's union runs, as filtered.
    The period bounds the date an item was registered."""
    qs = items_managed_by(viewer)
    if f.unit is not None:
        qs = qs.filter(org_path__startswith=f.unit.path)
    if f.state:
        qs = qs.filter(state=f.state)
    if f.owner_id:
        qs = qs.filter(owner_id=f.owner_id)
    if f.overdue:
        qs = qs.filter(state=ItemState.OPEN, deadline__lt=timezone.localdate())
    if f.category:
        qs = qs.filter(category=f.category)
    if f.source:
        qs = qs.filter(source=f.source)
    if f.since:
        qs = qs.filter(created_at__gte=day_start(f.since))
    if f.until:
        qs = qs.filter(created_at__lt=day_start(f.until + timedelta(days=1)))
    return qs.select_related(*ITEM_RELATED).order_by("-created_at", "-pk")


def ledger_counts(viewer: Person, unit: Organisation | None = None) -> dict[str, int]:
    qs = items_managed_by(viewer)
    if unit is not None:
        qs = qs.filter(org_path__startswith=unit.path)
    today = timezone.localdate()
    return qs.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(state=ItemState.OPEN)),
        done=Count("pk", filter=Q(state=ItemState.DONE)),
        overdue=Count("pk", filter=Q(state=ItemState.OPEN, deadline__lt=today)),
        on_time=Count("pk", filter=Q(state=ItemState.DONE, done_on__lte=F("deadline"))),
    )


def items_owned(person: Person) -> QuerySet[ServiceItem]:
    """Service items the person owns: open ones first, nearest deadline first."""
    return (
        ServiceItem.objects.filter(owner=person)
        .exclude(state=ItemState.CANCELLED)
        .select_related("person", "organisation")
        .order_by("-state", "deadline", "pk")
    )


def items_for_person(person: Person) -> QuerySet[ServiceItem]:
    """Service items for the person (whatever their source), newest first."""
    return (
        ServiceItem.objects.filter(person=person)
        .select_related("owner")
        .order_by("-created_at", "-pk")
    )
