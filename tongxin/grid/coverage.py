"""Who covers whom, and how complete the network is (全面覆盖, SPEC §2).

Words used here, as the contract between the grid's parts defines them:

- A link is *current* on day d when ``starts_on <= d`` and (``ends_on`` is null or
  ``ends_on > d``); "currently" means on ``timezone.localdate()``.
- The *workers* of a branch are the active people who are not Party members and whose
  unit lies under the branch's unit (and under no deeper branch): the 职工群众 that
  Party members cover at the fourth level.
- The *Party members* of a branch are the active people with a Party status whose
  Party organisation lies under the branch.
- A worker is *covered* when a current 党员包职工 link names them; a Party member is
  *idle* when they are responsible on no current link at any level; a member is
  *overloaded* when they cover more than ``over`` workers (``settings.GRID_MAX_COVERED``
  unless the caller says otherwise).

The reports are built from a handful of aggregate queries, whatever the number of
branches or people: the units of the scope are read once and shared out to their
branches in Python (nearest branch wins), workers and members are counted grouped by
unit and by Party organisation with an EXISTS test for the link, and the lists
(uncovered, idle, overloaded) are querysets the pages paginate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from tongxin.people.models import (
    PARTY_STATUSES,
    Organisation,
    OrgKind,
    Person,
    Role,
    RoleAssignment,
    Tree,
)
from tongxin.people.selectors import ancestor_paths, holders_over

from .models import GridLink, Level
from .periods import current_q

# Posts of a district's or department's head (科队长), who runs the second level with
# the secretary. Deputies (副队长) are cadres, not heads.
HEAD_POSTS = ("队长", "区长", "科长", "主任", "部长", "处长", "经理")
# A crew leader's post contains this (班长, 副班长).
CREW_LEADER_POST = "班长"


def _covers(on: date) -> Exists:
    return Exists(
        GridLink.objects.filter(current_q(on), person=OuterRef("pk"), level=Level.MEMBER_WORKER)
    )


def _holds_any(on: date) -> Exists:
    return Exists(GridLink.objects.filter(current_q(on), responsible=OuterRef("pk")))


def _not_party() -> Q:
    return ~Q(political_status__in=PARTY_STATUSES)


# --- one person -------------------------------------------------------------------------------


def covered_by(member: Person, on: date | None = None) -> QuerySet[Person]:
    """The workers `member` covers (current 党员包职工 links), by unit and 工号."""
    ids = GridLink.objects.filter(
        current_q(on), responsible=member, level=Level.MEMBER_WORKER
    ).values("person_id")
    people = Person.objects.filter(pk__in=ids).select_related("unit")
    return people.order_by("unit__path", "employee_no")


def covering_member(person: Person, on: date | None = None) -> Person | None:
    """Who covers this person: the Party member for a worker (党员包职工), the cadre for
    a Party member (队干包党员); the other level when that one has no link."""
    levels = [Level.MEMBER_WORKER, Level.CADRE_MEMBER]
    if person.is_party_member:
        levels.reverse()
    links = {
        link.level: link
        for link in GridLink.objects.filter(
            current_q(on), person=person, level__in=levels
        ).select_related("responsible")
    }
    for level in levels:
        if level in links:
            return links[level].responsible
    return None


# --- who is who in a branch -------------------------------------------------------------------


def _deeper_branch_units(branch: Organisation) -> list[str]:
    """Unit paths of branches hung below this branch's unit (their people are theirs)."""
    return list(
        Organisation.objects.filter(
            kind=OrgKind.BRANCH, is_active=True, unit__path__startswith=branch.unit.path
        )
        .exclude(unit__path=branch.unit.path)
        .values_list("unit__path", flat=True)
    )


def _branch_units(branch: Organisation, deeper: list[str]) -> QuerySet:
    """The ids of the branch's units (for `unit_id IN (…)`, which uses the index)."""
    units = Organisation.objects.filter(tree=Tree.UNIT, path__startswith=branch.unit.path)
    for path in deeper:
        units = units.exclude(path__startswith=path)
    return units.values("pk")


def workers_of(branch: Organisation) -> QuerySet[Person]:
    """The branch's workers: active, not Party members, in the branch's units."""
    units = _branch_units(branch, _deeper_branch_units(branch))
    return Person.objects.filter(_not_party(), unit_id__in=units, is_active=True)


def members_of(branch: Organisation) -> QuerySet[Person]:
    """The branch's Party members: active, Party status, Party organisation in the branch."""
    parties = Organisation.objects.filter(path__startswith=branch.path).values("pk")
    return Person.objects.filter(
        party_org_id__in=parties, political_status__in=PARTY_STATUSES, is_active=True
    )


@dataclass
class BranchRoster:
    """The people of one branch by their part in the network; a few queries, then sets.

    Used to check an assignment (one, a crew's split, or a whole file) and to fill the
    pickers of the branch's network page.
    """

    branch: Organisation
    people: dict[int, Person]
    workers: set[int]
    members: set[int]
    cadres: set[int]
    crew_leaders: set[int]
    heads: set[int]
    leaders: set[int]

    def responsible_for(self, level: str) -> set[int]:
        return {
            Level.LEADER_BRANCH: self.leaders,
            Level.SECRETARY_CADRE: self.heads,
            Level.CADRE_MEMBER: self.cadres,
            Level.MEMBER_WORKER: self.members,
        }[level]

    def covered_at(self, level: str) -> set[int]:
        return {
            Level.LEADER_BRANCH: set(),
            Level.SECRETARY_CADRE: self.cadres,
            Level.CADRE_MEMBER: self.crew_leaders | self.members,
            Level.MEMBER_WORKER: self.workers,
        }[level]

    def choices(self, ids: set[int]) -> list[Person]:
        return sorted(
            (self.people[pk] for pk in ids),
            key=lambda p: (p.unit.path if p.unit else "", p.employee_no),
        )


def branch_roster(branch: Organisation) -> BranchRoster:
    """Who in the branch may be responsible or covered at each level (about five queries).

    - workers: see `workers_of`; members: see `members_of`;
    - cadres (队干): active people in the branch's units above crew level;
    - crew leaders: active people in the branch's units whose post names 班长;
    - heads: the branch's secretaries and the head (HEAD_POSTS) of the branch's unit;
    - leaders: leadership members whose office reaches the branch's unit (the mine's 班子).
    """
    deeper = _deeper_branch_units(branch)
    active = Person.objects.filter(is_active=True).select_related("unit", "party_org")
    # Two indexed reads rather than one OR that would scan everyone.
    people = {p.pk: p for p in active.filter(unit_id__in=_branch_units(branch, deeper))}
    people.update(
        {
            p.pk: p
            for p in active.filter(
                party_org_id__in=Organisation.objects.filter(path__startswith=branch.path).values(
                    "pk"
                ),
                political_status__in=PARTY_STATUSES,
            )
        }
    )
    secretaries = set(
        RoleAssignment.objects.filter(
            role=Role.BRANCH_SECRETARY, organisation=branch, person__is_active=True
        ).values_list("person_id", flat=True)
    )
    leaders = {p.pk: p for p in holders_over(branch.unit.path, Role.LEADERSHIP)}
    for extra in (secretaries - people.keys(), leaders.keys() - people.keys()):
        if extra:
            people.update(
                {
                    p.pk: p
                    for p in Person.objects.filter(pk__in=extra, is_active=True).select_related(
                        "unit", "party_org"
                    )
                }
            )

    def local(p: Person) -> bool:
        return (
            p.unit is not None
            and p.unit.path.startswith(branch.unit.path)
            and not any(p.unit.path.startswith(d) for d in deeper)
        )

    workers, members, cadres, crew_leaders, heads = set(), set(), set(), set(), set()
    for pk, p in people.items():
        if (
            p.is_party_member
            and p.party_org is not None
            and p.party_org.path.startswith(branch.path)
        ):
            members.add(pk)
        if not local(p):
            continue
        if not p.is_party_member:
            workers.add(pk)
        if p.unit.kind != OrgKind.CREW:
            cadres.add(pk)
        if CREW_LEADER_POST in p.post:
            crew_leaders.add(pk)
        if p.unit_id == branch.unit_id and p.post in HEAD_POSTS:
            heads.add(pk)
    heads |= secretaries & people.keys()
    return BranchRoster(
        branch=branch,
        people=people,
        workers=workers,
        members=members,
        cadres=cadres,
        crew_leaders=crew_leaders,
        heads=heads,
        leaders=set(leaders) & people.keys(),
    )


# --- a crew: even split -----------------------------------------------------------------------


def crews_of(branch: Organisation) -> list[Organisation]:
    """The crews in the branch's units (for the split page)."""
    deeper = _deeper_branch_units(branch)
    crews = Organisation.objects.filter(
        tree=Tree.UNIT, kind=OrgKind.CREW, is_active=True, path__startswith=branch.unit.path
    ).order_by("path")
    for path in deeper:
        crews = crews.exclude(path__startswith=path)
    return list(crews)


def split_proposal(crew: Organisation, roster: BranchRoster, on: date | None = None) -> dict:
    """An even split of the crew's uncovered workers over the crew's Party members.

    Round robin: workers in 工号 order, members starting with whoever covers fewest now
    (then by 工号). A crew without Party members gets no proposal. Returns
    {worker id: member id}.
    """
    on = on or timezone.localdate()
    in_crew = [pk for pk in roster.workers if roster.people[pk].unit.path.startswith(crew.path)]
    covered = set(
        GridLink.objects.filter(
            current_q(on), person_id__in=in_crew, level=Level.MEMBER_WORKER
        ).values_list("person_id", flat=True)
    )
    workers = sorted(
        (pk for pk in in_crew if pk not in covered), key=lambda pk: roster.people[pk].employee_no
    )
    crew_members = [
        pk
        for pk in roster.members
        if roster.people[pk].unit is not None and roster.people[pk].unit.path.startswith(crew.path)
    ]
    if not workers or not crew_members:
        return {}
    load = dict(
        GridLink.objects.filter(
            current_q(on), responsible_id__in=crew_members, level=Level.MEMBER_WORKER
        )
        .values("responsible_id")
        .annotate(n=Count("pk"))
        .values_list("responsible_id", "n")
    )
    crew_members.sort(key=lambda pk: (load.get(pk, 0), roster.people[pk].employee_no))
    return {worker: crew_members[i % len(crew_members)] for i, worker in enumerate(workers)}


# --- the reports ------------------------------------------------------------------------------


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
        .annotate(n=Count("pk"), covered=Count("pk", filter=Q(_covers(on))))
        .order_by()
    )
    return {row["unit_id"]: (row["n"], row["covered"]) for row in rows}


def _member_counts(members: QuerySet[Person], on: date) -> dict[int, tuple[int, int]]:
    """{Party organisation id: (members, idle)} in one grouped query."""
    rows = (
        members.values("party_org_id")
        .annotate(n=Count("pk"), idle=Count("pk", filter=~Q(_holds_any(on))))
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
    return workers.filter(~_covers(on)).select_related("unit").order_by("unit__path", "employee_no")


def _idle(members: QuerySet[Person], on: date) -> QuerySet[Person]:
    return (
        members.filter(~_holds_any(on))
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
    deeper = _deeper_branch_units(branch)
    units = Organisation.objects.filter(tree=Tree.UNIT, path__startswith=branch.unit.path)
    for path in deeper:
        units = units.exclude(path__startswith=path)
    rows = {u.pk: Row(org=u, unit=u) for u in units.order_by("path")}
    return _report(
        branch,
        on,
        _over(over),
        workers=Person.objects.filter(_not_party(), unit_id__in=units.values("pk"), is_active=True),
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
            _not_party(), unit_id__in=units.exclude(pk__in=orphans).values("pk"), is_active=True
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
