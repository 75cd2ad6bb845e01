"""The care seeder's state: the mine's units, people and union officers, the dates, and
what has been made so far; who collects or serves a need (the unit's union chair) and
which worker a story is about (never the same one twice, never a demo sign-in).

Dates: the services stamp "now" and check that deadlines and slots lie ahead. As in
the other demos, timestamps are moved back afterwards with queryset .update() (demo
data only): an item's created_at and deadline, the survey's and an assistance record's
created_at, a past slot's times, a booking's booked_at, a note's written_at. Needs,
reviews, assistance and item completions take their (past) dates through the
services. The audit log keeps the real time of seeding.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.utils import timezone

from tongxin.people.models import Organisation, OrgKind, Person, Role, RoleAssignment, Tree

DEMO_DISTRICT = "综采一队"


class Seeder:
    def __init__(self, rng: random.Random, mine: Organisation):
        self.rng = rng
        self.mine = mine
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        units = list(
            Organisation.objects.filter(tree=Tree.UNIT, path__startswith=mine.path).order_by("path")
        )
        self.by_path = {u.path: u for u in units}
        self.districts = [u for u in units if u.kind == OrgKind.DISTRICT]
        self.departments = {u.name: u for u in units if u.kind == OrgKind.DEPARTMENT}
        self.home_of: dict[int, Organisation] = {}  # unit pk → its district or department
        steplen = Organisation.steplen
        for unit in units:
            if unit.kind in (OrgKind.DISTRICT, OrgKind.DEPARTMENT):
                self.home_of[unit.pk] = unit
            elif unit.kind == OrgKind.CREW:
                self.home_of[unit.pk] = self.by_path[unit.path[:-steplen]]
        people = list(
            Person.objects.filter(unit__path__startswith=mine.path, is_active=True)
            .select_related("unit")
            .order_by("employee_no")
        )
        self.logins = {p.employee_no: p for p in people if p.employee_no.startswith("demo")}
        self.crew_people: dict[int, list[Person]] = {}
        self.unit_people: dict[int, list[Person]] = {}
        for person in people:
            home = self.home_of.get(person.unit_id)
            if home is None:
                continue
            self.unit_people.setdefault(home.pk, []).append(person)
            if person.unit.kind == OrgKind.CREW:
                self.crew_people.setdefault(home.pk, []).append(person)
        self.chairs: dict[int, Person] = {}
        self.heads: dict[str, Person] = {}
        self.mine_chair = self.admin = None
        roles = RoleAssignment.objects.filter(
            person__is_active=True, role__in=(Role.UNION_CHAIR, Role.ADMIN, Role.DEPARTMENT_HEAD)
        ).select_related("person__unit", "organisation__unit")
        for a in roles.order_by("pk"):
            org = a.organisation
            if a.role == Role.UNION_CHAIR and org.unit_id:
                if org.unit_id == mine.pk:
                    self.mine_chair = self.mine_chair or a.person
                elif org.unit.path.startswith(mine.path):
                    self.chairs.setdefault(org.unit_id, a.person)
            elif a.role == Role.ADMIN and org.pk == mine.pk:
                self.admin = self.admin or a.person
            elif a.role == Role.DEPARTMENT_HEAD and org.path.startswith(mine.path):
                self.heads[org.name] = a.person
        # Who runs the mine-wide care: the mine's union chair, else its administrator.
        self.union = self.mine_chair or self.admin or self.logins.get("demo08")
        self.demo_district = next((d for d in self.districts if d.name == DEMO_DISTRICT), None)
        self.demo04 = self.logins.get("demo04")
        self.taken: set[int] = {p.pk for p in self.logins.values()}
        self.counts = {"needs": 0, "items": 0, "files": 0, "assistance": 0, "slots": 0,
                       "bookings": 0}  # fmt: skip
        self.item_ids: list[int] = []
        self.aid_days: dict[int, date] = {}  # assistance → the day it was given
        self.slot_ids: list[int] = []

    # --- helpers ------------------------------------------------------------------------------

    def at(self, day: date, hour: float) -> datetime:
        moment = timezone.make_aware(datetime.combine(day, clock(0))) + timedelta(hours=hour)
        return min(moment, self.now - timedelta(minutes=5))

    def chair_for(self, unit: Organisation) -> Person:
        home = self.home_of.get(unit.pk, unit)
        return self.chairs.get(home.pk) or self.union

    def pick(self, district: Organisation, *, party: bool | None = None) -> Person | None:
        """A crew worker of the district not used yet (never a demo sign-in)."""
        people = [p for p in self.crew_people.get(district.pk, []) if p.pk not in self.taken] or [
            p for p in self.unit_people.get(district.pk, []) if p.pk not in self.taken
        ]
        if party is not None:
            people = [p for p in people if p.is_party_member == party] or people
        if not people:
            return None
        person = self.rng.choice(people)
        self.taken.add(person.pk)
        return person

    def grid_member(self, person: Person) -> Person | None:
        """The Party member covering the worker today, if the grid demo ran."""
        from tongxin.grid.coverage import covering_member

        return covering_member(person)
