"""The hazard seeder's state: the mine's units, people and officers, the dates, and the
scripts of the hazards to make (who finds each, who rectifies it, when)."""

from __future__ import annotations

import io
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tongxin.people.models import Organisation, OrgKind, Person, Role, RoleAssignment, Tree

from ..models import ChecklistTemplate, HazardCategory, InspectionPlan, Workplace

DAYS_OF_HISTORY = 30
DEMO_DISTRICT = "综采一队"
DEMO_DEPARTMENT = "机电科"
# A district's deputies, the safety deputy (安全副队长) among them.
DEPUTIES = ("副队长", "安全副队长")


@dataclass
class Script:
    """How far one hazard gets, with whom, and when."""

    final: str
    source: str
    severity: str
    unit: Organisation
    district: Organisation
    category: str = ""
    reporter: Person | None = None
    responsible: Person | None = None
    at_report: bool = False
    fail_once: bool = False
    overdue_days: int = 0
    late: bool = False
    found: date | None = None
    found_at: datetime | None = None  # the moment of the inspection that found it
    assign_day: date | None = None
    rect_day: date | None = None
    close_day: date | None = None
    plan: InspectionPlan | None = None
    finding: tuple | None = None
    assigner: Person | None = None
    checker: Person | None = None
    hazard_id: int = 0
    notes: list = field(default_factory=list)  # (action, actor, text, moment)


def family_of(district: Organisation) -> str:
    from tongxin.people.demo.layout import DISTRICTS

    return next((family for name, family, _w in DISTRICTS if name == district.name), "heading")


class Seeder:
    def __init__(self, rng: random.Random, mine: Organisation):
        self.rng = rng
        self.mine = mine
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.first_day = self.today - timedelta(days=DAYS_OF_HISTORY)
        self.categories = {c.name: c for c in HazardCategory.objects.all()}
        steplen = Organisation.steplen
        units = list(
            Organisation.objects.filter(tree=Tree.UNIT, path__startswith=mine.path).order_by("path")
        )
        self.districts = [u for u in units if u.kind == OrgKind.DISTRICT]
        self.departments = {u.name: u for u in units if u.kind == OrgKind.DEPARTMENT}
        self.crews: dict[int, list[Organisation]] = defaultdict(list)
        by_path = {u.path: u for u in units}
        self.district_of: dict[int, Organisation] = {}
        for unit in units:
            if unit.kind == OrgKind.CREW:
                parent = by_path[unit.path[:-steplen]]
                self.crews[parent.pk].append(unit)
                self.district_of[unit.pk] = parent
            elif unit.kind == OrgKind.DISTRICT:
                self.district_of[unit.pk] = unit
        people = list(
            Person.objects.filter(unit__path__startswith=mine.path, is_active=True)
            .select_related("unit")
            .order_by("employee_no")
        )
        self.by_unit: dict[int, list[Person]] = defaultdict(list)
        for person in people:
            self.by_unit[person.unit_id].append(person)
        self.logins = {p.employee_no: p for p in people if p.employee_no.startswith("demo")}
        self.party = [p for p in people if p.is_party_member and p.unit.kind == OrgKind.CREW]
        roles = RoleAssignment.objects.filter(
            person__is_active=True,
            role__in=(
                Role.LEADERSHIP, Role.ADMIN, Role.UNION_CHAIR, Role.BRANCH_SECRETARY,
                Role.SAFETY_OFFICER,
            ),
        ).select_related("person__unit", "organisation__unit")  # fmt: skip
        self.leaders, self.admins = [], []
        # Each district's safety officer (安全副队长), by the district's pk.
        self.safety_officers: dict[int, Person] = {}
        self.chairs: dict[int, Person] = {}
        self.secretaries: dict[int, Person] = {}
        self.mine_chair: Person | None = None
        for a in roles:
            if a.role == Role.SAFETY_OFFICER:
                if a.organisation.path.startswith(mine.path):
                    self.safety_officers.setdefault(a.organisation_id, a.person)
                continue
            if a.organisation.tree == Tree.UNIT:
                if a.organisation_id != mine.pk:
                    continue
                (self.leaders if a.role == Role.LEADERSHIP else self.admins).append(a.person)
                continue
            home = a.organisation.unit
            if home is None or not home.path.startswith(mine.path):
                continue
            if a.role == Role.UNION_CHAIR:
                if home.pk == mine.pk:
                    self.mine_chair = a.person
                else:
                    self.chairs.setdefault(home.pk, a.person)
            elif a.role == Role.BRANCH_SECRETARY:
                self.secretaries.setdefault(home.pk, a.person)
        self.leaders.sort(key=lambda p: p.employee_no)
        self.boss = self.logins.get("demo06") or self.leaders[0]
        deputies = [p for p in self.leaders if p.post in ("安全副矿长", "生产副矿长", "总工程师")]
        self.safety = deputies[0] if deputies else self.boss
        self.token = self.admins[0] if self.admins else self.boss
        self.head05 = self.logins.get("demo05")
        department = self.departments.get(DEMO_DEPARTMENT)
        self.dept_staff = [
            p for p in self.by_unit.get(department.pk, []) if p != self.head05
        ] if department else []  # fmt: skip
        safety_office = self.departments.get("安监处")
        self.safety_staff = self.by_unit.get(safety_office.pk, []) if safety_office else []
        self.workplaces: dict[int, list[Workplace]] = {}
        self.templates: dict[tuple[int, str], ChecklistTemplate] = {}
        self.items: dict[int, list] = {}
        self.plans: list[InspectionPlan] = []
        self.daily_plan: dict[int, InspectionPlan] = {}
        self.scripts: list[Script] = []
        self.done: set[tuple[int, str]] = set()
        self.skipped: set[tuple[int, date]] = set()
        self.inspections = 0
        self.photos = [photo_bytes(random.Random(i)) for i in range(6)]
        self.demo_crew = self.logins["demo01"].unit if "demo01" in self.logins else None

    # --- people -----------------------------------------------------------------------------

    def crew_leader(self, crew: Organisation) -> Person | None:
        people = self.by_unit.get(crew.pk, [])
        return next((p for p in people if p.post == "班长"), people[0] if people else None)

    def crew_member(self, crew: Organisation, *, avoid=()) -> Person | None:
        people = [p for p in self.by_unit.get(crew.pk, []) if p not in avoid]
        if "demo01" in self.logins:
            people = [p for p in people if p.employee_no != "demo01"] or people
        return self.rng.choice(people) if people else None

    def district_staff(self, district: Organisation, *posts: str) -> list[Person]:
        people = self.by_unit.get(district.pk, [])
        chosen = [p for p in people if p.post in posts]
        return chosen or people

    def district_head(self, district: Organisation) -> Person:
        return (self.district_staff(district, "队长") or [self.safety])[0]

    def checker_for(self, s: Script) -> Person:
        """Who re-checks the hazard at the level its severity asks (hazards.access): its
        finder for a 一般 one, the district's safety officer for a 较大 one, a deputy mine
        manager otherwise; never the person who rectifies it."""
        from ..models import Severity

        officer = self.safety_officers.get(s.district.pk)
        if s.severity == Severity.GENERAL and s.reporter != s.responsible:
            return s.reporter
        if s.severity != Severity.MAJOR and officer is not None and officer != s.responsible:
            return officer
        return self.safety if self.safety != s.responsible else self.boss

    def photo(self, name: str) -> SimpleUploadedFile:
        data = self.rng.choice(self.photos)
        return SimpleUploadedFile(name, data, content_type="image/jpeg")

    # --- time -------------------------------------------------------------------------------

    def at(self, day: date, hour: float) -> datetime:
        moment = timezone.make_aware(datetime.combine(day, clock(0))) + timedelta(hours=hour)
        return min(moment, self.now - timedelta(minutes=5))

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))


def photo_bytes(rng: random.Random) -> bytes:
    """A small invented "photo": a dark roadway with a lit patch (no real picture is needed)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (240, 180), (38, 38, 42))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randint(0, 220), rng.randint(0, 160)
        shade = rng.randint(60, 140)
        draw.rectangle([x, y, x + rng.randint(10, 90), y + rng.randint(5, 40)],
                       fill=(shade, shade, shade - 10))  # fmt: skip
    draw.ellipse([90, 60, 150, 120], fill=(220, 200, 120))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()
