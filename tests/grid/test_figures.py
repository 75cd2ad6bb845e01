"""The assessment's grid figures on a small known set of records."""

import datetime

import pytest
from django.utils import timezone

from tongxin.grid import figures
from tongxin.grid.figures import Figure
from tongxin.grid.models import (
    GridTask,
    Level,
    MonthlyReport,
    Problem,
    ProblemState,
    ReportState,
    TaskKind,
    TaskState,
)
from tongxin.grid.services import network

pytestmark = pytest.mark.django_db

TZ = timezone.get_current_timezone()
MARCH = datetime.date(2026, 3, 1)


def _at(day: datetime.date, hour: int = 18) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)


def test_a_figure_knows_its_rate():
    assert Figure.of(3, 4) == Figure(numerator=3, denominator=4, rate=0.75)
    assert Figure.of(3, 4).pct == 75.0
    assert Figure.of(0, 0).rate is None and Figure.of(0, 0).pct is None
    with pytest.raises(AttributeError):
        Figure.of(1, 2).numerator = 2


def test_coverage_rate(cast, crew):
    assert figures.coverage_rate(cast.branch_a) == Figure.of(0, 5)
    for worker in (cast.wang_worker, crew.liu_worker):
        network.link_assign(
            actor=cast.zhao_secretary,
            level=Level.MEMBER_WORKER,
            responsible=crew.chen_member,
            person=worker,
        )
    assert figures.coverage_rate(cast.branch_a) == Figure.of(2, 5)
    assert figures.coverage_rate(cast.branch_a).rate == 0.4
    assert figures.coverage_rate(cast.branch_b) == Figure.of(0, 0)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert figures.coverage_rate(cast.branch_a, on=yesterday) == Figure.of(0, 5)


def _task(
    cast, crew, due_on, *, state=TaskState.OPEN, done_on=None, kind=TaskKind.LIFE_EVENT, branch=None
):
    return GridTask.objects.create(
        owner=crew.chen_member,
        branch=branch or cast.branch_a,
        month=due_on.replace(day=1),
        kind=kind,
        title="走访",
        due_on=due_on,
        state=state,
        done_at=_at(done_on) if done_on else None,
        subject=cast.wang_worker,
    )


def test_visits_on_time(cast, crew):
    _task(cast, crew, MARCH.replace(day=10), state=TaskState.DONE, done_on=MARCH.replace(day=10))
    _task(cast, crew, MARCH.replace(day=12), state=TaskState.DONE, done_on=MARCH.replace(day=9))
    _task(cast, crew, MARCH.replace(day=15), state=TaskState.DONE, done_on=MARCH.replace(day=16))
    _task(cast, crew, MARCH.replace(day=20))  # still open
    _task(cast, crew, MARCH.replace(day=21), state=TaskState.CANCELLED)
    _task(
        cast,
        crew,
        MARCH.replace(day=22),
        kind=TaskKind.TEMPLATE,
        state=TaskState.DONE,
        done_on=MARCH,
    )
    _task(
        cast,
        crew,
        datetime.date(2026, 4, 2),
        state=TaskState.DONE,
        done_on=datetime.date(2026, 4, 1),
    )
    _task(cast, crew, MARCH.replace(day=5), branch=cast.branch_b)
    march = figures.visits_on_time(cast.branch_a, MARCH, datetime.date(2026, 3, 31))
    assert march == Figure.of(2, 4)
    assert figures.visits_on_time(cast.branch_a, MARCH, datetime.date(2026, 4, 30)) == Figure.of(
        3, 5
    )
    assert figures.visits_on_time(cast.branch_b, MARCH, datetime.date(2026, 3, 31)) == Figure.of(
        0, 1
    )
    assert figures.visits_on_time(cast.branch_dept, MARCH, MARCH).rate is None


def _report(member, branch, month, on_time=True):
    return MonthlyReport.objects.create(
        member=member,
        branch=branch,
        month=month,
        own_words="本月走访情况",
        state=ReportState.SUBMITTED,
        submitted_at=_at(month + datetime.timedelta(days=33)),
        on_time=on_time,
    )


def test_reports_on_time(cast, crew):
    april = datetime.date(2026, 4, 1)
    # branch_a's Party members: 李红, 赵书文, 陈党, 马队 → 4 expected a month
    _report(cast.li_member, cast.branch_a, MARCH)
    _report(crew.chen_member, cast.branch_a, MARCH)
    _report(crew.ma_cadre, cast.branch_a, MARCH, on_time=False)
    _report(cast.li_member, cast.branch_a, april)
    _report(cast.qian_outsider, cast.branch_b, MARCH)
    assert figures.reports_on_time(cast.branch_a, MARCH, datetime.date(2026, 3, 31)) == Figure.of(
        2, 4
    )
    assert figures.reports_on_time(cast.branch_a, MARCH, datetime.date(2026, 4, 30)) == Figure.of(
        3, 8
    )
    # a period starting mid-month still expects that month's report
    assert figures.reports_on_time(
        cast.branch_a, datetime.date(2026, 3, 15), datetime.date(2026, 4, 2)
    ) == Figure.of(3, 8)
    assert figures.reports_on_time(cast.branch_b, MARCH, datetime.date(2026, 3, 31)) == Figure.of(
        1, 1
    )
    assert figures.reports_on_time(cast.branch_dept, MARCH, datetime.date(2026, 3, 31)).rate is None


def test_problems_answered(cast, crew):
    def problem(state, raised_on, branch=cast.branch_a):
        return Problem.objects.create(
            branch=branch,
            title="澡堂热水不足",
            body="夜班下井后热水不够",
            source="visit",
            raised_by=crew.chen_member,
            raised_on=raised_on,
            state=state,
        )

    problem(ProblemState.SOLVED, MARCH.replace(day=3))
    problem(ProblemState.ANSWERED, MARCH.replace(day=9))
    problem(ProblemState.PASSED, MARCH.replace(day=11))
    problem(ProblemState.OPEN, MARCH.replace(day=31))
    problem(ProblemState.SOLVED, datetime.date(2026, 2, 28))
    problem(ProblemState.SOLVED, MARCH, branch=cast.branch_b)
    assert figures.problems_answered(cast.branch_a, MARCH, datetime.date(2026, 3, 31)) == Figure.of(
        2, 4
    )
    assert figures.problems_answered(cast.branch_b, MARCH, datetime.date(2026, 3, 31)) == Figure.of(
        1, 1
    )
