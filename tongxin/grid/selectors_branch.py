"""Reads of the branch desk (problem list, monthly reports, grid meetings) and of the
discipline inspectors' spot checks, scoped through grid.access. Every list is filtered
and paginated in the database; what a row shows is loaded with the page in a fixed
number of queries."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from tongxin.core.access import fetch
from tongxin.people.models import PARTY_STATUSES, Organisation, OrgKind, Person, Role, Tree
from tongxin.people.scoping import Reach, reach_of
from tongxin.people.selectors import mine_of

from .access import branches_visible_to
from .models import (
    GridLink,
    GridMeeting,
    GridTask,
    Level,
    MonthlyReport,
    Problem,
    ProblemState,
    ReportState,
    SpotCheck,
    TaskState,
    Visit,
)
from .periods import current_q, first_of, next_month

# Grid members who file the monthly report form: Party members covering workers and
# the cadres covering Party members (a leadership member's branch link does not).
REPORTING_LEVELS = (Level.MEMBER_WORKER, Level.CADRE_MEMBER)


def during(start: date, end: date) -> Q:
    """Links current on at least one day of [start, end) (a link withdrawn before it took
    effect, ending on its first day, is current on none)."""
    return Q(starts_on__lt=end) & (
        Q(ends_on__isnull=True) | (Q(ends_on__gt=start) & Q(ends_on__gt=F("starts_on")))
    )


# --- who belongs to a branch -----------------------------------------------------------------


def party_members(branch: Organisation) -> QuerySet[Person]:
    return Person.objects.filter(
        is_active=True,
        political_status__in=PARTY_STATUSES,
        party_org__path__startswith=branch.path,
    )


def grid_member_ids(branch: Organisation, on: date | None = None) -> QuerySet:
    """Ids of the people responsible on a current link of the branch."""
    on = on or timezone.localdate()
    return (
        GridLink.objects.filter(current_q(on), branch=branch)
        .values_list("responsible_id", flat=True)
        .distinct()
    )


def is_grid_member_of(person: Person, branch: Organisation, on: date | None = None) -> bool:
    on = on or timezone.localdate()
    return GridLink.objects.filter(current_q(on), branch=branch, responsible=person).exists()


def meeting_people(branch: Organisation) -> QuerySet[Person]:
    """Who may attend the branch's grid meeting: its Party members and grid members."""
    return (
        Person.objects.filter(
            Q(
                is_active=True,
                political_status__in=PARTY_STATUSES,
                party_org__path__startswith=branch.path,
            )
            | Q(is_active=True, pk__in=grid_member_ids(branch))
        )
        .select_related("unit")
        .order_by("employee_no")
    )


def departments_for_branch(branch: Organisation) -> QuerySet[Organisation]:
    """Where a branch's problem may be passed: its mine's districts and departments."""
    mine = mine_of(branch.unit)
    return Organisation.objects.filter(
        tree=Tree.UNIT,
        kind__in=(OrgKind.DISTRICT, OrgKind.DEPARTMENT),
        path__startswith=mine.path,
        is_active=True,
    ).order_by("path")


# --- problems --------------------------------------------------------------------------------


def problems_visible_to(person: Person) -> QuerySet[Problem]:
    """Problems of the branches the person runs or reads, and those they raised."""
    if not person.is_authenticated:
        return Problem.objects.none()
    return Problem.objects.filter(
        Q(branch__in=branches_visible_to(person).values("pk")) | Q(raised_by=person)
    )


def problem_for(person: Person, pk: int) -> Problem:
    return fetch(
        problems_visible_to(person).select_related(
            "branch__unit", "raised_by", "meeting", "case__department", "case__category"
        ),
        pk=pk,
    )


def branch_problems(branch: Organisation, state: str = "") -> QuerySet[Problem]:
    qs = Problem.objects.filter(branch=branch)
    if state:
        qs = qs.filter(state=state)
    return qs.select_related("raised_by", "case__department", "meeting").order_by(
        "-raised_on", "-pk"
    )


def problem_counts(branch: Organisation) -> dict[str, int]:
    counts = {s: Count("pk", filter=Q(state=s)) for s in ProblemState.values}
    counts["all"] = Count("pk")
    return Problem.objects.filter(branch=branch).aggregate(**counts)


# --- monthly reports -------------------------------------------------------------------------


def reports_visible_to(person: Person) -> QuerySet[MonthlyReport]:
    if not person.is_authenticated:
        return MonthlyReport.objects.none()
    return MonthlyReport.objects.filter(
        Q(member=person) | Q(branch__in=branches_visible_to(person).values("pk"))
    )


def report_for(person: Person, pk: int) -> MonthlyReport:
    return fetch(
        reports_visible_to(person).select_related("member__unit", "branch__unit", "reviewed_by"),
        pk=pk,
    )


REVIEW_FILTERS = ("", "submitted", "returned", "accepted", "missing", "late")


def expected_reporters(branch: Organisation, month: date) -> QuerySet[Person]:
    """Everyone whose report for `month` the branch expects (grid members during the
    month) or has (someone else who filed one), with their report's state annotated."""
    start = first_of(month)
    end = next_month(start)
    linked = GridLink.objects.filter(
        during(start, end), branch=branch, level__in=REPORTING_LEVELS
    ).values("responsible_id")
    filed = MonthlyReport.objects.filter(branch=branch, month=start).values("member_id")
    return Person.objects.filter(Q(pk__in=linked) | Q(pk__in=filed))


def review_people(branch: Organisation, month: date, status: str = "") -> QuerySet[Person]:
    start = first_of(month)
    people = expected_reporters(branch, start)
    own = MonthlyReport.objects.filter(member=OuterRef("pk"), month=start)
    if status in (ReportState.SUBMITTED, ReportState.RETURNED, ReportState.ACCEPTED):
        people = people.filter(Exists(own.filter(state=status)))
    elif status == "missing":
        people = people.filter(~Exists(own))
    elif status == "late":
        people = people.filter(Exists(own.filter(on_time=False)))
    return people.select_related("unit").order_by("employee_no", "pk")


def review_counts(branch: Organisation, month: date) -> dict[str, int]:
    start = first_of(month)
    expected = expected_reporters(branch, start).count()
    counts = MonthlyReport.objects.filter(
        branch=branch, month=start, member__in=expected_reporters(branch, start)
    ).aggregate(
        submitted=Count("pk", filter=Q(state=ReportState.SUBMITTED)),
        returned=Count("pk", filter=Q(state=ReportState.RETURNED)),
        accepted=Count("pk", filter=Q(state=ReportState.ACCEPTED)),
        late=Count("pk", filter=Q(on_time=False)),
        filed=Count("pk"),
    )
    counts["expected"] = expected
    counts["missing"] = max(expected - counts.pop("filed"), 0)
    return counts


def reports_by_member(member_ids, month: date) -> dict[int, MonthlyReport]:
    return {
        r.member_id: r
        for r in MonthlyReport.objects.filter(member_id__in=list(member_ids), month=first_of(month))
    }


def my_reports(person: Person) -> QuerySet[MonthlyReport]:
    return MonthlyReport.objects.filter(member=person).order_by("-month")


# --- meetings --------------------------------------------------------------------------------


def meetings_visible_to(person: Person) -> QuerySet[GridMeeting]:
    if not person.is_authenticated:
        return GridMeeting.objects.none()
    return GridMeeting.objects.filter(branch__in=branches_visible_to(person).values("pk"))


def meeting_for(person: Person, pk: int) -> GridMeeting:
    return fetch(meetings_visible_to(person).select_related("branch__unit", "recorded_by"), pk=pk)


def branch_meetings(branch: Organisation) -> QuerySet[GridMeeting]:
    return (
        GridMeeting.objects.filter(branch=branch)
        .annotate(attendee_count=Count("attendees", distinct=True))
        .annotate(problem_count=Count("problems", distinct=True))
        .select_related("recorded_by")
        .order_by("-held_on", "-pk")
    )


def quarters_held(branch: Organisation, year: int) -> set[int]:
    return set(
        GridMeeting.objects.filter(branch=branch, year=year).values_list("quarter", flat=True)
    )


# --- spot checks -----------------------------------------------------------------------------


def inspector_reach(person: Person) -> Reach:
    return reach_of(person, {Role.DISCIPLINE_INSPECTOR})


def _scope_q(reach: Reach) -> Q:
    """Spot checks whose scope (a mine, or a branch hung on a unit) lies in `reach`."""
    return (Q(scope__tree=Tree.UNIT) & reach.q("scope__path")) | (
        ~Q(scope__tree=Tree.UNIT) & reach.q("scope__unit__path")
    )


def spot_checks_visible_to(person: Person) -> QuerySet[SpotCheck]:
    reach = inspector_reach(person)
    if reach.empty:
        return SpotCheck.objects.none()
    return SpotCheck.objects.filter(_scope_q(reach))


def spot_check_for(person: Person, pk: int) -> SpotCheck:
    return fetch(spot_checks_visible_to(person).select_related("scope__unit", "inspector"), pk=pk)


def spot_history(person: Person) -> QuerySet[SpotCheck]:
    return (
        spot_checks_visible_to(person)
        .annotate(
            checked=Count("items", filter=~Q(items__finding="pending")),
            weak=Count("items", filter=Q(items__finding__in=("weak", "failed"))),
        )
        .select_related("scope", "inspector")
        .order_by("-drawn_at", "-pk")
    )


def inspector_scopes(person: Person) -> list[Organisation]:
    """What an inspector may draw from: the mines in their reach and those mines' branches."""
    reach = inspector_reach(person)
    if reach.empty:
        return []
    mines = list(
        Organisation.objects.filter(reach.q("path"), tree=Tree.UNIT, kind=OrgKind.MINE).order_by(
            "path"
        )[:200]
    )
    branches = list(
        Organisation.objects.filter(reach.q("unit__path"), kind=OrgKind.BRANCH, is_active=True)
        .select_related("unit")
        .order_by("path")[:2000]
    )
    return mines + branches


def member_month(member_ids, month: date) -> dict[int, dict]:
    """For each member: this month's tasks done/total, visits, and their latest report
    (three queries for any number of members)."""
    ids = list(member_ids)
    start = first_of(month)
    end = next_month(start)
    result = {
        pk: {"tasks_total": 0, "tasks_done": 0, "tasks_overdue": 0, "visits": 0, "report": None}
        for pk in ids
    }
    today = timezone.localdate()
    tasks = (
        GridTask.objects.filter(owner_id__in=ids, month=start)
        .exclude(state=TaskState.CANCELLED)
        .values("owner_id")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(state=TaskState.DONE)),
            overdue=Count("pk", filter=Q(state=TaskState.OPEN, due_on__lt=today)),
        )
    )
    for row in tasks:
        entry = result[row["owner_id"]]
        entry.update(tasks_total=row["total"], tasks_done=row["done"], tasks_overdue=row["overdue"])
    visits = (
        Visit.objects.filter(member_id__in=ids, visited_on__gte=start, visited_on__lt=end)
        .values("member_id")
        .annotate(n=Count("pk"))
    )
    for row in visits:
        result[row["member_id"]]["visits"] = row["n"]
    since = first_of(start - timedelta(days=92))
    for report in MonthlyReport.objects.filter(member_id__in=ids, month__gte=since).order_by(
        "member_id", "-month"
    ):
        entry = result[report.member_id]
        if entry["report"] is None:
            entry["report"] = report
    return result
