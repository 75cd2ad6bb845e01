"""Who runs and who may read a branch's grid: the one place grid answers these.

A branch's grid is run by its secretary (or a secretary of a general branch or the
Party committee above it) and by administrators of its unit. Leadership members and
discipline inspectors read every branch of their mine. A grid member sees their own
links, tasks, visits and reports; the workers they cover they see through their links.
"""

from __future__ import annotations

from django.db.models import QuerySet

from tongxin.core.access import fetch
from tongxin.people.models import Organisation, OrgKind, Person, Role, Tree
from tongxin.people.scoping import has_role, reach_of
from tongxin.people.selectors import ancestor_paths

from .workflow import Actor

MANAGER_ROLES = frozenset({Role.BRANCH_SECRETARY, Role.ADMIN})
READER_ROLES = frozenset({Role.LEADERSHIP, Role.DISCIPLINE_INSPECTOR})


def _branches_in(reach) -> QuerySet[Organisation]:
    """Branches whose unit lies inside `reach` (a Party role's reach is already the
    units its organisations hang on)."""
    return Organisation.objects.filter(reach.q("unit__path"), kind=OrgKind.BRANCH, is_active=True)


def branches_managed_by(person: Person) -> QuerySet[Organisation]:
    if not person.is_authenticated:
        return Organisation.objects.none()
    reach = reach_of(person, MANAGER_ROLES)
    if reach.empty:
        return Organisation.objects.none()
    return _branches_in(reach).select_related("unit").order_by("path")


def branches_visible_to(person: Person) -> QuerySet[Organisation]:
    if not person.is_authenticated:
        return Organisation.objects.none()
    reach = reach_of(person, MANAGER_ROLES | READER_ROLES)
    if reach.empty:
        return Organisation.objects.none()
    return _branches_in(reach).select_related("unit").order_by("path")


def is_grid_manager(person: Person) -> bool:
    return has_role(person, *MANAGER_ROLES)


def is_grid_reader(person: Person) -> bool:
    return has_role(person, *(MANAGER_ROLES | READER_ROLES))


def can_manage(person: Person, branch: Organisation) -> bool:
    return branch.unit_id is not None and reach_of(person, MANAGER_ROLES).covers(branch.unit)


def actor_kinds(person: Person, record, **context) -> set[Actor]:
    """The capacities `person` holds on a problem, monthly report or task (each has a
    branch), for the transition tables in workflow.py. The department answering a
    problem is named by the caller: voice has checked it."""
    kinds: set[Actor] = set()
    if not person.is_authenticated:
        return kinds
    if can_manage(person, record.branch):
        kinds.add(Actor.SECRETARY)
    if getattr(record, "member_id", None) == person.pk:
        kinds.add(Actor.MEMBER)
    if getattr(record, "owner_id", None) == person.pk:
        kinds.add(Actor.OWNER)
    return kinds


def can_read(person: Person, branch: Organisation) -> bool:
    return branch.unit_id is not None and reach_of(person, MANAGER_ROLES | READER_ROLES).covers(
        branch.unit
    )


def branch_for_manager(person: Person, pk: int) -> Organisation:
    """A branch the person runs, or 404 (an edited id never reaches the data)."""
    return fetch(branches_managed_by(person), pk=pk)


def branch_for_reader(person: Person, pk: int) -> Organisation:
    return fetch(branches_visible_to(person), pk=pk)


def branch_for_unit(unit: Organisation | None) -> Organisation | None:
    """The Party branch a unit belongs to: the branch hung on the unit or on the
    nearest unit above it (a crew belongs to its district's branch)."""
    if unit is None:
        return None
    cached = getattr(unit, "_branch_cache", False)
    if cached is not False:
        return cached
    paths = ancestor_paths(unit.path)
    branch = (
        Organisation.objects.filter(kind=OrgKind.BRANCH, is_active=True, unit__path__in=paths)
        .select_related("unit")
        .order_by("-unit__depth")
        .first()
    )
    unit._branch_cache = branch
    return branch


def branch_of(person: Person) -> Organisation | None:
    """The branch a person belongs to: their Party branch if they are a member (their
    Party group's branch), else the branch of their unit."""
    org = person.party_org
    if org is not None and org.tree == Tree.PARTY:
        if org.kind == OrgKind.BRANCH:
            return org
        if org.kind == OrgKind.PARTY_GROUP:
            parent = Organisation.objects.filter(
                path=org.path[: -Organisation.steplen], kind=OrgKind.BRANCH
            ).first()
            if parent is not None:
                return parent
    return branch_for_unit(person.unit)
