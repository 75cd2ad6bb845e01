"""Who may see a hazard and in what capacity one may act on it: the one place.

Hazards are not secret: every staff role sees those of the units it reaches, the
union's chairs included (劳动保护监督), and everyone sees the hazards they found or
must rectify. A work place's hazard history (its QR code) is open to the people of its
mine.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from tongxin.core.access import fetch
from tongxin.people.models import Person, Role
from tongxin.people.scoping import STAFF_ROLES, reach_of

from .models import Hazard, State
from .workflow import Actor

MANAGER_ROLES = frozenset({Role.DEPARTMENT_HEAD, Role.LEADERSHIP, Role.ADMIN})


def hazards_visible_to(person: Person) -> QuerySet[Hazard]:
    if not person.is_authenticated:
        return Hazard.objects.none()
    reach = reach_of(person, STAFF_ROLES)
    if reach.everything:
        return Hazard.objects.all()
    condition = Q(responsible=person) | Q(reported_by=person)
    if not reach.empty:
        condition |= reach.q("unit_path")
    if person.is_party_member and person.unit_id:
        # Party-member patrols (党员巡检) confirm the mine's video detections.
        from tongxin.people.selectors import mine_of

        condition |= Q(state=State.PENDING, unit_path__startswith=mine_of(person.unit).path)
    return Hazard.objects.filter(condition)


def hazard_for(person: Person, pk: int) -> Hazard:
    return fetch(
        hazards_visible_to(person).select_related(
            "unit", "category", "responsible", "workplace", "reported_by", "rectified_by"
        ),
        pk=pk,
    )


def actor_kinds(person: Person, hazard: Hazard) -> set[Actor]:
    kinds: set[Actor] = set()
    if not person.is_authenticated:
        return kinds
    manager = reach_of(person, MANAGER_ROLES).covers_path(hazard.unit_path)
    if manager:
        kinds.add(Actor.MANAGER)
    if hazard.responsible_id == person.pk:
        kinds.add(Actor.RESPONSIBLE)
    if manager or hazard.reported_by_id == person.pk:
        kinds.add(Actor.CHECKER)
    if manager or (person.is_party_member and _same_mine(person, hazard)):
        kinds.add(Actor.PATROL)
    return kinds


def _same_mine(person: Person, hazard: Hazard) -> bool:
    from tongxin.people.selectors import mine_of

    if person.unit is None:
        return False
    return hazard.unit_path.startswith(mine_of(person.unit).path)


def is_union_supervisor(person: Person, hazard: Hazard) -> bool:
    return reach_of(person, {Role.UNION_CHAIR}).covers_path(hazard.unit_path)
