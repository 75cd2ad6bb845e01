"""The worker-voice seeder's state: the mine's units, workers and officers, the dates,
and the cases planned so far; and who does what (a worker, the officer who takes a case
in, the department's handler), drawn from its random.Random."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.utils import timezone

from tongxin.people.models import Organisation, OrgKind, Person, Role, Tree
from tongxin.people.selectors import holders_over

from ..models import Case, Category
from ..services.base import intake_officers

DEMO_DISTRICT = "综采一队"
DEMO_DEPARTMENT = "机电科"
# Which department a category goes to. 后勤服务队 is a district (no department head):
# its 队长 is named as the handler.
DEPARTMENT_FOR = {
    "薪酬福利": "人力资源部",
    "休息休假": "人力资源部",
    "培训": "人力资源部",
    "职业发展": "人力资源部",
    "劳动安全": "安监处",
    "设备": "机电科",
    "食堂": "后勤服务队",
    "宿舍": "后勤服务队",
    "通勤": "后勤服务队",
    "其他": "党群工作部",
}


@dataclass
class Plan:
    """A case's timeline to be moved back: from `start` to `end`."""

    case_id: int
    start: datetime
    end: datetime
    anonymous: bool = False
    overdue_days: int = 0


@dataclass
class Script:
    """How far one case gets, and with whom."""

    final: str
    major: bool = False
    rating: int | None = None
    overdue_days: int = 0
    adopt: bool | None = None
    milestones: tuple[str, ...] = ()
    department: str = ""
    handler: Person | None = None
    extra: dict = field(default_factory=dict)


class Seeder:
    """What every channel reads (the mine's units, workers, officers, the dates) and the
    cases it plans as it goes; who does what is drawn from its random.Random."""

    def __init__(self, rng: random.Random, mine: Organisation):
        self.rng = rng
        self.mine = mine
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.plans: list[Plan] = []
        self.case_ids: list[int] = []
        self.receipt: str | None = None
        self.categories = {c.name: c for c in Category.objects.all()}
        self.units = {
            o.name: o
            for o in Organisation.objects.filter(
                tree=Tree.UNIT,
                path__startswith=mine.path,
                kind__in=(OrgKind.DISTRICT, OrgKind.DEPARTMENT),
            )
        }
        self.logins = {
            p.employee_no: p
            for p in Person.objects.filter(employee_no__startswith="demo").select_related("unit")
        }
        self.district = self.units[DEMO_DISTRICT]
        self.department = self.units[DEMO_DEPARTMENT]
        workers = list(
            Person.objects.filter(
                unit__path__startswith=mine.path, is_active=True, roles__isnull=True
            )
            .exclude(employee_no__startswith="demo")
            .select_related("unit")
            .order_by("employee_no")
        )
        self.workers = workers
        step = len(mine.path) + Organisation.steplen
        by_path = {o.path: o for o in self.units.values()}
        self.unit_of = {w.pk: by_path.get(w.unit.path[:step]) for w in workers}
        self.in_demo_district = [w for w in workers if self.unit_of[w.pk] == self.district]
        self.district_workers = [
            w for w in workers if self.unit_of[w.pk] and self.unit_of[w.pk].kind == OrgKind.DISTRICT
        ]
        self.handlers: dict[str, list[Person]] = {}
        self.decks: dict[int, list] = {}
        self.used: set[str] = set()
        self.mine_officer = self._mine_officer()
        self._officer_turn = 0

    # --- people -------------------------------------------------------------------------

    def _mine_officer(self) -> Person:
        """Who takes in matters of the whole mine: its union chair, else its administrator."""
        for role in (Role.UNION_CHAIR, Role.ADMIN):
            holders = [
                p
                for p in holders_over(self.mine.path, role, nearest=True)
                if p.unit_id and p.unit.path.startswith(self.mine.path)
            ]
            if holders:
                return holders[0]
        raise LookupError("the demo mine has no union chair and no administrator")

    def worker(self, *, demo_district: bool = False, district: bool = False) -> Person:
        pool = self.workers
        if demo_district and self.in_demo_district:
            pool = self.in_demo_district
        elif district and self.district_workers:
            pool = self.district_workers
        return self.rng.choice(pool)

    def draw(self, templates: list) -> tuple:
        """The next template of a shuffled deck: no title twice until all have been used."""
        deck = self.decks.get(id(templates))
        if not deck:
            deck = [t for t in templates if t[1] not in self.used] or templates[:]
            self.rng.shuffle(deck)
            self.decks[id(templates)] = deck
        template = deck.pop()
        self.used.add(template[1])
        return template

    def officer(self, case: Case) -> Person:
        officers = intake_officers(case)
        if case.org_path.startswith(self.district.path):
            # Take turns, so that both demo03 and demo04 appear on the timelines.
            officers = sorted(officers, key=lambda p: p.employee_no)
            self._officer_turn += 1
            return officers[self._officer_turn % len(officers)]
        return self.rng.choice(officers) if officers else self.mine_officer

    def handler(self, department_name: str) -> Person:
        if department_name not in self.handlers:
            dept = self.units[department_name]
            people = list(
                Person.objects.filter(unit=dept, is_active=True)
                .select_related("unit")
                .order_by("employee_no")
            )
            if dept.kind == OrgKind.DISTRICT:
                chosen = [p for p in people if p.post == "队长"] or people[:1]
            else:
                heads = holders_over(dept.path, Role.DEPARTMENT_HEAD, nearest=True)
                staff = [p for p in people if not p.roles.exists()]
                chosen = heads + staff[:3]
            self.handlers[department_name] = chosen
        return self.rng.choice(self.handlers[department_name])

    def fill(self, text: str, person: Person | None, unit: Organisation | None) -> str:
        rng = self.rng
        nights = rng.randint(16, 22)
        crew = ""
        if person is not None and person.unit and person.unit.kind == OrgKind.CREW:
            crew = person.unit.name
        support = rng.randint(20, 120)
        return text.format(
            unit=unit.name if unit else DEMO_DISTRICT,
            crew=crew or "班组",
            month=(self.today.month - 2) % 12 + 1,
            nights=nights,
            counted=nights - rng.randint(3, 6),
            amount=rng.choice((86, 120, 150, 200, 260)),
            masks=rng.randint(2, 4),
            building=rng.randint(1, 6),
            support_a=support,
            support_b=support + rng.randint(5, 15),
        )

    # --- when things happened -------------------------------------------------------------

    def ago(self, days: float) -> datetime:
        return self.now - timedelta(days=days)

    def day_at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return timezone.make_aware(datetime.combine(day, clock(hour, minute)))
