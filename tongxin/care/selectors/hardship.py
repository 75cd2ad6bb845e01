"""Hardship files, their reviews and assistance: lists, counts, and the yearly totals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear, Substr
from django.utils import timezone

from tongxin.people.models import Organisation, Person

from ..access import files_managed_by, totals_reach
from ..models import Assistance, AssistanceKind, AssistanceSource, FileState, HardshipFile

FILE_RELATED = ("person", "organisation")


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
