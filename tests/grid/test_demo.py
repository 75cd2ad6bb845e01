"""The demo mine shows the grid in motion: the four-level network with its gaps and its
history, tasks done and overdue, life events visited and not, reports in every state,
the problem list in every state, spot checks; and each demo sign-in finds what the
README promises."""

import pytest
from django.conf import settings
from django.utils import timezone

from tests.demo_fixture import seeded_demo
from tongxin.core.models import AuditEvent
from tongxin.grid import coverage, member
from tongxin.grid import selectors_branch as branch_selectors
from tongxin.grid.models import (
    EventKind,
    EventSource,
    FollowUp,
    GridLink,
    GridMeeting,
    GridTask,
    Level,
    LifeEvent,
    MonthlyReport,
    Problem,
    ProblemState,
    QuarterSummary,
    ReportState,
    SpotCheck,
    SpotCheckItem,
    TaskKind,
    TaskState,
    Visit,
)
from tongxin.grid.periods import current_q, first_of, previous_month
from tongxin.grid.report_figures import month_figures
from tongxin.people.models import Organisation, OrgKind, Person
from tongxin.voice.models import Case, Channel
from tongxin.voice.models import State as CaseState

pytestmark = pytest.mark.django_db

# Seeded once for the module; every test reads it inside a savepoint of its own.
demo = seeded_demo("--only", "grid")


def person(employee_no: str) -> Person:
    return Person.objects.get(employee_no=employee_no)


def demo_branch() -> Organisation:
    return Organisation.objects.get(name="综采一队党支部", kind=OrgKind.BRANCH)


def months() -> tuple:
    today = timezone.localdate()
    return today, first_of(today), previous_month(first_of(today))


def test_the_network_covers_the_mine_with_gaps_and_history(demo):
    assert "网格化管理：" in demo
    today, _this, _last = months()
    mine = Organisation.objects.get(kind=OrgKind.MINE)
    branches = Organisation.objects.filter(kind=OrgKind.BRANCH, unit__path__startswith=mine.path)
    current = GridLink.objects.filter(current_q(today))
    # Every branch has its leadership member and all four levels are there.
    assert set(
        current.filter(level=Level.LEADER_BRANCH).values_list("branch_id", flat=True)
    ) == set(branches.values_list("pk", flat=True))
    for level in Level.values:
        assert current.filter(level=level).exists(), level
    # Nearly every worker covered; a few are not, so the coverage page has something.
    report = coverage.unit_coverage(mine)
    assert report.workers > 300
    assert report.rate > 0.9
    assert report.uncovered_count >= 3
    # 综采一队: a few uncovered, a Party member covering nobody, one covering too many.
    branch = coverage.branch_coverage(demo_branch())
    assert branch.uncovered_count >= 3
    assert branch.idle_count >= 1
    overloaded = list(branch.overloaded)
    assert overloaded and overloaded[0].n > settings.GRID_MAX_COVERED
    # History: links ended last quarter when people moved, each followed by a new one.
    ended = GridLink.objects.filter(ends_on__isnull=False, ends_on__lte=today)
    assert ended.count() >= 3
    for link in ended:
        after = GridLink.objects.get(level=link.level, person=link.person, starts_on=link.ends_on)
        assert after.responsible_id != link.responsible_id
    # Built through the services: every link has its audit entry.
    assert AuditEvent.objects.filter(action="grid.link.assigned").count() >= current.count() - 10
    assert AuditEvent.objects.filter(action="grid.link.moved").count() == ended.count()


def test_tasks_life_events_and_visits(demo):
    today, this_month, last_month = months()
    now = timezone.now()
    tasks = GridTask.objects.filter(kind=TaskKind.TEMPLATE)
    last = tasks.filter(month=last_month)
    assert last.exists() and tasks.filter(month=this_month).exists()
    assert last.filter(state=TaskState.DONE).count() >= 0.8 * last.count()
    overdue = GridTask.objects.filter(state=TaskState.OPEN, due_on__lt=today)
    assert overdue.filter(branch=demo_branch()).exists()
    assert GridTask.objects.filter(kind=TaskKind.ADDED).exists()
    # Life events of every kind in the last four weeks, one told by the worker themself.
    events = LifeEvent.objects.all()
    assert set(events.values_list("kind", flat=True)) == set(EventKind.values)
    assert events.filter(source=EventSource.WORKER).exists()
    assert not events.filter(occurred_on__lt=today - timezone.timedelta(days=35)).exists()
    event_tasks = GridTask.objects.filter(kind=TaskKind.LIFE_EVENT)
    assert event_tasks.count() == events.count()
    visited = event_tasks.filter(state=TaskState.DONE)
    assert visited.count() >= events.count() - 4
    assert event_tasks.filter(state=TaskState.OPEN, due_on__lt=today).count() >= 1
    assert event_tasks.filter(state=TaskState.OPEN, due_on__gte=today).count() >= 1
    for task in event_tasks.select_related("life_event"):
        assert task.due_on >= task.life_event.occurred_on
        assert task.created_at <= now
    # One visit's follow-up opened a care item, one became a worker-voice case.
    care = Visit.objects.get(follow_up=FollowUp.CARE)
    assert care.care_item is not None and care.care_item.person_id == care.person_id
    case = Visit.objects.get(follow_up=FollowUp.CASE).case
    assert case.channel == Channel.GRID and case.source_app == "grid_visit"
    # Thousands of routine visits, each with its task done and its audit entry, all past.
    visits = Visit.objects.all()
    assert visits.count() > 300
    assert not visits.filter(visited_on__gt=today).exists()
    assert not visits.filter(created_at__gt=now).exists()
    assert AuditEvent.objects.filter(action="grid.visit.logged").count() == visits.count()
    for visit in visits.exclude(task=None).select_related("task")[:200]:
        assert visit.task.state == TaskState.DONE
        assert visit.task.done_at <= now
        assert visit.task.month <= visit.visited_on
    assert not GridTask.objects.filter(done_at__gt=now).exists()


def test_reports_meetings_problems_and_spot_checks(demo):
    today, _this, last_month = months()
    # Last month's reports: accepted, waiting, one returned with a note, some missing.
    reports = MonthlyReport.objects.filter(month=last_month)
    assert set(reports.values_list("state", flat=True)) == set(ReportState.values)
    returned = reports.get(state=ReportState.RETURNED)
    assert returned.review_note and returned.branch == demo_branch()
    counts = branch_selectors.review_counts(demo_branch(), last_month)
    assert counts["submitted"] >= 1 and counts["accepted"] >= 1 and counts["missing"] >= 1
    assert not reports.filter(submitted_at__gt=timezone.now()).exists()
    for report in reports.exclude(reviewed_at=None):
        assert report.submitted_at < report.reviewed_at <= timezone.now()
    # The figures are what month_figures gives on the day each was filed (the bulk-written
    # ones included); members with a life-event task that month are left out, since its
    # visit may have come after they filed.
    with_events = GridTask.objects.filter(kind=TaskKind.LIFE_EVENT, month=last_month)
    sample = reports.exclude(member__in=with_events.values("owner")).order_by("pk")[:40]
    for report in sample:
        filed = timezone.localdate(report.submitted_at)
        assert report.figures == month_figures(report.member, last_month, today=filed), report
    assert AuditEvent.objects.filter(action="grid.report.submitted").count() == reports.count()
    assert QuarterSummary.objects.filter(branch=demo_branch()).exists()
    # A grid meeting per branch last quarter, with minutes and the problems it raised.
    meetings = GridMeeting.objects.all()
    assert meetings.count() == Organisation.objects.filter(kind=OrgKind.BRANCH).count()
    quarter = (today.month - 1) // 3 + 1
    last_quarter = (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)
    assert {(m.year, m.quarter) for m in meetings} == {last_quarter}
    assert Problem.objects.filter(meeting__isnull=False).count() >= meetings.count()
    for meeting in meetings[:5]:
        assert meeting.attendees.exists() and len(meeting.minutes) >= 20
    # The problem list in every state, in 综采一队 and mine-wide.
    assert set(Problem.objects.values_list("state", flat=True)) == set(ProblemState.values)
    assert set(Problem.objects.filter(branch=demo_branch()).values_list("state", flat=True)) == set(
        ProblemState.values
    )
    for problem in Problem.objects.filter(state=ProblemState.PASSED).select_related("case"):
        assert problem.case.state == CaseState.ASSIGNED and problem.case.department_id
        assert problem.case.source_app == "grid"
    for problem in Problem.objects.filter(state=ProblemState.ANSWERED).select_related("case"):
        assert problem.answer == problem.case.reply and problem.answered_at
        assert problem.case.replied_at == problem.answered_at
    assert not Problem.objects.filter(state=ProblemState.SOLVED, resolution="").exists()
    # Two spot checks by the discipline inspector, with findings.
    demo07 = person("demo07")
    checks = SpotCheck.objects.filter(inspector=demo07)
    assert checks.count() == 2
    items = SpotCheckItem.objects.filter(spot_check__in=checks)
    assert items.filter(finding__in=("weak", "failed")).exclude(note="").exists()
    assert items.filter(finding="good").exists() and items.filter(finding="pending").exists()
    assert not checks.filter(drawn_at__gt=timezone.now()).exists()


def test_each_demo_login_finds_what_the_readme_promises(demo, client):
    readme_story(client)


def readme_story(client) -> None:
    """What the README promises this area's demo sign-ins; also checked at other dates
    (tests/core/test_demo_any_date.py)."""
    today, _this, last_month = months()
    demo01, demo02, demo03, demo05 = (person(n) for n in ("demo01", "demo02", "demo03", "demo05"))
    # demo01 is covered by demo02.
    assert coverage.covering_member(demo01) == demo02
    # demo02: the workers he covers, his tasks with a life-event visit due, last month's
    # report to fill in.
    assert demo01 in coverage.covered_by(demo02)
    tasks = member.my_tasks(demo02)
    assert tasks.filter(state=TaskState.OPEN).exists()
    assert tasks.filter(kind=TaskKind.LIFE_EVENT, state=TaskState.OPEN, due_on__gte=today)
    assert not MonthlyReport.objects.filter(member=demo02, month=last_month).exists()
    client.force_login(demo02)
    page = client.get("/grid/").content.decode()
    assert demo01.name in page
    assert client.get("/grid/visit/new/").status_code == 200
    assert client.get("/grid/my-report/").status_code == 200
    # demo03: reports to review, overdue tasks, the problem list, coverage with gaps.
    branch = demo_branch()
    assert MonthlyReport.objects.filter(branch=branch, state=ReportState.SUBMITTED).exists()
    assert member.branch_tasks(branch, overdue_only=True).exists()
    client.force_login(demo03)
    for url in (
        f"/grid/branch/{branch.pk}/reports/",
        f"/grid/branch/{branch.pk}/tasks/",
        f"/grid/branch/{branch.pk}/problems/",
        f"/grid/branch/{branch.pk}/meetings/",
        f"/grid/coverage/{branch.pk}/",
        f"/grid/network/{branch.pk}/",
    ):
        assert client.get(url).status_code == 200, url
    uncovered = coverage.branch_coverage(branch).uncovered.first()
    page = client.get(f"/grid/coverage/{branch.pk}/?show=uncovered").content.decode()
    assert uncovered.name in page
    # demo05: a grid problem passed to 机电科 waits in the voice inbox.
    waiting = Case.objects.filter(
        channel=Channel.GRID, department__name="机电科", state=CaseState.ASSIGNED
    )
    assert waiting.exists()
    client.force_login(demo05)
    assert waiting.first().title in client.get("/voice/inbox/").content.decode()
    # demo06: coverage mine-wide.
    client.force_login(person("demo06"))
    assert client.get("/grid/coverage/").status_code == 200
    # demo07: the spot checks.
    client.force_login(person("demo07"))
    page = client.get("/grid/spot/")
    assert page.status_code == 200
    for check in SpotCheck.objects.all():
        assert client.get(f"/grid/spot/{check.pk}/").status_code == 200


def test_seeding_twice_adds_nothing(demo):
    from tongxin.grid import demo as grid_demo

    before = (GridLink.objects.count(), GridTask.objects.count(), Visit.objects.count())
    assert grid_demo.seed(seed=1) is None
    assert (GridLink.objects.count(), GridTask.objects.count(), Visit.objects.count()) == before
