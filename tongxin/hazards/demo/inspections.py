"""Thirty days of inspections. A few crews skipped days, so missed inspections show;
demo01's crew has not done today's check yet, so demo01 finds it waiting.

The inspections that found nothing (some four thousand a month) are written in bulk,
with the same rows and audit entries inspection_record writes, to keep the seeding
within seconds. The audit log keeps the real time of seeding. (The inspections that
found something are recorded through the service: findings.py.)
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import connection
from django.utils import timezone

from tongxin.core import audit
from tongxin.core.models import AuditEvent
from tongxin.people.models import Person

from ..models import Inspection, InspectionPlan, InspectionResult, Level
from ..periods import period_of, periods_between
from .context import DAYS_OF_HISTORY, DEMO_DISTRICT, DEPUTIES, Seeder

# Rows per INSERT of the bulk-written results (4 parameters each; SQLite allows 32,766).
RESULT_BATCH = 2000


def choose_skips(seeder: Seeder) -> None:
    """A few crews skipped their daily check on a day or three; one district a week."""
    rng = seeder.rng
    crews = [plan for plan in seeder.plans if plan.level == Level.CREW_DAILY]
    demo_district = next((d for d in seeder.districts if d.name == DEMO_DISTRICT), None)
    chosen = rng.sample(crews, min(5, len(crews)))
    # One crew of 综采一队 (not demo01's) shows a missed day to demo03 and demo04.
    if demo_district is not None:
        own = [
            p
            for p in crews
            if seeder.district_of[p.unit_id] == demo_district and p.unit != seeder.demo_crew
        ]
        if own:
            chosen.append(own[-1])
    for plan in chosen:
        for _ in range(rng.randint(1, 3)):
            seeder.skipped.add((plan.pk, seeder.days_ago(1, DAYS_OF_HISTORY - 1)))


def clean_inspections(seeder: Seeder) -> None:
    rng = seeder.rng
    yesterday = seeder.today - timedelta(days=1)
    # Today's checks are done by the morning shift, except demo01's crew (his to do).
    local_hour = timezone.localtime(seeder.now).hour
    rows: list[tuple[InspectionPlan, date, Person]] = []
    for plan in seeder.plans:
        district = seeder.district_of[plan.unit_id]
        if plan.level == Level.CREW_DAILY:
            for key, day, _last in periods_between(plan.level, seeder.first_day, seeder.today):
                if (plan.pk, key) in seeder.done or (plan.pk, day) in seeder.skipped:
                    continue
                if day == seeder.today and (
                    plan.unit == seeder.demo_crew or local_hour < 10 or rng.random() < 0.5
                ):
                    continue
                leader = seeder.crew_leader(plan.unit)
                who = leader if rng.random() < 0.7 else seeder.crew_member(plan.unit)
                rows.append((plan, day, who or leader))
            continue
        periods = periods_between(plan.level, seeder.first_day, seeder.today)
        for index, (key, first, last) in enumerate(periods):
            if (plan.pk, key) in seeder.done:
                continue
            start, end = max(first, seeder.first_day), min(last, yesterday)
            if start > end:
                continue
            current = last >= seeder.today
            # One district let a week pass; some checks of this month are still to come.
            if plan.level == Level.DISTRICT_WEEKLY and plan.pk == lazy_week(seeder, index):
                continue
            if current and rng.random() < 0.4:
                continue
            day = start + timedelta(days=rng.randint(0, (end - start).days))
            if plan.level == Level.BRANCH_MONTHLY:
                who = seeder.secretaries.get(district.pk) or seeder.district_head(district)
            else:
                who = rng.choice(seeder.district_staff(district, "队长", *DEPUTIES))
            rows.append((plan, day, who))
    inspections = []
    for plan, day, who in rows:
        started = seeder.at(day, rng.uniform(7.5, 10.5) if plan.level == "crew_daily" else 14.5)
        inspections.append(
            Inspection(
                plan=plan,
                version=plan.template.current,
                period=period_of(plan.level, day),
                inspector=who,
                started_at=started,
                finished_at=started + timedelta(minutes=rng.randint(15, 40)),
            )
        )
    Inspection.objects.bulk_create(inspections, batch_size=1000)
    results, trail = [], []
    for inspection in inspections:
        for item in seeder.items[inspection.plan.template.pk]:
            results.append((inspection.pk, item.pk, True, ""))
        trail.append(
            audit.build(
                action="hazards.inspection.recorded",
                actor=inspection.inspector,
                obj=inspection,
                after={"period": inspection.period, "failed": 0},
            )
        )
    # Some forty thousand rows of "合格": plain multi-row INSERTs, not model instances.
    table = InspectionResult._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(results), RESULT_BATCH):
            batch = results[start : start + RESULT_BATCH]
            values = ", ".join(["(%s, %s, %s, %s)"] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} (inspection_id, item_id, ok, note) VALUES {values}",  # noqa: S608
                [value for row in batch for value in row],
            )
    AuditEvent.objects.bulk_create(trail, batch_size=1000)
    seeder.inspections += len(inspections)


def lazy_week(seeder: Seeder, index: int) -> int | None:
    """The weekly plan of the district that skipped its second week."""
    if index != 1:
        return None
    weekly = [p for p in seeder.plans if p.level == Level.DISTRICT_WEEKLY]
    return weekly[len(weekly) // 3].pk if weekly else None
