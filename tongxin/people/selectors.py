"""Reads of people and organisations, already scoped to what the viewer may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from tongxin.core.access import fetch

from .models import Organisation, Person, Tree
from .scoping import reach_of


def people_visible_to(viewer: Person) -> QuerySet[Person]:
    """Everyone the viewer's roles reach, and the viewer themself.

    The viewer is nearly always inside their own reach; leaving out the `OR id = viewer`
    then lets PostgreSQL use the organisation path index instead of scanning every
    person (bench/README.md has the plans and figures).
    """
    reach = reach_of(viewer)
    if reach.covers(viewer.unit):
        return Person.objects.filter(reach.q("unit__path"))
    return Person.objects.filter(reach.q("unit__path") | Q(pk=viewer.pk))


def person_for_viewer(viewer: Person, pk: int) -> Person:
    """The person with this id if the viewer may see them, otherwise 404."""
    return fetch(people_visible_to(viewer).select_related("unit", "party_org", "union_org"), pk=pk)


def search_people(
    viewer: Person, query: str = "", unit: Organisation | None = None
) -> QuerySet[Person]:
    """Find by name, 工号 or pinyin initials ("zs" finds 张三), inside the viewer's reach."""
    qs = people_visible_to(viewer).select_related("unit")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return matching(qs, query).order_by("employee_no")


def matching(people: QuerySet[Person], query: str) -> QuerySet[Person]:
    """The people of `people` that `query` finds: a name typed in Chinese (contained),
    or a 工号, pinyin initials or full pinyin typed in letters and digits (prefixes)."""
    # Control characters (a NUL byte breaks PostgreSQL) are never part of a name.
    query = "".join(ch for ch in query if ch.isprintable()).strip()
    if not query:
        return people
    if query.isascii():
        lowered = query.lower().replace(" ", "")
        return people.filter(
            Q(employee_no__startswith=query)
            | Q(name_initials__startswith=lowered)
            | Q(name_pinyin__startswith=lowered)
        )
    return people.filter(name__contains=query)


def orgs_visible_to(viewer: Person) -> QuerySet[Organisation]:
    """Units in the viewer's reach, and the Party and union organisations hanging on them."""
    reach = reach_of(viewer)
    return Organisation.objects.filter(
        (Q(tree=Tree.UNIT) & reach.q("path")) | (~Q(tree=Tree.UNIT) & reach.q("unit__path"))
    )


def org_for_viewer(viewer: Person, pk: int) -> Organisation:
    return fetch(orgs_visible_to(viewer), pk=pk)


def reach_roots(viewer: Person, tree: str = Tree.UNIT) -> QuerySet[Organisation]:
    """The top organisations of the viewer's reach in one tree: where browsing starts."""
    reach = reach_of(viewer)
    visible = orgs_visible_to(viewer).filter(tree=tree)
    if reach.everything:
        return visible.filter(depth=1)
    if tree == Tree.UNIT:
        return visible.filter(path__in=reach.prefixes)
    # The highest Party/union organisations on the viewer's units: those whose parent
    # is not itself visible.
    paths = list(visible.values_list("path", flat=True))
    tops = [p for p in paths if not any(p != o and p.startswith(o) for o in paths)]
    return Organisation.objects.filter(path__in=tops)


def org_children(viewer: Person, org: Organisation) -> QuerySet[Organisation]:
    return (
        orgs_visible_to(viewer)
        .filter(path__startswith=org.path, depth=org.depth + 1)
        .order_by("path")
    )


def org_breadcrumbs(viewer: Person, org: Organisation) -> list[Organisation]:
    """The organisation's ancestors that the viewer may see, top first."""
    steplen = Organisation.steplen
    paths = [org.path[:i] for i in range(steplen, len(org.path), steplen)]
    return list(orgs_visible_to(viewer).filter(path__in=paths).order_by("depth"))


def reach_counts() -> dict:
    """The head-counts of the home page, as aggregates over the people in reach."""
    from django.db.models import Count

    return {
        "total": Count("pk"),
        "party": Count("pk", filter=Q(political_status__in=["member", "probationary"])),
        "union": Count("pk", filter=Q(union_member=True)),
        "skilled": Count(
            "pk",
            filter=Q(skill_grade__in=["intermediate", "senior", "technician", "senior_technician"]),
        ),
    }


def org_headcount(viewer: Person, org: Organisation) -> int:
    """People in the organisation's subtree (for a Party or union body: its members)."""
    people = people_visible_to(viewer).filter(is_active=True)
    if org.tree == Tree.UNIT:
        return people.filter(unit__path__startswith=org.path).count()
    field = "party_org__path" if org.tree == Tree.PARTY else "union_org__path"
    return people.filter(**{f"{field}__startswith": org.path}).count()


def unit_labels(units) -> dict[int, str]:
    """ "综采一队 一班" rather than a bare "一班": a crew is named with its district.

    One query for the parents of all the crews on a page, however many rows it has.
    """
    units = [u for u in units if u is not None]
    steplen = Organisation.steplen
    crews = [u for u in units if u.kind == "crew"]
    parents = dict(
        Organisation.objects.filter(path__in={u.path[:-steplen] for u in crews}).values_list(
            "path", "name"
        )
        if crews
        else []
    )
    labels = {}
    for unit in units:
        parent = parents.get(unit.path[:-steplen]) if unit.kind == "crew" else None
        labels[unit.pk] = f"{parent} {unit.name}" if parent else unit.name
    return labels


def person_rows(viewer: Person, people) -> list[dict]:
    """List rows with unit labels, and phones masked where the viewer has no need for them."""
    from .scoping import can_see_contact, mask_phone

    people = list(people)
    labels = unit_labels({p.unit for p in people})
    rows = []
    for person in people:
        phone = person.phone
        if phone and not can_see_contact(viewer, person):
            phone = mask_phone(phone)
        rows.append({"person": person, "phone": phone, "unit": labels.get(person.unit_id, "")})
    return rows


def person_card(viewer: Person, person: Person) -> dict:
    from .scoping import can_see_contact, can_see_id_number, mask_id_number, mask_phone

    phone = person.phone
    if phone and not can_see_contact(viewer, person):
        phone = mask_phone(phone)
    id_number = person.id_number
    if id_number and not can_see_id_number(viewer, person):
        id_number = mask_id_number(id_number)
    return {
        "phone": phone,
        "id_number": id_number,
        "roles": list(person.roles.select_related("organisation")),
        "certificates": list(person.certificates.all()),
        "unit_path": _unit_path(viewer, person),
    }


def _unit_path(viewer: Person, person: Person) -> list[Organisation]:
    """The unit and its ancestors: all for the person themself, the visible ones for others."""
    if person.unit is None:
        return []
    if viewer.pk == person.pk:
        return [*Organisation.objects.get_ancestors(person.unit), person.unit]
    return [*org_breadcrumbs(viewer, person.unit), person.unit]


def holders_over(path: str, role, *, nearest: bool = False) -> list[Person]:
    """Active holders of `role` whose office reaches the unit at `path`.

    A unit role reaches down from its own unit; a Party or union role from the unit
    its organisation hangs on. With `nearest`, only the holders closest to the unit
    (a district's sub-union chair rather than the mine's union chair).
    """
    from .models import ROLE_TREE, RoleAssignment

    prefixes = ancestor_paths(path)
    field = "organisation__path" if ROLE_TREE[role] == Tree.UNIT else "organisation__unit__path"
    rows = list(
        RoleAssignment.objects.filter(
            role=role, person__is_active=True, **{f"{field}__in": prefixes}
        )
        .select_related("person")
        .values_list(field, "person_id")
    )
    if not rows:
        return []
    if nearest:
        deepest = max(len(p) for p, _ in rows)
        rows = [(p, pk) for p, pk in rows if len(p) == deepest]
    return list(Person.objects.filter(pk__in={pk for _, pk in rows}))


def ancestor_paths(path: str) -> list[str]:
    """The materialised paths of a unit and of every unit above it, top first."""
    steplen = Organisation.steplen
    return [path[:i] for i in range(steplen, len(path) + 1, steplen)]


def nearest_ancestor(unit: Organisation, kinds, queryset=None) -> Organisation | None:
    """The closest organisation of one of `kinds` at or above `unit` (one query)."""
    queryset = Organisation.objects.all() if queryset is None else queryset
    return (
        queryset.filter(path__in=ancestor_paths(unit.path), kind__in=kinds)
        .order_by("-depth")
        .first()
    )


def mine_of(unit: Organisation) -> Organisation:
    """The mine a unit belongs to (the unit itself if it is one, or its top if none).

    Kept on the unit instance: a request asks it of the viewer's unit several times.
    """
    from .models import OrgKind

    cached = getattr(unit, "_mine_cache", None)
    if cached is None:
        cached = nearest_ancestor(unit, (OrgKind.MINE,)) or unit
        unit._mine_cache = cached
    return cached
