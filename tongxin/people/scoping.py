"""What a person's roles reach: the one place that answers "whom may this person see".

A role is held in one organisation and reaches its subtree. For a role in the unit
tree that is the unit's subtree; for a role in a Party or union organisation it is the
subtrees of the units that organisation and the organisations below it hang on (a
general branch over three districts reaches those three districts).

The answer is a `Reach`: a set of materialised-path prefixes of the unit tree. A
queryset is scoped with `reach.q("unit__path")`; a single unit is checked with
`reach.covers(unit)`. Every selector and every API endpoint goes through here, so an
id edited in a URL leads to a 404 and never to the data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from .models import Organisation, Person, Role, RoleAssignment, Tree

STAFF_ROLES = frozenset(Role)
# Roles whose holders need people's phone numbers to do their job: they call the
# workers they are responsible for. Leadership and inspectors see them masked.
CONTACT_ROLES = frozenset(
    {Role.ADMIN, Role.DEPARTMENT_HEAD, Role.BRANCH_SECRETARY, Role.UNION_CHAIR}
)


@dataclass(frozen=True)
class Reach:
    everything: bool = False
    prefixes: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.everything and not self.prefixes

    def q(self, path_field: str) -> Q:
        """A filter on `path_field` (a unit's materialised path) limited to this reach."""
        if self.everything:
            return Q()
        if not self.prefixes:
            return Q(pk__in=[])
        condition = Q()
        for prefix in self.prefixes:
            condition |= Q(**{f"{path_field}__startswith": prefix})
        return condition

    def covers_path(self, path: str | None) -> bool:
        if self.everything:
            return True
        return bool(path) and any(path.startswith(p) for p in self.prefixes)

    def covers(self, unit: Organisation | None) -> bool:
        return unit is not None and self.covers_path(unit.path)


def _minimal(prefixes: Iterable[str]) -> tuple[str, ...]:
    """Drop prefixes already covered by a shorter one; sorted so results are stable."""
    kept: list[str] = []
    for prefix in sorted(set(prefixes)):
        if not any(prefix.startswith(k) for k in kept):
            kept.append(prefix)
    return tuple(kept)


def _unit_prefixes_for(assignments: list[RoleAssignment]) -> list[str]:
    prefixes: list[str] = []
    non_unit_paths: list[str] = []
    for assignment in assignments:
        org = assignment.organisation
        if org.tree == Tree.UNIT:
            prefixes.append(org.path)
        else:
            non_unit_paths.append(org.path)
    if non_unit_paths:
        condition = Q()
        for path in non_unit_paths:
            condition |= Q(path__startswith=path)
        prefixes.extend(
            Organisation.objects.filter(condition, unit__isnull=False)
            .values_list("unit__path", flat=True)
            .distinct()
        )
    return prefixes


def role_assignments(person: Person) -> list[RoleAssignment]:
    """The person's roles with their organisations, loaded once per request."""
    cached = getattr(person, "_role_cache", None)
    if cached is None:
        cached = list(person.roles.select_related("organisation")) if person.pk else []
        person._role_cache = cached
    return cached


def reach_of(person: Person, roles: Iterable[Role] = STAFF_ROLES) -> Reach:
    """The units whose people `person` may see through any of `roles`."""
    if not person.is_authenticated:
        return Reach()
    roles = frozenset(roles)
    cache = person.__dict__.setdefault("_reach_cache", {})
    if roles in cache:
        return cache[roles]
    if person.is_superuser:
        reach = Reach(everything=True)
    else:
        assignments = [a for a in role_assignments(person) if a.role in roles]
        reach = Reach(prefixes=_minimal(_unit_prefixes_for(assignments)))
    cache[roles] = reach
    return reach


def has_role(person: Person, *roles: Role) -> bool:
    if not person.is_authenticated:
        return False
    if person.is_superuser:
        return True
    return any(a.role in roles for a in role_assignments(person))


def is_staff_member(person: Person) -> bool:
    """Holds any office; staff pages (people, tree, import) are for them."""
    return has_role(person, *STAFF_ROLES)


def can_see_contact(viewer: Person, person: Person) -> bool:
    """Phone numbers: the person, and those who must reach them (not leadership at large)."""
    if viewer.pk == person.pk:
        return True
    return reach_of(viewer, CONTACT_ROLES).covers(person.unit)


def can_see_id_number(viewer: Person, person: Person) -> bool:
    """ID numbers: the person and administrators of their unit only."""
    if viewer.pk == person.pk:
        return True
    return reach_of(viewer, {Role.ADMIN}).covers(person.unit)


def mask_phone(phone: str) -> str:
    if len(phone) < 7:
        return "*" * len(phone)
    return f"{phone[:3]}****{phone[-4:]}"


def mask_id_number(id_number: str) -> str:
    if len(id_number) < 8:
        return "*" * len(id_number)
    return f"{id_number[:3]}{'*' * (len(id_number) - 7)}{id_number[-4:]}"
