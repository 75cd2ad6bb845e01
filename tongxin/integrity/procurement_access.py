"""Who sees the union's procurement records: the union chairs whose union hangs on the
unit or one above, the unit's leadership and administrators, and the representative."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from tongxin.core.access import fetch
from tongxin.people.models import Organisation, Person, Role, Tree
from tongxin.people.scoping import reach_of
from tongxin.people.selectors import mine_of

from .disclosure_access import _union_paths
from .models import Procurement

OFFICE_ROLES = (Role.LEADERSHIP, Role.ADMIN)
REPRESENTATIVE_PICKER = "integrity.representative"
# The units a procurement is recorded for.
PROCUREMENT_UNIT_KINDS = ("mine", "district", "department")


def _managing(person) -> Q:
    q = Q(pk__in=[])
    for path in _union_paths(person):
        q |= Q(org_path__startswith=path)
    reach = reach_of(person, OFFICE_ROLES)
    if not reach.empty:
        q |= reach.q("org_path")
    return q


def procurements_for(person) -> QuerySet[Procurement]:
    if not getattr(person, "is_authenticated", False):
        return Procurement.objects.none()
    return Procurement.objects.filter(_managing(person) | Q(representative=person))


def procurement_for(person, pk: int) -> Procurement:
    return fetch(procurements_for(person).select_related("unit", "representative"), pk=pk)


def may_manage(person, path: str) -> bool:
    """The union and the unit's offices record a procurement, its checks and outcome."""
    return any(path.startswith(p) for p in _union_paths(person)) or reach_of(
        person, OFFICE_ROLES
    ).covers_path(path)


def may_give_opinion(person, procurement) -> bool:
    """The union's own voice: its representative or a union chair over the unit."""
    return procurement.representative_id == person.pk or any(
        procurement.org_path.startswith(p) for p in _union_paths(person)
    )


def is_procurement_staff(person) -> bool:
    """For the menu and the desk: roles only (loaded once per request), no query."""
    return bool(_union_paths(person)) or not reach_of(person, OFFICE_ROLES).empty


def procurement_unit(person, pk: int) -> Organisation:
    """The unit a new procurement is recorded for, if the person may record one there
    (the representative picker's record): 404 otherwise."""
    unit = Organisation.objects.filter(
        pk=pk, tree=Tree.UNIT, kind__in=PROCUREMENT_UNIT_KINDS, is_active=True
    ).first()
    if unit is None or not may_manage(person, unit.path):
        raise Http404
    return unit


def representative_candidates(unit: Organisation) -> QuerySet[Person]:
    """Who may be the union's representative: the active union members of the unit's
    mine (the picker offers only these, and the service accepts only these)."""
    return Person.objects.filter(
        is_active=True, union_member=True, unit__path__startswith=mine_of(unit).path
    )
