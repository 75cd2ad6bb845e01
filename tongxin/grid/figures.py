"""The grid figures the assessment (考核, SPEC §9) reads, per branch and period.

Each is a `Figure`: what was done (`numerator`) over what was due (`denominator`) and
their `rate` (0–1, None when nothing was due). One or two aggregate queries each.
Periods are inclusive: `start` and `end` are both days of the period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, QuerySet

from tongxin.people.models import Organisation, OrgKind, Tree
from tongxin.people.scoping import reach_of_organisation

from .coverage import branch_coverage, members_of
from .models import GridTask, MonthlyReport, Problem, ProblemState, TaskKind, TaskState
from .periods import first_of, next_month


@dataclass(frozen=True)
class Figure:
    numerator: int
    denominator: int
    rate: float | None

    @classmethod
    def of(cls, numerator: int, denominator: int) -> Figure:
        rate = round(numerator / denominator, 4) if denominator else None
        return cls(numerator=numerator, denominator=denominator, rate=rate)

    @property
    def pct(self) -> float | None:
        return None if self.rate is None else round(100 * self.rate, 1)


def coverage_rate(branch: Organisation, on: date | None = None) -> Figure:
    """Workers of the branch covered by a Party member on `on` (today by default) over
    all the branch's workers (see `coverage`: active people who are not Party members,
    in the branch's units)."""
    report = branch_coverage(branch, on=on)
    return Figure.of(report.covered, report.workers)


# A life-event task done on time: completed no later than its due date (local time).
DONE_ON_TIME = Q(state=TaskState.DONE, done_at__date__lte=F("due_on"))


def _visit_tasks(branches: Q, start: date, end: date) -> QuerySet[GridTask]:
    return GridTask.objects.filter(
        branches, kind=TaskKind.LIFE_EVENT, due_on__gte=start, due_on__lte=end
    ).exclude(state=TaskState.CANCELLED)


def visits_on_time(branch: Organisation, start: date, end: date) -> Figure:
    """五必谈五必访 done on time: the branch's life-event tasks (kind ``life_event``) due
    in the period, cancelled ones left out, as the denominator; those completed no later
    than their due date (``done_at`` on or before ``due_on``, local time) as the
    numerator. A task still open, or done late, counts against."""
    counts = _visit_tasks(Q(branch=branch), start, end).aggregate(
        due=Count("pk"), on_time=Count("pk", filter=DONE_ON_TIME)
    )
    return Figure.of(counts["on_time"], counts["due"])


def _months(start: date, end: date) -> list[date]:
    """The first days of the months the period touches."""
    months, month = [], first_of(start)
    while month <= end:
        months.append(month)
        month = next_month(month)
    return months


def reports_on_time(branch: Organisation, start: date, end: date) -> Figure:
    """Monthly reports (月报表) submitted on time: for each month the period touches,
    every Party member of the branch now (active, Party status, Party organisation in the
    branch) is expected to report; the denominator is members × months. The numerator
    counts their reports for those months marked ``on_time`` (submitted by the deadline,
    whatever the secretary later decided). Reports of people no longer in the branch are
    not counted on either side."""
    months = _months(start, end)
    members = members_of(branch)
    expected = members.count() * len(months)
    on_time = MonthlyReport.objects.filter(
        month__in=months, on_time=True, member__in=members.values("pk")
    ).count()
    return Figure.of(min(on_time, expected), expected)


ANSWERED = Q(state__in=(ProblemState.SOLVED, ProblemState.ANSWERED))


def problems_answered(branch: Organisation, start: date, end: date) -> Figure:
    """Problems on the branch's list (问题清单) raised in the period (``raised_on``):
    those solved by the branch or answered by the department they were passed to, over
    all raised. Open and still-with-the-department problems count against."""
    raised = Problem.objects.filter(branch=branch, raised_on__gte=start, raised_on__lte=end)
    counts = raised.aggregate(raised=Count("pk"), answered=Count("pk", filter=ANSWERED))
    return Figure.of(counts["answered"], counts["raised"])


# --- the registry's figures (core.registry): any organisation, records behind each ---


def branches_of(org: Organisation) -> Q:
    """A filter on `branch` for the Party branches an organisation stands for: itself if
    it is one, those below a Party organisation, those hanging on a unit's subtree."""
    if org.kind == OrgKind.BRANCH:
        return Q(branch=org)
    if org.tree == Tree.PARTY:
        return Q(branch__path__startswith=org.path, branch__kind=OrgKind.BRANCH)
    return reach_of_organisation(org).q("branch__unit__path") & Q(branch__kind=OrgKind.BRANCH)


def visit_tasks_due(org: Organisation, start: date, end: date) -> QuerySet[GridTask]:
    """五必谈五必访 tasks due in the period, cancelled ones left out."""
    return _visit_tasks(branches_of(org), start, end)


def visit_tasks_on_time(org: Organisation, start: date, end: date) -> QuerySet[GridTask]:
    return visit_tasks_due(org, start, end).filter(DONE_ON_TIME)


def reports_submitted_on_time(org: Organisation, start: date, end: date) -> QuerySet[MonthlyReport]:
    """Monthly reports for the months the period touches, submitted by the deadline."""
    return MonthlyReport.objects.filter(
        branches_of(org), month__in=_months(start, end), on_time=True
    )


def problems_raised(org: Organisation, start: date, end: date) -> QuerySet[Problem]:
    return Problem.objects.filter(branches_of(org), raised_on__gte=start, raised_on__lte=end)


def problems_answered_records(org: Organisation, start: date, end: date) -> QuerySet[Problem]:
    """Problems raised in the period that the branch solved or a department answered."""
    return problems_raised(org, start, end).filter(ANSWERED)
