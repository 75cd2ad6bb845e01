"""Grid demo data for the demo mine (SPEC §2), called by `manage.py seed_demo`.

In the first mine (the one demo01 works in), driven through the grid services by the
mine's own people, one story a module:

    network.py     the four-level network of every branch, with its gaps and handovers
    tasks.py       last month's and this month's tasks, and the routine visits (in bulk)
    visits.py      life events of every kind over the last four weeks, and their visits
    meetings.py    last quarter's grid meeting of every branch and the problems it raised
    problems.py    the problem list in every state, some passed to a department
    reports.py     last month's monthly reports and last quarter's self-summaries
    spotchecks.py  two spot checks by the discipline inspector, with findings
    context.py     the seeder's state (people, branches, dates, coverage) and its helpers

What the sign-ins find: demo02 the workers he covers (demo01 among them), this month's
tasks with a life-event visit due, last month's report still to file; demo03 reports to
review, overdue tasks, the problem list in every state and a few uncovered workers;
demo05 a grid problem passed to 机电科 in the voice inbox; demo06 coverage mine-wide;
demo07 two spot checks; demo01 a Party member who covers him.

The stories run in a fixed order from one random.Random, so the same seed gives the
same grid (for the same day).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from tongxin.people.models import Person
from tongxin.people.selectors import mine_of

from ..coverage import unit_coverage
from ..models import GridLink, GridTask, MonthlyReport, Problem, ProblemState, TaskState
from . import meetings, network, problems, reports, spotchecks, tasks, visits
from .context import Seeder


@dataclass
class GridSeedResult:
    links: int
    workers: int
    covered: int
    tasks: int
    overdue: int
    events: int
    visits: int
    reports: int
    problems: dict[str, int]
    seconds: float


def seed(*, seed: int, progress: Callable[[str], None] | None = None) -> GridSeedResult | None:
    """Seed the demo mine's grid, unless it is already there."""
    demo01 = Person.objects.filter(employee_no="demo01").select_related("unit").first()
    if demo01 is None or demo01.unit is None:
        return None
    mine = mine_of(demo01.unit)
    if GridLink.objects.filter(branch__unit__path__startswith=mine.path).exists():
        return None
    started = time.monotonic()
    with transaction.atomic():
        seeder = Seeder(random.Random(f"{seed}:grid"), mine)
        run(seeder)
    result = _result(seeder, time.monotonic() - started)
    if progress:
        states = "，".join(f"{ProblemState(s).label} {n}" for s, n in result.problems.items() if n)
        progress(
            f"网格化管理：{result.links} 条网格联系（职工 {result.workers} 人，已覆盖 "
            f"{result.covered} 人），任务 {result.tasks} 项（超期 {result.overdue}），"
            f"五必谈五必访 {result.events} 件，走访 {result.visits} 次，月报表 "
            f"{result.reports} 份，问题清单（{states}），{result.seconds:.1f} 秒"
        )
    return result


def run(seeder: Seeder) -> None:
    network.build(seeder)
    tasks.generate(seeder)
    visits.life_events(seeder)
    tasks.routine(seeder)
    tasks.added_tasks(seeder)
    # The problems before the reports: a report counts those its member raised.
    meetings.record(seeder)
    problems.open_problems(seeder)
    reports.monthly_reports(seeder)
    reports.summaries(seeder)
    spotchecks.spot_checks(seeder)


def _result(seeder: Seeder, seconds: float) -> GridSeedResult:
    report = unit_coverage(seeder.mine)
    in_mine = GridTask.objects.filter(branch__unit__path__startswith=seeder.mine.path)
    counts = dict.fromkeys(ProblemState.values, 0)
    for state in Problem.objects.filter(pk__in=seeder.problem_ids).values_list("state", flat=True):
        counts[state] += 1
    return GridSeedResult(
        links=GridLink.objects.filter(branch__unit__path__startswith=seeder.mine.path).count(),
        workers=report.workers,
        covered=report.covered,
        tasks=in_mine.count(),
        overdue=in_mine.filter(state=TaskState.OPEN, due_on__lt=seeder.today).count(),
        events=len(seeder.event_ids),
        visits=seeder.visit_count,
        reports=MonthlyReport.objects.filter(
            branch__unit__path__startswith=seeder.mine.path
        ).count(),
        problems=counts,
        seconds=seconds,
    )
