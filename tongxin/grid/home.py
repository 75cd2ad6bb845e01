"""What the home page shows of the grid (SPEC "Home pages by role"): a Party member
sees the workers they cover and the visits due; a secretary sees the branch's reports
to review and overdue tasks. Every count goes through the page's shared aggregate
query (core.registry.Home), so the grid adds no query of its own."""

from __future__ import annotations

from django.db.models import Count, Min, Q
from django.utils import timezone

from tongxin.core.registry import Home
from tongxin.people.models import Person

from .access import branches_managed_by, is_grid_manager
from .backlog import BACKLOG
from .models import GridLink, GridTask, MonthlyReport, ReportState, TaskKind, TaskState
from .periods import current_q, first_of, previous_month
from .report_figures import report_deadline


def home_summary(person: Person, home: Home | None = None):
    """The grid panel's context. With the page's `home` it returns a function to call
    once every panel has asked for its counts (they then run as one query); alone it
    returns the summary itself."""
    alone = home is None
    home = home or Home(person=person, today=timezone.localdate())
    today = home.today
    manager = is_grid_manager(person)
    branches = branches_managed_by(person).values("pk") if manager else None
    tasks = home.aggregate(
        GridTask.objects.filter(owner=person, state=TaskState.OPEN),
        open=Count("pk"),
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        visits_due=Count("pk", filter=Q(kind=TaskKind.LIFE_EVENT)),
    )
    # Everyone the person is responsible for: workers for a Party member, crew leaders
    # and members for a cadre, cadres for a secretary.
    covered = home.count(
        GridLink.objects.filter(current_q(today), responsible=person, person__isnull=False)
    )
    # Last month's report: due by GRID_REPORT_DUE_DAY of this month; returned ones again.
    last_month = previous_month(first_of(today))
    report = home.aggregate(
        MonthlyReport.objects.filter(member=person, month=last_month),
        filed=Count("pk"),
        returned=Count("pk", filter=Q(state=ReportState.RETURNED)),
    )
    report_due = report_deadline(last_month)
    if manager:
        # How many branches, and the first: one branch is linked to directly.
        managed = home.aggregate(
            branches_managed_by(person).order_by(), n=Count("pk"), first=Min("pk")
        )
        # The branches go in as a subquery; the list behind each count is the branch
        # list's ?show= (backlog.py).
        to_review = home.count(BACKLOG["reports"].records(today).filter(branch_id__in=branches))
        overdue = home.count(BACKLOG["overdue"].records(today).filter(branch_id__in=branches))

    def summary() -> dict:
        result: dict = {"member": None, "manager": None}
        if person.is_party_member or tasks["open"]:
            result["member"] = {
                "open": tasks["open"],
                "overdue": tasks["overdue"],
                "visits_due": tasks["visits_due"],
                "covered": covered["n"],
                "report_month": last_month,
                "report_due": report_due,
                # A member covering someone files a report; shown until it is filed.
                "report_missing": covered["n"] > 0 and not report["filed"],
                "report_late": covered["n"] > 0 and not report["filed"] and today > report_due,
                "report_returned": report["returned"],
            }
        if manager and managed["n"]:
            result["manager"] = {
                "single_branch": managed["first"] if managed["n"] == 1 else None,
                "reports_to_review": to_review["n"],
                "overdue_tasks": overdue["n"],
            }
        return result

    return summary() if alone else summary
