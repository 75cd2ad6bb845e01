"""The grid responsibility network at group scale for the benchmark, written with COPY.

Run inside the benchmark's environment (DATABASE_URL set), after seed_demo:

    python bench/grid_seed.py                    # the network and its history, once
    python bench/grid_seed.py --reset            # empty the grid tables first, then seed
    python bench/grid_seed.py --accounts var/bench/grid_accounts.json
    python bench/grid_seed.py --probe var/bench/grid_accounts.json

Seeding does nothing when the database already holds Party member → worker links
(--reset empties the grid's tables, task templates apart, and seeds again). For every
Party branch of every mine:

- level 1 (班子成员联系党支部): one of the mine's leadership members → the branch, the
  branches of a mine dealt round the mine's leadership; 30 % of branches had another
  leadership member before (an ended link);
- level 2 (支部书记包队干): the branch secretary → each cadre, the Party members whose
  Party organisation is the branch itself (队长、副队长、技术员 of a district; 科长 … of
  a department);
- level 3 (队干包班组长和党员): the branch's crews dealt round its cadres; a cadre covers
  the crew leaders (班长) and the Party members of their crews (Party members outside a
  crew dealt round too); 5 % had another cadre before;
- level 4 (党员包职工群众): each crew's non-Party workers split among the crew's own
  Party members, at most six each, the rest of the branch's workers among its Party
  members with the fewest; 2 % of workers left uncovered (half of them covered until a
  few weeks ago: an ended link), 1 in 25 ordinary Party members left idle, and in one
  branch in 15 one member given eleven or more (over GRID_MAX_COVERED, 8 by default), so
  the coverage lists are not empty; 10 % of workers had another member before, 3 % were
  moved to their present member in the last months.

Current links start on the first of the month five months back. History: a visit
(谈心谈话 or 上门走访) by the covering member to each covered worker in 85 % of the
months from three months back to today (the current month in proportion to the days
gone); life events (五必谈五必访) for 0.6 % of workers a month, each with its talk or
visit task for the covering member (the branch secretary if none) and, once a few days
old, the visit in 90 % of cases; last month's template tasks for every grid member as
the monthly generation makes them (per covered person where the template says so;
done when the month's visit was logged, otherwise 80 % done) and last month's report
(月报表) from 90 % of the Party members who cover someone. No photos, no follow-ups,
no notifications. ANALYZE (the whole database) follows.

--accounts PATH picks the load test's grid members: 100 Party members with current
Party member → worker links (every n-th by 工号), and gives them the demo password
(the password hash the office holders got from seed_demo --bench-logins; bench
database only). --probe PATH requests /grid/ and /api/grid/tasks once each as the first
of them, in-process (status, time, queries), and stops if one does not answer 200.

Everything is drawn from random.Random(--seed): the same seed and roll give the same
network (dates count back from the day of the run).
"""

import argparse
import io
import json
import os
import random
import sys
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongxin.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402

from tongxin.core.workdays import add_workdays  # noqa: E402
from tongxin.grid.models import GridLink, GridTask, Level, TaskTemplate  # noqa: E402
from tongxin.people.models import (  # noqa: E402
    PARTY_STATUSES,
    Organisation,
    OrgKind,
    Person,
    Role,
    RoleAssignment,
)

LOCAL = ZoneInfo(settings.TIME_ZONE)
BATCH = 50_000
CREW_LEADER_POST = "班长"
CAP_IN_CREW = 6
UNCOVERED = 0.02
IDLE_EVERY = 25
OVERLOADED_BRANCHES = 1 / 15
OVERLOAD_TO = 11
EARLIER_MEMBER = 0.10
MOVED_LATELY = 0.03
EARLIER_CADRE = 0.05
EARLIER_LEADER = 0.30
VISIT_SHARE = 0.85
EVENTS_PER_MONTH = 0.006
EVENT_VISITED = 0.90
TASK_DONE = 0.80
REPORTED = 0.90
HISTORY_MONTHS = 3
LINKS_START_MONTHS = 5

GRID_TABLES = (
    "grid_taskphoto", "grid_visit", "grid_spotcheckitem", "grid_spotcheck",
    "grid_gridtask", "grid_lifeevent", "grid_monthlyreport", "grid_quartersummary",
    "grid_gridmeeting_attendees", "grid_problem", "grid_gridmeeting", "grid_gridlink",
)  # fmt: skip
LINK_COLUMNS = ("id", "level", "responsible_id", "person_id", "branch_id", "starts_on",
                "ends_on", "note", "created_at")  # fmt: skip
TASK_COLUMNS = ("id", "owner_id", "branch_id", "month", "kind", "template_id", "title",
                "description", "subject_id", "life_event_id", "due_on", "state", "done_at",
                "done_note", "generation_key", "version", "created_at")  # fmt: skip
EVENT_COLUMNS = ("id", "person_id", "kind", "occurred_on", "description", "visit_kind",
                 "source", "recorded_by_id", "branch_id", "created_at")  # fmt: skip
VISIT_COLUMNS = ("member_id", "person_id", "branch_id", "visited_on", "kind", "content",
                 "follow_up", "follow_up_text", "task_id", "life_event_id",
                 "created_at")  # fmt: skip
REPORT_COLUMNS = ("member_id", "branch_id", "month", "figures", "own_words", "state",
                  "submitted_at", "on_time", "reviewed_by_id", "reviewed_at", "review_note",
                  "version")  # fmt: skip

EVENT_KINDS = (("illness_injury", 40), ("marriage_birth", 25), ("hardship", 15),
               ("bereavement", 12), ("conflict_discipline", 8))  # fmt: skip
EVENT_TEXT = {
    "illness_injury": ("住院治疗", "井下作业扭伤脚踝，在家休养", "家属生病住院"),
    "marriage_birth": ("本人结婚", "妻子生育", "子女结婚"),
    "hardship": ("家属重病，医疗费用负担重", "子女上学费用困难", "房屋受损"),
    "bereavement": ("父亲去世", "母亲去世", "配偶家中老人去世"),
    "conflict_discipline": ("与班组同事发生争执", "违章作业受到处分", "邻里纠纷"),
}
TALKS = (
    "了解近期工作和家庭情况，职工反映情绪稳定，无特殊困难。",
    "谈心谈话，提醒注意井下作业安全，职工对班组安排无意见。",
    "交流岗位技能提升打算，鼓励参加技能鉴定。",
    "了解到职工反映通勤班车时间不便，已记录。",
    "询问家庭困难情况，职工表示暂无需要帮助的地方。",
)
VISITS = (
    "到家中走访，家属身体健康，生活正常。",
    "上门走访，了解子女上学情况，无困难。",
    "走访慰问，转达支部关心，职工表示感谢。",
)


def esc(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = (
            text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "")
        )
    return text


def copy(table: str, columns, rows) -> None:
    """COPY rows into table, BATCH rows per statement (inside the caller's transaction)."""
    with connection.cursor() as c, c.connection.cursor() as pg:
        for start in range(0, len(rows), BATCH):
            buffer = io.StringIO()
            for row in rows[start : start + BATCH]:
                buffer.write("\t".join(esc(v) for v in row))
                buffer.write("\n")
            with pg.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as pipe:
                pipe.write(buffer.getvalue())


def reserve_ids(table: str, n: int) -> int:
    """The first of n consecutive ids taken from the table's sequence."""
    with connection.cursor() as c:
        c.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        sequence = c.fetchone()[0]
        c.execute("SELECT nextval(%s)", [sequence])
        first = c.fetchone()[0]
        c.execute("SELECT setval(%s, %s)", [sequence, first + max(n, 1) - 1])
    return first


def first_of(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, n: int) -> date:
    months = day.year * 12 + day.month - 1 + n
    return date(months // 12, months % 12 + 1, 1)


def last_of(month: date) -> date:
    return add_months(month, 1) - timedelta(days=1)


def at_local(day: date, hour: float) -> datetime:
    start = datetime(day.year, day.month, day.day, tzinfo=LOCAL)
    return (start + timedelta(hours=hour)).astimezone(UTC)


def between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


# --- The group as the network is drawn from it --------------------------------------------


class Branch:
    def __init__(self, pk: int, path: str, unit_id: int, unit_path: str, mine_id: int):
        self.pk, self.path, self.unit_id, self.unit_path, self.mine_id = (
            pk, path, unit_id, unit_path, mine_id,
        )  # fmt: skip
        self.secretary: int | None = None
        self.cadres: list[int] = []  # Party members whose Party organisation is the branch
        self.members: list[int] = []  # the other Party members (in a Party group)
        self.crews: list[int] = []
        self.crew_leaders: dict[int, list[int]] = defaultdict(list)  # crew → 班长
        self.workers: dict[int | None, list[int]] = defaultdict(list)  # crew (None: off-crew)
        self.unit_of: dict[int, int] = {}  # Party member → unit


def load_group() -> tuple[list[Branch], dict[int, list[int]], dict[int, str]]:
    """Branches with their people; each mine's leadership; names of people."""
    step = Organisation.steplen
    units = {
        pk: (path, kind)
        for pk, path, kind in Organisation.objects.filter(tree="unit").values_list(
            "pk", "path", "kind"
        )
    }
    mine_by_path = {path: pk for pk, (path, kind) in units.items() if kind == OrgKind.MINE}
    branches: dict[int, Branch] = {}
    by_unit_path: dict[str, Branch] = {}
    for pk, path, unit_id in Organisation.objects.filter(
        kind=OrgKind.BRANCH, is_active=True, unit__isnull=False
    ).values_list("pk", "path", "unit_id"):
        unit_path = units[unit_id][0]
        mine = next(
            (mine_by_path[unit_path[:i]] for i in range(step, len(unit_path) + 1, step)
             if unit_path[:i] in mine_by_path),
            None,
        )  # fmt: skip
        if mine is None:
            continue
        branch = Branch(pk, path, unit_id, unit_path, mine)
        branches[pk] = branch
        by_unit_path[unit_path] = branch
    for pk, (path, kind) in units.items():
        if kind == OrgKind.CREW and path[:-step] in by_unit_path:
            by_unit_path[path[:-step]].crews.append(pk)
    party_branch: dict[int, Branch] = {b.pk: b for b in branches.values()}
    by_party_path = {b.path: b for b in branches.values()}
    for pk, path in Organisation.objects.filter(kind=OrgKind.PARTY_GROUP).values_list("pk", "path"):
        if path[:-step] in by_party_path:
            party_branch[pk] = by_party_path[path[:-step]]
    secretaries = dict(
        RoleAssignment.objects.filter(role=Role.BRANCH_SECRETARY, person__is_active=True)
        .order_by("pk")
        .values_list("organisation_id", "person_id")
    )
    for pk, branch in branches.items():
        branch.secretary = secretaries.get(pk)
    names: dict[int, str] = {}
    rows = (
        Person.objects.filter(is_active=True, unit__isnull=False)
        .order_by("employee_no")
        .values_list("pk", "name", "unit_id", "party_org_id", "political_status", "post")
    )
    for pk, name, unit_id, party_org_id, status, post in rows.iterator(chunk_size=20000):
        names[pk] = name
        path, kind = units[unit_id]
        crew = unit_id if kind == OrgKind.CREW else None
        work_branch = by_unit_path.get(path[:-step] if crew else path)
        if status in PARTY_STATUSES and party_org_id in party_branch:
            branch = party_branch[party_org_id]
            if pk == branch.secretary:
                pass  # responsible at level 2, covered by no one
            elif party_org_id == branch.pk:
                branch.cadres.append(pk)
            else:
                branch.members.append(pk)
                branch.unit_of[pk] = unit_id
            if crew and post == CREW_LEADER_POST and work_branch is branch:
                branch.crew_leaders[crew].append(pk)
        elif work_branch is not None:
            work_branch.workers[crew].append(pk)
            if crew and post == CREW_LEADER_POST:
                work_branch.crew_leaders[crew].append(pk)
    leadership: dict[int, list[int]] = defaultdict(list)
    for person_id, org_id in (
        RoleAssignment.objects.filter(role=Role.LEADERSHIP, person__is_active=True)
        .order_by("person__employee_no")
        .values_list("person_id", "organisation_id")
    ):
        leadership[org_id].append(person_id)
    for person_id, org_id in (
        RoleAssignment.objects.filter(role=Role.ADMIN, organisation__kind=OrgKind.MINE)
        .order_by("pk")
        .values_list("person_id", "organisation_id")
    ):
        leadership.setdefault(org_id, [person_id])  # a mine without leadership: its admin
    return sorted(branches.values(), key=lambda b: b.path), leadership, names


# --- The network ----------------------------------------------------------------------------


class Seeder:
    def __init__(self, seed: int, today: date):
        self.rng = random.Random(f"{seed}:grid-bench")
        self.today = today
        self.start = add_months(first_of(today), -LINKS_START_MONTHS)
        self.history_from = add_months(first_of(today), -HISTORY_MONTHS)
        self.last_month = add_months(first_of(today), -1)
        self.now = datetime.now(UTC)
        self.links: list[list] = []
        # Current level-4 links as (member, worker, branch, starts_on), and level 3/2/1.
        self.covering: list[tuple[int, int, int, date]] = []
        self.level3: list[tuple[int, int, int]] = []
        self.level2: list[tuple[int, int, int]] = []
        self.level1: list[tuple[int, int]] = []
        self.earlier: list[tuple[int, int, int, date, date]] = []  # level-4 links ended
        self.uncovered = 0
        self.idle = 0
        self.overloaded = 0

    def link(self, level, responsible, person, branch, starts_on, ends_on=None):
        self.links.append(
            [None, level, responsible, person, branch, starts_on, ends_on, "",
             at_local(starts_on, 9)]
        )  # fmt: skip

    def network(self, branches: list[Branch], leadership: dict[int, list[int]]) -> None:
        rng, start = self.rng, self.start
        earlier_start = add_months(start, -12)
        dealt: dict[int, int] = defaultdict(int)
        for branch in branches:
            leaders = leadership.get(branch.mine_id) or []
            if leaders:
                leader = leaders[dealt[branch.mine_id] % len(leaders)]
                dealt[branch.mine_id] += 1
                self.link(Level.LEADER_BRANCH, leader, None, branch.pk, start)
                self.level1.append((leader, branch.pk))
                if len(leaders) > 1 and rng.random() < EARLIER_LEADER:
                    other = rng.choice([p for p in leaders if p != leader])
                    self.link(Level.LEADER_BRANCH, other, None, branch.pk, earlier_start, start)
            if branch.secretary:
                for cadre in branch.cadres:
                    self.link(Level.SECRETARY_CADRE, branch.secretary, cadre, branch.pk, start)
                    self.level2.append((branch.secretary, cadre, branch.pk))
            self.cadre_links(branch)
            self.member_links(branch)

    def cadre_links(self, branch: Branch) -> None:
        rng, start = self.rng, self.start
        cadres = branch.cadres or ([branch.secretary] if branch.secretary else [])
        if not cadres:
            return
        cadre_of_crew = {crew: cadres[i % len(cadres)] for i, crew in enumerate(branch.crews)}
        covered = set()
        off_crew = 0
        subjects = [(p, c) for c, leaders in branch.crew_leaders.items() for p in leaders]
        subjects += [(p, branch.unit_of.get(p)) for p in branch.members]
        for person, crew in subjects:
            if person in covered:
                continue
            covered.add(person)
            cadre = cadre_of_crew.get(crew)
            if cadre is None:
                cadre = cadres[off_crew % len(cadres)]
                off_crew += 1
            if len(cadres) > 1 and rng.random() < EARLIER_CADRE:
                other = rng.choice([c for c in cadres if c != cadre])
                self.link(Level.CADRE_MEMBER, other, person, branch.pk, add_months(start, -12),
                          start)  # fmt: skip
            self.link(Level.CADRE_MEMBER, cadre, person, branch.pk, start)
            self.level3.append((cadre, person, branch.pk))

    def member_links(self, branch: Branch) -> None:
        rng = self.rng
        members = list(branch.members)
        idle = {m for i, m in enumerate(members) if i % IDLE_EVERY == IDLE_EVERY - 1}
        self.idle += len(idle)
        members = [m for m in members if m not in idle] or list(branch.cadres)
        if not members:
            return
        load: dict[int, list[int]] = {m: [] for m in members}
        by_crew: dict[int, list[int]] = defaultdict(list)
        for m in members:
            by_crew[branch.unit_of.get(m)].append(m)
        pool = []
        for crew, workers in sorted(branch.workers.items(), key=lambda kv: kv[0] or 0):
            workers = list(workers)
            for w in [w for w in workers if rng.random() < UNCOVERED]:
                workers.remove(w)
                self.uncovered += 1
                if rng.random() < 0.5:  # covered until a few weeks ago
                    past = rng.choice(members)
                    ended = self.today - timedelta(days=rng.randint(7, 40))
                    self.link(Level.MEMBER_WORKER, past, w, branch.pk, self.start, ended)
            own = by_crew.get(crew) if crew is not None else None
            if own:
                for i, w in enumerate(workers):
                    m = own[i % len(own)]
                    if len(load[m]) < CAP_IN_CREW:
                        load[m].append(w)
                    else:
                        pool.append(w)
            else:
                pool.extend(workers)
        for w in pool:
            m = min(members, key=lambda m: len(load[m]))
            load[m].append(w)
        if len(members) > 2 and rng.random() < OVERLOADED_BRANCHES:
            heavy = max(members, key=lambda m: len(load[m]))
            for m in members:
                while m != heavy and len(load[heavy]) < OVERLOAD_TO and len(load[m]) > 1:
                    load[heavy].append(load[m].pop())
            self.overloaded += len(load[heavy]) > settings.GRID_MAX_COVERED
        for m, workers in load.items():
            for w in workers:
                starts_on = self.start
                roll = rng.random()
                others = [o for o in members if o != m]
                if others and roll < MOVED_LATELY:
                    starts_on = between(rng, add_months(self.start, 1), self.history_from)
                    before = rng.choice(others)
                    self.link(Level.MEMBER_WORKER, before, w, branch.pk, self.start, starts_on)
                    self.earlier.append((before, w, branch.pk, self.start, starts_on))
                elif others and roll < MOVED_LATELY + EARLIER_MEMBER:
                    before = rng.choice(others)
                    self.link(Level.MEMBER_WORKER, before, w, branch.pk,
                              add_months(self.start, -12), self.start)  # fmt: skip
                self.link(Level.MEMBER_WORKER, m, w, branch.pk, starts_on)
                self.covering.append((m, w, branch.pk, starts_on))


def seed(seed_value: int) -> None:
    started = time.monotonic()
    today = datetime.now(LOCAL).date()
    branches, leadership, names = load_group()
    if not branches:
        sys.exit("no Party branch with people: run seed_demo first (bench/run.sh)")
    s = Seeder(seed_value, today)
    s.network(branches, leadership)
    templates = list(TaskTemplate.objects.filter(is_active=True, mine__isnull=True))
    if not templates:
        sys.exit("no task templates: run manage.py migrate (grid 0002 seeds them)")
    print(
        f"==> {len(branches):,} branches, {sum(len(b.cadres) for b in branches):,} cadres, "
        f"{sum(len(b.members) for b in branches):,} Party members, "
        f"{sum(len(w) for b in branches for w in b.workers.values()):,} non-Party workers; "
        f"network drawn in {time.monotonic() - started:.1f} s"
    )
    secretary_of = {b.pk: b.secretary for b in branches}
    with transaction.atomic():
        first = reserve_ids("grid_gridlink", len(s.links))
        for i, row in enumerate(s.links):
            row[0] = first + i
        copy("grid_gridlink", LINK_COLUMNS, s.links)
        tick = time.monotonic()
        events, event_tasks, event_visits = life_events(s, secretary_of, names)
        tasks, visit_task = last_months_tasks(s, templates, names)
        visits = monthly_visits(s, visit_task)
        visited = {v[8]: v[10] for v in visits if v[8] is not None}
        for task in tasks:
            if task[0] in visited:  # the month's visit to the subject completed it
                task[11], task[12], task[13], task[15] = "done", visited[task[0]], "已走访", 1
        visits += event_visits
        reports = monthly_reports(s, tasks, visits, secretary_of)
        copy("grid_lifeevent", EVENT_COLUMNS, events)
        copy("grid_gridtask", TASK_COLUMNS, tasks + event_tasks)
        copy("grid_visit", VISIT_COLUMNS, visits)
        copy("grid_monthlyreport", REPORT_COLUMNS, reports)
    with connection.cursor() as c:
        c.execute("ANALYZE")  # seed_demo leaves people and organisations unanalysed
    current = sum(1 for row in s.links if row[6] is None)
    print(
        f"==> links: {len(s.links):,} ({current:,} current: {len(s.level1):,} leadership → "
        f"branch, {len(s.level2):,} secretary → cadre, {len(s.level3):,} cadre → crew leader "
        f"or Party member, {len(s.covering):,} Party member → worker; "
        f"{len(s.links) - current:,} ended)"
    )
    members = {m for m, *_ in s.covering}
    print(
        f"    {len(members):,} Party members cover workers "
        f"({len(s.covering) / max(1, len(members)):.1f} each), {s.idle:,} idle, "
        f"{s.overloaded} branches with one over {settings.GRID_MAX_COVERED}; "
        f"{s.uncovered:,} workers uncovered"
    )
    print(
        f"    history since {s.history_from}: {len(visits):,} visits, {len(events):,} life "
        f"events ({len(event_tasks):,} tasks), {len(tasks):,} template tasks of "
        f"{s.last_month:%Y-%m}, {len(reports):,} monthly reports; "
        f"writing {time.monotonic() - tick:.1f} s"
    )
    print(f"==> grid seeded in {time.monotonic() - started:.1f} s")


def monthly_visits(s: Seeder, task_of: dict[tuple[int, int], int]) -> list[list]:
    """A visit per covered worker in 85 % of the months, by whoever covered them then."""
    rng, rows = s.rng, []
    spans = [(m, w, b, since, None) for m, w, b, since in s.covering] + list(s.earlier)
    month = s.history_from
    while month <= s.today:
        last = min(last_of(month), s.today)
        share = VISIT_SHARE * ((last - month).days + 1) / ((last_of(month) - month).days + 1)
        for member, worker, branch, since, until in spans:
            first = max(month, since)
            end = last if until is None else min(last, until - timedelta(days=1))
            if first > end or rng.random() >= share:
                continue
            day = between(rng, first, end)
            talk = rng.random() < 0.7
            text = rng.choice(TALKS if talk else VISITS)
            task = task_of.get((member, worker)) if month == s.last_month else None
            rows.append(
                [member, worker, branch, day, "talk" if talk else "visit", text, "none", "",
                 task, None, at_local(day, rng.uniform(9, 20))]
            )  # fmt: skip
        month = add_months(month, 1)
    return rows


def life_events(s: Seeder, secretary_of: dict[int, int | None], names: dict[int, str]):
    """Life events with the task each opened and, mostly, the visit that answered it."""
    rng = s.rng
    kinds, weights = zip(*EVENT_KINDS, strict=True)
    covered_by = {w: (m, b) for m, w, b, _since in s.covering}
    workers = sorted(covered_by)
    days = (s.today - s.history_from).days + 1
    count = int(len(workers) * EVENTS_PER_MONTH * days / 30)
    first_id = reserve_ids("grid_lifeevent", count)
    first_task = reserve_ids("grid_gridtask", count)
    deadline: dict[tuple[date, int], date] = {}
    events, tasks, visits = [], [], []
    for i in range(count):
        pk, task_pk = first_id + i, first_task + i
        worker = rng.choice(workers)
        member, branch = covered_by[worker]
        kind = rng.choices(kinds, weights)[0]
        visit_kind = "talk" if kind == "conflict_discipline" else "visit"
        occurred = between(rng, s.history_from, s.today)
        text = rng.choice(EVENT_TEXT[kind])
        recorded = occurred + timedelta(days=rng.choice((0, 0, 1, 2)))
        recorded = min(recorded, s.today)
        source = rng.choices(("grid_member", "worker", "import"), (80, 15, 5))[0]
        events.append(
            [pk, worker, kind, occurred, text, visit_kind, source,
             worker if source == "worker" else member, branch, at_local(recorded, 10)]
        )  # fmt: skip
        n = settings.GRID_EVENT_WORKDAYS.get(kind, 3)
        if (recorded, n) not in deadline:
            deadline[(recorded, n)] = add_workdays(recorded, n)
        due = deadline[(recorded, n)]
        done = recorded <= s.today - timedelta(days=3) and rng.random() < EVENT_VISITED
        done_on = min(s.today, recorded + timedelta(days=rng.randint(0, (due - recorded).days + 2)))
        label = "五必谈" if visit_kind == "talk" else "五必访"
        tasks.append(
            [task_pk, member, branch, first_of(recorded), "life_event", None,
             f"{label}：{names.get(worker, '')}"[:80], text, worker, pk, due,
             "done" if done else "open", at_local(done_on, 17) if done else None,
             "已谈话/走访，情况已记录" if done else "", None, 1 if done else 0,
             at_local(recorded, 10)]
        )  # fmt: skip
        if done:
            visits.append(
                [member, worker, branch, done_on, visit_kind,
                 f"因{text}{'谈心谈话' if visit_kind == 'talk' else '上门走访'}，转达组织关心。",
                 "none", "", task_pk, pk, at_local(done_on, 16)]
            )  # fmt: skip
    return events, tasks, visits


def generation_key(template: int, owner: int, subject: int | None, month: date) -> str:
    """As services.tasks.generate_month keys its tasks."""
    return f"{template}:{owner}:{subject or 0}:{month:%Y%m}"


def last_months_tasks(s: Seeder, templates: list, names: dict[int, str]):
    """Last month's template tasks of every grid member, as generate_month makes them
    (one per template and member, or per covered person; the branch of the member's
    first link), and the per-covered visit task of each (member, worker): seed() marks
    those done where the month's visit was logged (the visit points at its task)."""
    rng, month = s.rng, s.last_month
    # level → member → [(covered, branch)], links in the order they were made.
    covered: dict[str, dict[int, list[tuple]]] = defaultdict(lambda: defaultdict(list))
    for m, w, b, since in s.covering:
        if since <= month:
            covered[Level.MEMBER_WORKER][m].append((w, b))
    for c, p, b in s.level3:
        covered[Level.CADRE_MEMBER][c].append((p, b))
    for sec, c, b in s.level2:
        covered[Level.SECRETARY_CADRE][sec].append((c, b))
    for leader, b in s.level1:
        covered[Level.LEADER_BRANCH][leader].append((None, b))
    last = last_of(month)
    rows, task_of = [], {}
    for t in templates:
        due = last if not t.due_day else month.replace(day=min(t.due_day, last.day))
        for owner, links in covered[t.level].items():
            targets = [x for x in links if x[0]] if t.per_covered else []
            for subject, branch in targets or [(None, links[0][1])]:
                title = f"{t.title}：{names.get(subject, '')}" if subject else t.title
                rows.append(
                    [None, owner, branch, month, "template", t.pk, title[:80], t.description,
                     subject, None, due, "open", None, "",
                     generation_key(t.pk, owner, subject, month), 0, at_local(month, 1)]
                )  # fmt: skip
                if subject and t.level == Level.MEMBER_WORKER:
                    task_of[(owner, subject)] = len(rows) - 1
    first = reserve_ids("grid_gridtask", len(rows))
    for i, row in enumerate(rows):
        row[0] = first + i
    visit_rows = set(task_of.values())
    for i, row in enumerate(rows):
        if i not in visit_rows and rng.random() < TASK_DONE:
            done_on = between(rng, month, last)
            row[11], row[12], row[13], row[15] = "done", at_local(done_on, 18), "已完成", 1
    # The per-covered visit tasks are done by the month's visit (see seed()).
    return rows, {pair: rows[i][0] for pair, i in task_of.items()}


def monthly_reports(
    s: Seeder, tasks: list[list], visits: list[list], secretary_of: dict
) -> list[list]:
    """Last month's reports (月报表), the figures counted from the rows just drawn."""
    rng, month = s.rng, s.last_month
    last = last_of(month)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for v in visits:
        if month <= v[3] <= last:
            counts[v[0]]["visits" if v[4] == "visit" else "talks"] += 1
    for t in tasks:
        counts[t[1]]["tasks_total"] += 1
        counts[t[1]]["tasks_done"] += t[11] == "done"
    covered: dict[int, tuple[int, int]] = {}
    for m, _w, b, since in s.covering:
        if since <= month:
            n, _ = covered.get(m, (0, b))
            covered[m] = (n + 1, b)
    due = add_months(month, 1).replace(day=settings.GRID_REPORT_DUE_DAY)
    rows = []
    for member, (n, branch) in sorted(covered.items()):
        if rng.random() >= REPORTED:
            continue
        c = counts[member]
        figures = {
            "covered": n, "visits": c["visits"], "talks": c["talks"],
            "tasks_total": c["tasks_total"], "tasks_done": c["tasks_done"],
            "tasks_overdue": c["tasks_total"] - c["tasks_done"], "life_events": 0,
            "problems_raised": 0, "visit_rows": [],
        }  # fmt: skip
        submitted = add_months(month, 1) + timedelta(days=rng.choice((0, 1, 2, 3, 4, 4, 6, 8)))
        submitted = min(submitted, s.today)
        roll = rng.random()
        state = "accepted" if roll < 0.7 else "returned" if roll < 0.75 else "submitted"
        reviewed = state != "submitted"
        reviewed_on = min(s.today, submitted + timedelta(days=2))
        rows.append(
            [member, branch, month, json.dumps(figures, ensure_ascii=False),
             "本月按要求完成走访联系，职工思想稳定。下月继续做好联系服务。", state,
             at_local(submitted, 20), submitted <= due,
             secretary_of.get(branch) if reviewed else None,
             at_local(reviewed_on, 10) if reviewed else None,
             "请补充走访情况" if state == "returned" else "", 1 if reviewed else 0]
        )  # fmt: skip
    return rows


def reset() -> None:
    with connection.cursor() as c:
        c.execute(f"TRUNCATE {', '.join(GRID_TABLES)}")
    print("==> grid tables emptied (task templates kept)")


# --- Accounts for the load scenario -----------------------------------------------------------


def every_nth(items: list, count: int) -> list:
    if len(items) <= count:
        return items
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def write_accounts(path: str, count: int = 100) -> None:
    """Party members covering workers now, with the demo password (bench database only)."""
    today = datetime.now(LOCAL).date()
    current = GridLink.objects.filter(level=Level.MEMBER_WORKER, starts_on__lte=today).exclude(
        ends_on__lte=today
    )
    members = sorted(
        set(
            current.values_list("responsible__employee_no", "responsible_id").filter(
                responsible__is_active=True
            )
        )
    )
    if not members:
        sys.exit("no Party member covers anyone: run bench/grid_seed.py first")
    chosen = every_nth(members, count)
    demo_password = (
        Person.objects.filter(roles__isnull=False, password__startswith="pbkdf2")
        .values_list("password", flat=True)
        .first()
    )
    if demo_password is None:
        sys.exit("no office holder can sign in: seed with seed_demo --bench-logins")
    Person.objects.filter(pk__in=[pk for _no, pk in chosen]).update(
        password=demo_password, must_change_password=False, password_changed_at=None
    )
    covered = dict(
        current.filter(responsible_id__in=[pk for _no, pk in chosen])
        .values_list("responsible_id")
        .annotate(n=Count("pk"))
        .values_list("responsible_id", "n")
    )
    month = first_of(today)
    tasks = dict(
        GridTask.objects.filter(owner_id__in=[pk for _no, pk in chosen], month=month)
        .values_list("owner_id")
        .annotate(n=Count("pk"))
        .values_list("owner_id", "n")
    )
    accounts = [
        {"employee_no": no, "tier": "member", "covered": covered.get(pk, 0),
         "tasks": tasks.get(pk, 0)}
        for no, pk in chosen
    ]  # fmt: skip
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(accounts, ensure_ascii=False, indent=1))
    n_tasks = sorted(a["tasks"] for a in accounts)
    print(
        f"==> {len(accounts)} grid members in {path} (of {len(members):,} covering workers); "
        f"covering {min(covered.values())}–{max(covered.values())} each; "
        f"{month:%Y-%m} tasks each: {n_tasks[0]}–{n_tasks[-1]} "
        f"(median {n_tasks[len(n_tasks) // 2]})"
    )
    if not n_tasks[-1]:
        print("!!! no tasks this month yet: run bench/grid_timings.py (it generates them) first")


def probe(accounts_path: str) -> None:
    """One request to each measured page, in this process: status, time and queries."""
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    accounts = json.loads(Path(accounts_path).read_text())
    account = max(accounts, key=lambda a: (a["tasks"], a["employee_no"]))
    failed = False
    for name, url in (("task list page", "/grid/"), ("API tasks", "/api/grid/tasks")):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(Person.objects.get(employee_no=account["employee_no"]))
        client.get(url)  # warm up: the first request of a process loads templates
        with CaptureQueriesContext(connection) as queries:
            started = time.monotonic()
            response = client.get(url)
            elapsed = (time.monotonic() - started) * 1000
        failed |= response.status_code != 200
        print(
            f"    {name:<16} HTTP {response.status_code}  {elapsed:6.0f} ms  "
            f"{len(queries):>3} queries  {len(response.content):>7,} bytes  "
            f"{account['employee_no']} ({account['covered']} covered, "
            f"{account['tasks']} tasks this month)  {url}"
        )
    if failed:
        sys.exit("a page did not answer 200: not running the load test")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--reset", action="store_true", help="empty the grid tables first")
    parser.add_argument("--accounts", default="", help="write the load test's accounts here")
    parser.add_argument("--probe", default="", help="request each page once (accounts file)")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/grid_seed.py writes with COPY: point DATABASE_URL at PostgreSQL")
    if args.reset:
        reset()
    if not (args.accounts or args.probe) or args.reset:
        if GridLink.objects.filter(level=Level.MEMBER_WORKER).exists():
            print(
                f"==> grid network already there ({GridLink.objects.count():,} links, "
                f"{GridTask.objects.count():,} tasks): nothing to do (--reset to start over)"
            )
        else:
            seed(args.seed)
    if args.accounts:
        write_accounts(args.accounts)
    if args.probe:
        probe(args.probe)
