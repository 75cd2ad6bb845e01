"""Coverage of a branch (a row per unit) or of a unit (a row per branch): a few grouped
queries whatever the scope, and the lists (uncovered, idle, overloaded) as querysets to page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tongxin.people.models import PARTY_STATUSES, Organisation, OrgKind, Person, Tree
from tongxin.people.selectors import ancestor_paths

from ..models import GridLink, Level
from ..periods import current_q
from .common import covers, deeper_branch_units, holds_any, not_party
from .roster import members_of


def _rate(covered: int, total: int) -> float | None:
    return round(covered / total, 4) if total else None


@dataclass
class Row:
    """One line of a coverage table: a branch (mine/group report) or a unit (branch report)."""

    org: Organisation
    workers: int = 0
    covered: int = 0
    members: int = 0
    idle: int = 0
    unit: Organisation | None = None

    @property
    def uncovered(self) -> int:
        return self.workers - self.covered

    @property
    def rate(self) -> float | None:
        return _rate(self.covered, self.workers)

    @property
    def pct(self) -> float | None:
        return None if self.rate is None else round(100 * self.rate, 1)


class KnownCountPaginator(Paginator):
    """A paginator told its count (already known from the report's aggregates)."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known = count

    @cached_property
    def count(self) -> int:
        return self._known


@dataclass
class CoverageReport:
    """Coverage of a branch or a unit on a day. The three lists are querysets to paginate.

    `rows`: one per branch (a unit report, worst rate first) or per unit of the branch
    (a branch report). `uncovered` and `idle` are querysets whose counts are known from
    the aggregates (page them with `KnownCountPaginator`); `overloaded` pages like one
    and gives each person `n`, the workers of the scope they cover.
    """

    scope: Organisation
    on: date
    over: int
    workers: int
    covered: int
    members: int
    idle_count: int
    rows: list[Row]
    uncovered: QuerySet[Person]
    idle: QuerySet[Person]
    overloaded: PeopleByLoad
    branches: list[Organisation] = field(default_factory=list)

    @property
    def uncovered_count(self) -> int:
        return self.workers - self.covered

    @property
    def rate(self) -> float | None:
        return _rate(self.covered, self.workers)

    @property
    def pct(self) -> float | None:
        return None if self.rate is None else round(100 * self.rate, 1)


def _nearest(path: str, by_path: dict[str, object]):
    for prefix in reversed(ancestor_paths(path)):
        if prefix in by_path:
            return by_path[prefix]
    return None


# The aggregates count with FILTER (WHERE EXISTS …) grouped by one column, and scope
# people by `unit_id IN (SELECT …)`: PostgreSQL then hashes both sides (a group's
# 100,000 people in one pass) instead of sorting by the EXISTS or walking an index.


def _worker_counts(workers: QuerySet[Person], on: date) -> dict[int, tuple[int, int]]:
    """{unit id: (workers, covered)} in one grouped query."""
    rows = (
        workers.values("unit_id")
        .annotate(n=Count("pk"), covered=Count("pk", filter=Q(covers(on))))
        .order_by()
    )
    return {row["unit_id"]: (row["n"], row["covered"]) for row in rows}


def _member_counts(members: QuerySet[Person], on: date) -> dict[int, tuple[int, int]]:
    """{Party organisation id: (members, idle)} in one grouped query."""
    rows = (
        members.values("party_org_id")
        .annotate(n=Count("pk"), idle=Count("pk", filter=~Q(holds_any(on))))
        .order_by()
    )
    return {row["party_org_id"]: (row["n"], row["idle"]) for row in rows}


class PeopleByLoad(Sequence):
    """Whoever covers more than the limit, most first (then by id), each with `n`.

    A list that pages like a queryset: the (person, count) pairs are read once in one
    grouped query on the links table (its own ids, so the planner estimates well), and
    a page's people in one more. There are at most as many pairs as grid members.
    """

    def __init__(self, loads: QuerySet):
        self._query = loads

    @cached_property
    def _loads(self) -> list[tuple[int, int]]:
        return list(self._query.values_list("responsible_id", "n").order_by("-n", "responsible_id"))

    def __len__(self) -> int:
        return len(self._loads)

    def count(self) -> int:
        return len(self._loads)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        chunk = self._loads[index]
        people = Person.objects.select_related("unit", "party_org").in_bulk([pk for pk, _ in chunk])
        page = []
        for pk, n in chunk:
            if pk in people:
                people[pk].n = n
                page.append(people[pk])
        return page

    def __iter__(self):
        return iter(self[:])


def _overloaded(on: date, over: int, branch_ids: list[int]) -> PeopleByLoad:
    return PeopleByLoad(
        GridLink.objects.filter(current_q(on), level=Level.MEMBER_WORKER, branch_id__in=branch_ids)
        .values("responsible_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=over)
    )


def _uncovered(workers: QuerySet[Person], on: date) -> QuerySet[Person]:
    return workers.filter(~covers(on)).select_related("unit").order_by("unit__path", "employee_no")


def _idle(members: QuerySet[Person], on: date) -> QuerySet[Person]:
    return (
        members.filter(~holds_any(on))
        .select_related("unit", "party_org")
        .order_by("party_org__path", "employee_no")
    )


def _over(over: int | None) -> int:
    return settings.GRID_MAX_COVERED if over is None else max(int(over), 0)


def _report(scope, on, over, *, workers, members, rows, row_of_unit, row_of_party, branches):
    """Count workers by unit and members by Party organisation, share them out to the
    rows, and hand over the lists as querysets."""
    for unit_id, (n, covered) in _worker_counts(workers, on).items():
        row = row_of_unit(unit_id)
        if row is not None:
            row.workers += n
            row.covered += covered
    member_counts = _member_counts(members, on)
    for party_id, (n, idle) in member_counts.items():
        row = row_of_party(party_id)
        if row is not None:
            row.members += n
            row.idle += idle
    table = [r for r in rows if r.workers or r.members]
    return CoverageReport(
        scope=scope,
        on=on,
        over=over,
        workers=sum(r.workers for r in table),
        covered=sum(r.covered for r in table),
        members=sum(n for n, _idle in member_counts.values()),
        idle_count=sum(idle for _n, idle in member_counts.values()),
        rows=table,
        uncovered=_uncovered(workers, on),
        idle=_idle(members, on),
        overloaded=_overloaded(on, over, [b.pk for b in branches]),
        branches=branches,
    )


def branch_coverage(
    branch: Organisation, on: date | None = None, over: int | None = None
) -> CoverageReport:
    """One branch: a row per unit (crew, district) of the branch, and the three lists.

    Four queries (deeper branches, the units, workers grouped by unit, members grouped
    by Party organisation); the lists are evaluated by whoever pages through them.
    """
    on = on or timezone.localdate()
    deeper = deeper_branch_units(branch)
    units = Organisation.objects.filter(tree=Tree.UNIT, path__startswith=branch.unit.path)
    for path in deeper:
        units = units.exclude(path__startswith=path)
    rows = {u.pk: Row(org=u, unit=u) for u in units.order_by("path")}
    return _report(
        branch,
        on,
        _over(over),
        workers=Person.objects.filter(not_party(), unit_id__in=units.values("pk"), is_active=True),
        members=members_of(branch),
        rows=list(rows.values()),
        row_of_unit=rows.get,
        row_of_party=lambda _party_id: None,
        branches=[branch],
    )


def unit_coverage(
    unit: Organisation, on: date | None = None, over: int | None = None
) -> CoverageReport:
    """A mine, a company or the whole group: a row per branch, and the three lists.

    Workers count where their unit belongs to a branch (the nearest one above it);
    people on units no branch reaches (a mine's own office with no branch) are left
    out. Party members count when their Party organisation is a branch or a Party group
    hung on a unit in scope. Five queries, however large the scope.
    """
    on = on or timezone.localdate()
    branches = list(
        Organisation.objects.filter(kind=OrgKind.BRANCH, is_active=True)
        .filter(Q(unit__path__startswith=unit.path) | Q(unit__path__in=ancestor_paths(unit.path)))
        .select_related("unit")
        .order_by("path")
    )
    by_unit_path = {b.unit.path: b for b in branches}
    by_party_path = {b.path: b for b in branches}
    rows = {b.pk: Row(org=b, unit=b.unit) for b in branches}
    units = Organisation.objects.filter(tree=Tree.UNIT, path__startswith=unit.path)
    orphans, unit_row = [], {}
    for pk, path in units.values_list("pk", "path"):
        branch = _nearest(path, by_unit_path)
        if branch is None:
            orphans.append(pk)
        else:
            unit_row[pk] = rows[branch.pk]
    parties = Organisation.objects.filter(
        tree=Tree.PARTY,
        kind__in=(OrgKind.BRANCH, OrgKind.PARTY_GROUP),
        unit__path__startswith=unit.path,
    )
    party_row = {}
    for pk, path in parties.values_list("pk", "path"):
        branch = _nearest(path, by_party_path)
        if branch is not None:
            party_row[pk] = rows[branch.pk]
    report = _report(
        unit,
        on,
        _over(over),
        workers=Person.objects.filter(
            not_party(), unit_id__in=units.exclude(pk__in=orphans).values("pk"), is_active=True
        ),
        members=Person.objects.filter(
            party_org_id__in=parties.values("pk"),
            political_status__in=PARTY_STATUSES,
            is_active=True,
        ),
        rows=list(rows.values()),
        row_of_unit=unit_row.get,
        row_of_party=party_row.get,
        branches=branches,
    )
    report.rows.sort(key=lambda r: (r.rate if r.rate is not None else 2, r.org.path))
    return report
