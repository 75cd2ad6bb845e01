"""What the home page shows of the grid and of care (SPEC "Home pages by role"):
a Party member sees the workers they cover and the visits due; a secretary sees the
branch's reports to review and overdue tasks; whoever owns care service items sees
those. A few aggregate queries, none of them growing with the data."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from tongxin.people.models import Person

from .access import branches_managed_by, is_grid_manager
from .models import GridLink, GridTask, MonthlyReport, ReportState, TaskKind, TaskState
from .periods import current_q


def home_summary(person: Person) -> dict:
    today = timezone.localdate()
    summary: dict = {"member": None, "manager": None, "care": None}
    manager = is_grid_manager(person)
    branches = branches_managed_by(person).values("pk") if manager else None
    # One pass over open tasks answers both the person's own and, for a manager, the
    # branches' overdue ones; the branches go in as a subquery.
    own = Q(owner=person)
    scope = own | Q(branch_id__in=branches) if manager else own
    counts = {
        "open": Count("pk", filter=own),
        "overdue": Count("pk", filter=own & Q(due_on__lt=today)),
        "visits_due": Count("pk", filter=own & Q(kind=TaskKind.LIFE_EVENT)),
    }
    if manager:
        counts["branch_overdue"] = Count("pk", filter=Q(due_on__lt=today))
    tasks = GridTask.objects.filter(scope, state=TaskState.OPEN).aggregate(**counts)
    if tasks["open"] or person.is_party_member:
        # Everyone the person is responsible for: workers for a Party member, crew
        # leaders and members for a cadre, cadres for a secretary.
        covered = GridLink.objects.filter(
            current_q(today), responsible=person, person__isnull=False
        ).count()
        summary["member"] = {
            "open": tasks["open"],
            "overdue": tasks["overdue"],
            "visits_due": tasks["visits_due"],
            "covered": covered,
        }
    if manager:
        # The first two ids say whether there is one branch to link to directly.
        first = list(branches[:2])
        if first:
            summary["manager"] = {
                "single_branch": first[0]["pk"] if len(first) == 1 else None,
                "reports_to_review": MonthlyReport.objects.filter(
                    branch_id__in=branches, state=ReportState.SUBMITTED
                ).count(),
                "overdue_tasks": tasks["branch_overdue"],
            }
    summary["care"] = _care_summary(person, today)
    return summary


def _care_summary(person: Person, today: date) -> dict | None:
    from tongxin.care.models import ItemState, ServiceItem

    items = ServiceItem.objects.filter(owner=person, state=ItemState.OPEN).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(deadline__lt=today))
    )
    return items if items["open"] else None
