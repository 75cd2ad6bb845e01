"""Reads of care, scoped through access.py; every list filtered in the database and its
query count flat however many rows there are.

Counselling notes have exactly one reader, `note_for_counsellor`: nothing else in the
codebase reads `CounsellingNote.text`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear, Substr
from django.utils import timezone

from tongxin.core.access import fetch
from tongxin.people.models import Organisation, Person, Tree
from tongxin.people.scoping import Reach

from .access import (
    counsellors_for,
    files_managed_by,
    items_managed_by,
    manager_reach,
    needs_managed_by,
    totals_reach,
)
from .models import (
    Assistance,
    AssistanceKind,
    AssistanceSource,
    Booking,
    BookingState,
    CounsellingNote,
    CounsellingSlot,
    Counsellor,
    FileState,
    HardshipFile,
    ItemState,
    Need,
    NeedState,
    NeedSurvey,
    ServiceItem,
)

NEED_RELATED = ("person__unit", "organisation", "survey", "collected_by")
ITEM_RELATED = ("person", "organisation", "owner", "need")
FILE_RELATED = ("person", "organisation")
UNIT_KINDS = ("group", "company", "mine", "district", "department")


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def units_for(reach: Reach) -> QuerySet[Organisation]:
    """Units (down to districts and departments) a care page may be narrowed to."""
    if reach.empty:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        reach.q("path"), tree=Tree.UNIT, kind__in=UNIT_KINDS, is_active=True
    ).order_by("path")


# --- needs ---------------------------------------------------------------------------------


@dataclass
class NeedFilter:
    unit: Organisation | None = None
    state: str = NeedState.NEW
    category: str = ""
    survey_id: int | None = None


def needs_list(viewer: Person, f: NeedFilter) -> QuerySet[Need]:
    qs = needs_managed_by(viewer)
    if f.unit is not None:
        qs = qs.filter(org_path__startswith=f.unit.path)
    if f.state:
        qs = qs.filter(state=f.state)
    if f.category:
        qs = qs.filter(category=f.category)
    if f.survey_id:
        qs = qs.filter(survey_id=f.survey_id)
    return qs.select_related(*NEED_RELATED).order_by("-collected_on", "-pk")


def need_counts(viewer: Person, unit: Organisation | None = None) -> dict[str, int]:
    qs = needs_managed_by(viewer)
    if unit is not None:
        qs = qs.filter(org_path__startswith=unit.path)
    return qs.aggregate(
        new=Count("pk", filter=Q(state=NeedState.NEW)),
        served=Count("pk", filter=Q(state=NeedState.SERVED)),
        declined=Count("pk", filter=Q(state=NeedState.DECLINED)),
    )


def my_needs(person: Person) -> QuerySet[Need]:
    """The person's own needs, each with its service item if it became one."""
    return (
        Need.objects.filter(person=person)
        .select_related("service_item__owner", "survey")
        .order_by("-collected_on", "-pk")
    )


def surveys_list(viewer: Person) -> QuerySet[NeedSurvey]:
    reach = manager_reach(viewer)
    if reach.empty:
        return NeedSurvey.objects.none()
    return (
        NeedSurvey.objects.filter(reach.q("org_path"))
        .select_related("organisation", "created_by")
        .annotate(
            n_needs=Count("needs"),
            n_new=Count("needs", filter=Q(needs__state=NeedState.NEW)),
        )
        .order_by("-opens_on", "-pk")
    )


# --- service items: the ledger -------------------------------------------------------------


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
        qs = qs.filter(created_at__gte=_day_start(f.since))
    if f.until:
        qs = qs.filter(created_at__lt=_day_start(f.until + timedelta(days=1)))
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


# --- hardship files and assistance ------------------------------------------------------------


def review_horizon(on: date | None = None) -> date:
    return (on or timezone.localdate()) + timedelta(days=settings.CARE_REVIEW_REMIND_DAYS)


@dataclass
class FileFilter:
    unit: Organisation | None = None
    level: str = ""
    state: str = FileState.ACTIVE
    review_due: bool = False
    retired: bool = False


def hardship_files(viewer: Person, f: FileFilter) -> QuerySet[HardshipFile]:
    qs = files_managed_by(viewer)
    if f.unit is not None:
        qs = qs.filter(org_path__startswith=f.unit.path)
    if f.state:
        qs = qs.filter(state=f.state)
    if f.level:
        qs = qs.filter(level=f.level)
    if f.review_due:
        qs = qs.filter(state=FileState.ACTIVE, next_review_on__lte=review_horizon())
    if f.retired:
        qs = qs.filter(is_retired=True)
    return qs.select_related(*FILE_RELATED).order_by("next_review_on", "pk")


def file_counts(viewer: Person, unit: Organisation | None = None) -> dict[str, int]:
    qs = files_managed_by(viewer).filter(state=FileState.ACTIVE)
    if unit is not None:
        qs = qs.filter(org_path__startswith=unit.path)
    today = timezone.localdate()
    return qs.aggregate(
        active=Count("pk"),
        extreme=Count("pk", filter=Q(level="extreme")),
        due=Count("pk", filter=Q(next_review_on__lte=review_horizon(today))),
        overdue=Count("pk", filter=Q(next_review_on__lt=today)),
        retired=Count("pk", filter=Q(is_retired=True)),
    )


def file_reviews(file: HardshipFile):
    return file.reviews.select_related("reviewer").order_by("-reviewed_on", "-pk")


def person_assistance(person: Person) -> QuerySet[Assistance]:
    return (
        Assistance.objects.filter(person=person)
        .select_related("recorded_by")
        .order_by("-given_on", "-pk")
    )


def _assistance_scope(viewer: Person, unit: Organisation | None) -> QuerySet[Assistance]:
    reach = totals_reach(viewer)
    if reach.empty:
        return Assistance.objects.none()
    qs = Assistance.objects.filter(reach.q("org_path"))
    if unit is not None:
        qs = qs.filter(org_path__startswith=unit.path)
    return qs


def _year(qs, year: int):
    return qs.filter(given_on__gte=date(year, 1, 1), given_on__lte=date(year, 12, 31))


def assistance_list(viewer: Person, year: int, unit: Organisation | None) -> QuerySet[Assistance]:
    return (
        _year(_assistance_scope(viewer, unit), year)
        .select_related("person", "organisation")
        .order_by("given_on", "pk")
    )


def assistance_totals(viewer: Person, year: int, unit: Organisation) -> dict:
    """A year's assistance under `unit`, per unit one level down (crews under a district,
    districts under a mine), by kind and by source; grouped in the database.

    Four queries however many records: per unit (with a column per kind), by kind, by
    source, and the names of the units.
    """
    qs = _year(_assistance_scope(viewer, unit), year)
    width = len(unit.path) + Organisation.steplen
    per_kind = {f"k_{k}": Sum("amount", filter=Q(kind=k)) for k in AssistanceKind.values}
    rows = list(
        qs.annotate(prefix=Substr("org_path", 1, width))
        .values("prefix")
        .annotate(n=Count("pk"), people=Count("person", distinct=True), total=Sum("amount"))
        .annotate(**per_kind)
        .order_by("prefix")
    )
    names = dict(
        Organisation.objects.filter(path__in=[r["prefix"] for r in rows]).values_list(
            "path", "name"
        )
    )
    units = []
    for row in rows:
        own = row["prefix"] == unit.path
        units.append(
            {
                "path": row["prefix"],
                "name": f"{unit.name}（本级）" if own else names.get(row["prefix"], row["prefix"]),
                "n": row["n"],
                "people": row["people"],
                "total": row["total"],
                "kinds": [row[f"k_{k}"] or 0 for k in AssistanceKind.values],
            }
        )
    by_kind = {r["kind"]: r for r in qs.values("kind").annotate(n=Count("pk"), total=Sum("amount"))}
    by_source = {
        r["source"]: r for r in qs.values("source").annotate(n=Count("pk"), total=Sum("amount"))
    }
    total = sum((r["total"] for r in units), start=0)
    return {
        "year": year,
        "unit": unit,
        "units": units,
        "kinds": [
            {
                "code": code,
                "label": label,
                "n": by_kind.get(code, {}).get("n", 0),
                "total": by_kind.get(code, {}).get("total") or 0,
            }
            for code, label in AssistanceKind.choices
        ],
        "sources": [
            {
                "code": code,
                "label": label,
                "n": by_source.get(code, {}).get("n", 0),
                "total": by_source.get(code, {}).get("total") or 0,
            }
            for code, label in AssistanceSource.choices
        ],
        "n": sum(r["n"] for r in units),
        "total": total,
    }


def assistance_by_year(viewer: Person, unit: Organisation) -> list[dict]:
    """Every year's count and sum under `unit`, newest first (one query)."""
    return list(
        _assistance_scope(viewer, unit)
        .annotate(year=ExtractYear("given_on"))
        .values("year")
        .annotate(n=Count("pk"), people=Count("person", distinct=True), total=Sum("amount"))
        .order_by("-year")
    )


# --- counselling ----------------------------------------------------------------------------


def _active_bookings():
    return Prefetch(
        "bookings",
        queryset=Booking.objects.exclude(state=BookingState.CANCELLED).select_related(
            "person__unit"
        ),
        to_attr="active_bookings",
    )


def counsellor_slots(counsellor: Counsellor, *, upcoming: bool = True) -> QuerySet:
    """The counsellor's slots (from today on, or the past ones), each with its booking."""
    start = _day_start(timezone.localdate())
    qs = CounsellingSlot.objects.filter(counsellor=counsellor)
    qs = qs.filter(starts_at__gte=start) if upcoming else qs.filter(starts_at__lt=start)
    return qs.prefetch_related(_active_bookings()).order_by(
        "starts_at" if upcoming else "-starts_at", "pk"
    )


def counsellor_bookings(counsellor: Counsellor) -> QuerySet[Booking]:
    """The counsellor's bookings, soonest first, with whether a note exists (not its text)."""
    return (
        Booking.objects.filter(slot__counsellor=counsellor)
        .select_related("slot", "person__unit")
        .annotate(has_note=Exists(CounsellingNote.objects.filter(booking=OuterRef("pk"))))
        .order_by("-slot__starts_at", "-pk")
    )


def booking_for_counsellor(person: Person, pk: int) -> Booking:
    """A booking on the person's own slots, or 404 (roles do not matter here)."""
    return fetch(
        Booking.objects.filter(slot__counsellor__person=person).select_related(
            "slot__counsellor", "person__unit"
        ),
        pk=pk,
    )


def free_slots(person: Person, counsellor_id: int | None = None) -> QuerySet[CounsellingSlot]:
    """Future, uncancelled, unbooked slots of the counsellors serving the person's unit."""
    taken = Booking.objects.filter(slot=OuterRef("pk")).exclude(state=BookingState.CANCELLED)
    qs = CounsellingSlot.objects.filter(
        counsellor__in=counsellors_for(person),
        is_cancelled=False,
        starts_at__gt=timezone.now(),
    ).exclude(Exists(taken))
    if counsellor_id:
        qs = qs.filter(counsellor_id=counsellor_id)
    return qs.select_related("counsellor__person").order_by("starts_at", "pk")


def my_bookings(person: Person) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(person=person)
        .select_related("slot__counsellor__person")
        .order_by("-slot__starts_at", "-pk")
    )


def note_for_counsellor(person: Person, booking_id: int) -> CounsellingNote | None:
    """The note on a booking, for the counsellor of that booking and nobody else.

    The one reader of counselling notes. Superusers, administrators, union chairs,
    leadership, the booked worker and other counsellors all get None: no role reaches it.
    """
    if not getattr(person, "is_authenticated", False):
        return None
    return CounsellingNote.objects.filter(
        booking_id=booking_id, booking__slot__counsellor__person=person
    ).first()
