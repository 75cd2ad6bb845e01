"""What the coverage reads share: the conditions "covered today" and "responsible on some
link", "not a Party member", and the units that belong to a branch (not to a deeper one)."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet

from tongxin.people.models import PARTY_STATUSES, Organisation, OrgKind, Tree

from ..models import GridLink, Level
from ..periods import current_q


def covers(on: date) -> Exists:
    return Exists(
        GridLink.objects.filter(current_q(on), person=OuterRef("pk"), level=Level.MEMBER_WORKER)
    )


def holds_any(on: date) -> Exists:
    return Exists(GridLink.objects.filter(current_q(on), responsible=OuterRef("pk")))


def not_party() -> Q:
    return ~Q(political_status__in=PARTY_STATUSES)


def deeper_branch_units(branch: Organisation) -> list[str]:
    """Unit paths of branches hung below this branch's unit (their people are theirs)."""
    return list(
        Organisation.objects.filter(
            kind=OrgKind.BRANCH, is_active=True, unit__path__startswith=branch.unit.path
        )
        .exclude(unit__path=branch.unit.path)
        .values_list("unit__path", flat=True)
    )


def branch_units(branch: Organisation, deeper: list[str]) -> QuerySet:
    """The ids of the branch's units (for `unit_id IN (…)`, which uses the index)."""
    units = Organisation.objects.filter(tree=Tree.UNIT, path__startswith=branch.unit.path)
    for path in deeper:
        units = units.exclude(path__startswith=path)
    return units.values("pk")
