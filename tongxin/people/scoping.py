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


def minimal_prefixes(prefixes: Iterable[str]) -> tuple[str, ...]:
    """Drop prefixes already covered by a shorter one; sorted so results are stable."""
    kept: list[str] = []
    for prefix in sorted(set(prefixes)):
        if not any(prefix.startswith(k) for k in kept):
            kept.append(prefix)
    return tuple(kept)


def role_assignments(person: Person) -> list[RoleAssignment]:
    """The person's roles with their organisations, loaded once per request."""
    cached = getattr(person, "_role_cache", None)
    if cached is None:
        cached = list(person.roles.select_related("organisation")) if person.pk else []
        person._role_cache = cached
    return cached


def _prefixes_by_assignment(person: Person) -> dict[int, list[str]]:
    """Each role assignment's unit-path prefixes; at most one query, once per request.

    A unit role reaches its own path. A Party or union role reaches the units that its
    organisation and every organisation below it hang on, found in a single query over
    all such roles and then shared out in Python.
    """
    cached = getattr(person, "_prefix_cache", None)
    if cached is not None:
        return cached
    assignments = role_assignments(person)
    result = {a.pk: [a.organisation.path] for a in assignments if a.organisation.tree == Tree.UNIT}
    others = [a for a in assignments if a.organisation.tree != Tree.UNIT]
    if others:
        condition = Q()
        for a in others:
            condition |= Q(path__startswith=a.organisation.path)
        rows = list(
            Organisation.objects.filter(condition, unit__isnull=False).values_list(
                "path", "unit__path"
            )
        )
        for a in others:
            result[a.pk] = [
                unit_path for path, unit_path in rows if path.startswith(a.organisation.path)
            ]
    person._prefix_cache = result
    return result


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
        by_assignment = _prefixes_by_assignment(person)
        prefixes = [
            prefix
            for a in role_assignments(person)
            if a.role in roles
            for prefix in by_assignment[a.pk]
        ]
        reach = Reach(prefixes=minimal_prefixes(prefixes))
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


def reach_of_organisation(org: Organisation) -> Reach:
    """The units an organisation stands for, as a `Reach`: a unit its subtree; a Party
    or union organisation the units it and those below it hang on (at most one query).
    Figures for an organisation (core.registry.Figure) count the records in here."""
    if org.tree == Tree.UNIT:
        return Reach(prefixes=(org.path,))
    paths = Organisation.objects.filter(path__startswith=org.path, unit__isnull=False).values_list(
        "unit__path", flat=True
    )
    return Reach(prefixes=minimal_prefixes(paths))
