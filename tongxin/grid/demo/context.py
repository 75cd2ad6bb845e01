"""The grid seeder's state: the mine's people and branches, the dates, what is covered.

Dates: the services stamp "now" and give a life event's task its deadline from the
day it is recorded. As in the other demos, timestamps are moved back afterwards with
queryset .update() (demo data only): a life event's and its task's created_at, month,
due date and done_at, a visit's created_at, a problem's created_at, raised_on and
closed_at, a report's review time, a passed problem's case and its events, a spot
check's times. Reports are filed through report_submit with `now` early this month.
`Seeder.at` and `Seeder.day_in` give those moments, never later than now.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.db import connection
from django.utils import timezone

from tongxin.core.models import AuditEvent
from tongxin.people.models import Organisation, OrgKind, Person, Role, RoleAssignment

from ..coverage import BranchRoster, branch_roster, crews_of
from ..periods import first_of, next_month, previous_month

DEMO_DISTRICT = "综采一队"
DEMO_DEPARTMENT = "机电科"
MAX_COVERED = 8  # what a Party member covers at most here (settings.GRID_MAX_COVERED by default)


@dataclass
class Branch:
    """A Party branch of the mine, with its roster (coverage.branch_roster)."""

    org: Organisation
    roster: BranchRoster
    secretary: Person | None
    crews: list[Organisation]
    is_demo: bool = False


class Seeder:
    """What every story reads (the mine's officers, branches and dates) and what they
    add to as they go: who covers whom, the life events, problems and visits made."""

    def __init__(self, rng: random.Random, mine: Organisation):
        self.rng = rng
        self.mine = mine
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.this_month = first_of(self.today)
        self.last_month = previous_month(self.this_month)
        quarter = (self.today.month - 1) // 3 + 1
        last_q = (self.today.year, quarter - 1) if quarter > 1 else (self.today.year - 1, 4)
        self.last_quarter = last_q
        self.lq_start = date(last_q[0], 3 * last_q[1] - 2, 1)
        self.lq_end = next_month(date(last_q[0], 3 * last_q[1], 1)) - timedelta(days=1)
        # The network as set up at the start of the quarter before last.
        self.start = previous_month(previous_month(previous_month(self.lq_start)))
        self.move_day = self.lq_start + timedelta(days=40)
        roles = list(
            RoleAssignment.objects.filter(person__is_active=True)
            .select_related("person__unit", "organisation__unit")
            .order_by("pk")
        )
        self.leaders = sorted(
            {a.person for a in roles if a.role == Role.LEADERSHIP and a.organisation_id == mine.pk},
            key=lambda p: p.employee_no,
        )
        self.admin = next(
            (a.person for a in roles if a.role == Role.ADMIN and a.organisation_id == mine.pk),
            None,
        )
        self.inspector = next(
            (
                a.person
                for a in roles
                if a.role == Role.DISCIPLINE_INSPECTOR and a.organisation_id == mine.pk
            ),
            None,
        )
        self.secretaries = {
            a.organisation_id: a.person for a in roles if a.role == Role.BRANCH_SECRETARY
        }
        self.heads = {
            a.organisation.name: a.person
            for a in roles
            if a.role == Role.DEPARTMENT_HEAD and a.organisation.path.startswith(mine.path)
        }
        self.logins = {
            p.employee_no: p
            for p in Person.objects.filter(employee_no__startswith="demo").select_related("unit")
        }
        for p in self.leaders:
            if p.employee_no == "demo06":
                self.leaders.remove(p)
                self.leaders.insert(0, p)
                break
        self.inspector = self.logins.get("demo07") or self.inspector
        branches = (
            Organisation.objects.filter(
                kind=OrgKind.BRANCH, is_active=True, unit__path__startswith=mine.path
            )
            .select_related("unit")
            .order_by("path")
        )
        self.branches: list[Branch] = []
        for org in branches:
            self.branches.append(
                Branch(
                    org=org,
                    roster=branch_roster(org),
                    secretary=self.secretaries.get(org.pk),
                    crews=crews_of(org),
                    is_demo=org.unit.name == DEMO_DISTRICT,
                )
            )
        self.demo = next((b for b in self.branches if b.is_demo), None)
        self.covers: dict[int, list[int]] = defaultdict(list)  # member → workers (level 4)
        self.cadre_of: dict[int, int] = {}  # Party member / crew leader → cadre (level 3)
        self.branch_of_person: dict[int, Branch] = {}
        self.event_ids: list[int] = []
        self.problem_ids: list[int] = []
        self.visit_count = 0

    # --- time ---------------------------------------------------------------------------------

    def at(self, day: date, hour: float) -> datetime:
        moment = timezone.make_aware(datetime.combine(day, clock(0))) + timedelta(hours=hour)
        return min(moment, self.now - timedelta(minutes=5))

    def day_in(self, start: date, end: date) -> date:
        """A day in [start, end], no later than today."""
        end = min(end, self.today)
        if end <= start:
            return min(start, self.today)
        return start + timedelta(days=self.rng.randint(0, (end - start).days))


def write_audit(events: list) -> None:
    """Insert audit rows: AuditEvents built by audit.build, or (action, actor id, actor
    label, object type, object id, object label, before, after) for rows written in bulk.
    One prepared INSERT run over all of them: the rows audit.record writes, without
    bulk_create's per-field overhead at this volume. Stamped now, as the others."""
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())

    def json(value):
        return None if value is None else ops.adapt_json_value(value, None)

    rows = []
    for e in events:
        if isinstance(e, AuditEvent):
            rows.append(
                (ops.adapt_datetimefield_value(e.at), e.actor_id, e.actor_label, e.action,
                 e.object_type, e.object_id, e.object_label, json(e.before), json(e.after),
                 e.ip, e.note)
            )  # fmt: skip
        else:
            action, actor_id, label, kind, pk, obj_label, before, after = e
            rows.append(
                (now, actor_id, label, action, kind, str(pk), str(obj_label)[:120],
                 json(before), json(after), None, "")
            )  # fmt: skip
    fields = ["at", "actor_id", "actor_label", "action", "object_type", "object_id",
              "object_label", "before", "after", "ip", "note"]  # fmt: skip
    columns = ", ".join(ops.quote_name(f) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {AuditEvent._meta.db_table} ({columns}) VALUES ({marks})",  # noqa: S608
            rows,
        )
