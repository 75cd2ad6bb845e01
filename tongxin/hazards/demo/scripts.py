"""The hazards' scripts: about 300 hazards in every state, each planned before it is
made: how far it gets (reported, assigned, rectifying, rectified, closed; for the video
patrol pending or dismissed), found at an inspection or reported on the spot (随手拍),
who finds it, who rectifies it, who assigns and who re-checks, and on which days. Some
re-checks fail, some are overdue, a few major ones under supervision (挂牌督办), and
what the demo sign-ins are to find.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

from tongxin.people.models import OrgKind

from ..models import Level, Severity, Source
from .context import (
    DAYS_OF_HISTORY,
    DEMO_DEPARTMENT,
    DEMO_DISTRICT,
    DEPUTIES,
    Script,
    Seeder,
    family_of,
)
from .findings import MAJOR_FINDINGS

# How many hazards end in each state (about 300 in all with the video detections).
FINALS = {"closed": 136, "rectified": 26, "rectifying": 38, "assigned": 40, "reported": 22}
OVERDUE = {"rectifying": 12, "assigned": 10}


def plan(seeder: Seeder) -> None:
    rng = seeder.rng
    finals = [f for f, n in FINALS.items() for _ in range(n)]
    rng.shuffle(finals)
    overdue_left = dict(OVERDUE)
    demo_district = next((d for d in seeder.districts if d.name == DEMO_DISTRICT), None)
    weights = [
        4.0 if d == demo_district else 1.5 if family_of(d) in ("longwall", "heading") else 1
        for d in seeder.districts
    ]
    for final in finals:
        district = rng.choices(seeder.districts, weights)[0]
        # About two in three are found at an inspection; the rest reported on the spot.
        source = Source.INSPECTION if rng.random() < 0.65 else Source.REPORT
        severity = rng.choices([Severity.GENERAL, Severity.LARGER], [72, 28])[0]
        s = Script(final=final, source=source, severity=severity, unit=district, district=district)
        if final in overdue_left and overdue_left[final] > 0:
            overdue_left[final] -= 1
            s.overdue_days = rng.randint(1, 12)
        s.late = final == "closed" and rng.random() < 0.14
        s.fail_once = final in ("closed", "rectifying", "rectified") and rng.random() < 0.07
        s.at_report = final != "reported" and rng.random() < 0.6
        seeder.scripts.append(s)
    special_scripts(seeder, demo_district)
    for s in seeder.scripts:
        cast(seeder, s)
        schedule(seeder, s)


def special_scripts(seeder: Seeder, demo_district) -> None:
    """Majors under supervision, video detections, and what the demo sign-ins find."""
    rng = seeder.rng
    production = [d for d in seeder.districts if family_of(d) in ("longwall", "heading")]
    production = production or seeder.districts
    for final, overdue in (("assigned", 2), ("rectifying", 0), ("rectifying", 1),
                           ("reported", 0), ("closed", 0), ("closed", 0), ("rectified", 0),
                           ("assigned", 0)):  # fmt: skip
        district = demo_district if final == "assigned" and not overdue else None
        district = district or rng.choice(production)
        s = Script(
            final=final, source=Source.REPORT, severity=Severity.MAJOR, unit=district,
            district=district, overdue_days=overdue, at_report=final != "reported",
        )  # fmt: skip
        s.finding = rng.choice(MAJOR_FINDINGS)
        s.category = s.finding[0]
        seeder.scripts.append(s)
    transport = [d for d in seeder.districts if family_of(d) in ("transport", "longwall")]
    transport = transport or seeder.districts
    for final in (
        ["pending"] * 6 + ["dismissed"] * 10 + ["closed"] * 4 + ["assigned"] * 2 + ["reported"] * 2
    ):
        district = rng.choice(transport)
        s = Script(
            final=final, source=Source.VIDEO, severity=Severity.GENERAL, unit=district,
            district=district, category="运输", at_report=False,
        )  # fmt: skip
        seeder.scripts.append(s)
    demo01 = seeder.logins.get("demo01")
    if demo01 is not None and demo_district is not None:
        for final in ("rectified", "closed"):
            s = Script(
                final=final, source=Source.REPORT, severity=Severity.GENERAL,
                unit=demo01.unit, district=demo_district, reporter=demo01, at_report=True,
            )  # fmt: skip
            seeder.scripts.append(s)
    if seeder.head05 is not None:
        # Hazards for 机电科's head to rectify, one of them overdue.
        for final, overdue in (("assigned", 3), ("assigned", 0), ("rectifying", 0),
                               ("closed", 0), ("closed", 0)):  # fmt: skip
            district = rng.choice(production)
            s = Script(
                final=final, source=Source.REPORT, severity=Severity.GENERAL,
                unit=district, district=district, category="机电", responsible=seeder.head05,
                overdue_days=overdue, at_report=True,
            )  # fmt: skip
            seeder.scripts.append(s)
        # Ones he found on a 机电 check of the districts: waiting for his re-check.
        for final in ("rectified", "rectified", "closed"):
            district = rng.choice(seeder.districts)
            s = Script(
                final=final, source=Source.REPORT, severity=Severity.GENERAL,
                unit=district, district=district, category="机电", reporter=seeder.head05,
                at_report=True,
            )  # fmt: skip
            seeder.scripts.append(s)
        # Reported in 机电科 itself, for him to assign.
        department = seeder.departments.get(DEMO_DEPARTMENT)
        if department is not None and seeder.dept_staff:
            for _ in range(3):
                s = Script(
                    final="reported", source=Source.REPORT, severity=Severity.GENERAL,
                    unit=department, district=department, category="机电",
                    reporter=rng.choice(seeder.dept_staff),
                )  # fmt: skip
                seeder.scripts.append(s)
    if demo_district is not None:
        demo_stories(seeder, demo_district)


def demo_stories(seeder: Seeder, district) -> None:
    """Added last, so that the hazards before them come out as they always did: a crew's
    机电 hazard waiting for 机电科's head (demo05) to assign it, and a 较大 one demo01
    found, rectified and waiting for the district's safety officer (demo10): demo01 may
    not re-check it himself."""
    crews = seeder.crews.get(district.pk, [])
    if crews and seeder.head05 is not None:
        crew = crews[-1]
        s = Script(
            final="reported", source=Source.REPORT, severity=Severity.GENERAL, unit=crew,
            district=district, category="机电", reporter=seeder.crew_leader(crew),
        )  # fmt: skip
        seeder.scripts.append(s)
    demo01 = seeder.logins.get("demo01")
    if demo01 is not None:
        s = Script(
            final="rectified", source=Source.REPORT, severity=Severity.LARGER,
            unit=demo01.unit, district=district, reporter=demo01, at_report=True,
        )  # fmt: skip
        seeder.scripts.append(s)


def cast(seeder: Seeder, s: Script) -> None:
    """Who finds it, who rectifies it, who assigns and who re-checks."""
    rng = seeder.rng
    crews = seeder.crews.get(s.district.pk, [])
    if s.source == Source.INSPECTION:
        level = rng.choices(
            [Level.CREW_DAILY, Level.DISTRICT_WEEKLY, Level.BRANCH_MONTHLY], [85, 11, 4]
        )[0]
        if level == Level.CREW_DAILY and crews:
            crew = rng.choice(crews)
            s.plan = seeder.daily_plan[crew.pk]
            s.unit = crew
            leader = seeder.crew_leader(crew)
            s.reporter = leader if rng.random() < 0.6 else seeder.crew_member(crew) or leader
        else:
            if level == Level.CREW_DAILY:
                level = Level.DISTRICT_WEEKLY
            s.plan = next(
                p for p in seeder.plans if p.unit_id == s.district.pk and p.level == level
            )
            if level == Level.BRANCH_MONTHLY and s.district.pk in seeder.secretaries:
                s.reporter = seeder.secretaries[s.district.pk]
            else:
                s.reporter = rng.choice(seeder.district_staff(s.district, "队长", *DEPUTIES))
    elif s.reporter is None:
        if s.source == Source.VIDEO:
            s.reporter = rng.choice(seeder.party) if seeder.party else seeder.safety
        elif seeder.safety_staff and rng.random() < 0.3:
            s.reporter = rng.choice(seeder.safety_staff)
        elif crews:
            crew = rng.choice(crews)
            if s.severity != Severity.MAJOR:
                s.unit = crew
            s.reporter = seeder.crew_member(crew) or seeder.district_head(s.district)
        else:
            s.reporter = rng.choice(seeder.by_unit.get(s.district.pk) or [seeder.safety])
    if s.responsible is None:
        if s.category == "机电" and seeder.dept_staff and rng.random() < 0.4:
            s.responsible = rng.choice(seeder.dept_staff)
        elif s.unit.kind == OrgKind.CREW and rng.random() < 0.7:
            s.responsible = seeder.crew_leader(s.unit)
        elif s.district.kind == OrgKind.DEPARTMENT:
            s.responsible = rng.choice(seeder.dept_staff) if seeder.dept_staff else seeder.head05
        else:
            s.responsible = rng.choice(seeder.district_staff(s.district, *DEPUTIES, "队长"))
        if s.responsible == s.reporter:
            s.responsible = seeder.district_head(s.district)
            if s.responsible == s.reporter:
                s.responsible = seeder.safety
    # Who assigns and who re-checks, by the rules of hazards.access: the district's
    # safety officer (or, without one, a deputy mine manager); 机电科's head in 机电科;
    # a 较大 hazard is re-checked by the safety officer or leadership, never its finder;
    # a 重大 one by leadership.
    if s.severity == Severity.MAJOR:
        s.assigner = seeder.boss
    elif s.district.kind == OrgKind.DEPARTMENT and seeder.head05 is not None:
        s.assigner = seeder.head05
    else:
        s.assigner = seeder.safety_officers.get(s.district.pk) or seeder.safety
    s.checker = seeder.checker_for(s)


def schedule(seeder: Seeder, s: Script) -> None:
    """The days of the hazard's life: found, assigned, rectified, closed."""
    rng, today = seeder.rng, seeder.today
    days = settings.HAZARD_DEADLINE_DAYS.get(s.severity, 7)
    oldest = DAYS_OF_HISTORY - 1 if s.source == Source.INSPECTION else 58
    lag = 0 if s.at_report else rng.randint(0, 1)
    if s.final in ("reported", "pending"):
        s.found = seeder.days_ago(1 if s.source == Source.INSPECTION else 0, 3)
    elif s.final == "dismissed":
        s.found = seeder.days_ago(1, 20)
    elif s.overdue_days:
        deadline = today - timedelta(days=s.overdue_days)
        s.assign_day = deadline - timedelta(days=days)
        s.found = s.assign_day - timedelta(days=lag)
    elif s.final in ("assigned", "rectifying"):
        s.assign_day = today - timedelta(days=rng.randint(0, days - 1 if days > 1 else 0))
        s.found = s.assign_day - timedelta(days=lag)
    elif s.final == "rectified":
        s.rect_day = seeder.days_ago(0, 3)
        s.assign_day = s.rect_day - timedelta(days=rng.randint(0, days))
        s.found = s.assign_day - timedelta(days=lag)
    else:  # closed
        need = days + 5 if s.late else 3
        s.found = seeder.days_ago(min(need, oldest), oldest)
        s.assign_day = s.found + timedelta(days=lag)
        deadline = s.assign_day + timedelta(days=days)
        if s.late:
            s.rect_day = deadline + timedelta(days=rng.randint(1, 3))
        else:
            s.rect_day = s.assign_day + timedelta(days=rng.randint(0, days))
        s.rect_day = min(s.rect_day, today - timedelta(days=1))
        s.close_day = min(s.rect_day + timedelta(days=rng.randint(0, 2)), today)
    if s.source == Source.INSPECTION:
        # Found at an inspection in the last month, on a day the check was done.
        s.found = max(s.found, seeder.first_day + timedelta(days=1))
        s.found = min(s.found, today - timedelta(days=1))
        if s.assign_day is not None and (s.assign_day < s.found or s.at_report):
            s.assign_day = s.found
