"""Hazard-inspection demo data for the demo mine (SPEC §4), called by `manage.py seed_demo`.

In the first mine (the one demo01 works in), one part a module, in the order they run:

    checklists.py   work places, every district's three checklists, the inspection plans
    inspections.py  thirty days of inspections, a few missed; those that found nothing
    scripts.py      about 300 hazards planned: how far each gets, with whom, and when
    findings.py     each hazard found: at an inspection, on the spot, or by the video patrol
    driving.py      assigned, rectified, re-checked, closed; the union chairs' notes
    timing.py       the hazards' and the sweep's dates moved back
    context.py      the seeder's state and its helpers (people, photos, dates)

What the sign-ins find: demo01 today's daily check and a hazard he reported waiting for
his re-check; demo03 and demo04 the open hazards of 综采一队 (demo04 on the union's
supervision page, with notes of his own); demo05 hazards to rectify (one overdue),
hazards of 机电科 to assign and ones he found to re-check; demo06 the major hazards
under supervision.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from tongxin.people.models import Person
from tongxin.people.selectors import mine_of

from .. import selectors, services
from ..models import CLOCK_STATES, Hazard, Severity, Workplace
from . import checklists, driving, findings, inspections, scripts, timing
from .context import Seeder


@dataclass
class HazardSeedResult:
    hazards: int
    by_state: dict[str, int]
    overdue: int
    major: int
    inspections: int
    missed: int
    seconds: float


def seed(*, seed: int, progress: Callable[[str], None] | None = None) -> HazardSeedResult | None:
    """Seed the demo mine's inspections and hazards, unless they are already there."""
    demo01 = Person.objects.filter(employee_no="demo01").select_related("unit").first()
    if demo01 is None or demo01.unit is None:
        return None
    mine = mine_of(demo01.unit)
    if Workplace.objects.filter(unit__path__startswith=mine.path).exists():
        return None
    started = time.monotonic()
    with transaction.atomic():
        seeder = Seeder(random.Random(f"{seed}:hazards"), mine)
        run(seeder)
    result = _result(seeder, time.monotonic() - started)
    if progress:
        progress(
            f"隐患排查：{result.hazards} 条隐患（超期 {result.overdue}，重大 {result.major}），"
            f"检查记录 {result.inspections} 次（漏检 {result.missed}），{result.seconds:.1f} 秒"
        )
    return result


def run(seeder: Seeder) -> None:
    checklists.setup(seeder)
    inspections.choose_skips(seeder)
    scripts.plan(seeder)
    findings.create(seeder)
    for s in seeder.scripts:
        driving.drive(seeder, s)
    driving.supervise(seeder)
    inspections.clean_inspections(seeder)
    timing.retime_all(seeder)
    # The periodic sweep, as the task worker would run it: one level per run.
    for _ in range(2):
        services.sweep()
    timing.retime_sweep(seeder)


def _result(seeder: Seeder, seconds: float) -> HazardSeedResult:

    hazards = Hazard.objects.filter(pk__in=[s.hazard_id for s in seeder.scripts])
    by_state: dict[str, int] = defaultdict(int)
    for state in hazards.values_list("state", flat=True):
        by_state[state] += 1
    missed = selectors.missed_inspections(seeder.safety, seeder.mine, seeder.first_day)
    return HazardSeedResult(
        hazards=len(seeder.scripts),
        by_state=dict(by_state),
        overdue=hazards.filter(state__in=CLOCK_STATES, deadline__lt=seeder.today).count(),
        major=hazards.filter(severity=Severity.MAJOR).count(),
        inspections=seeder.inspections,
        missed=len(missed),
        seconds=seconds,
    )
