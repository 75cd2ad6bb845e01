"""The figures of a grid member's monthly report form (党员网格化管理工作月报表).

Taken from the month's own records — the member's visits, tasks, the life events
given to them, the problems they raised, and the workers they cover — in five
queries whatever the amount of data. The report form shows them read-only and
`services.reports.report_submit` stores them with the report, so an accepted report
keeps saying what it said when the secretary accepted it.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from tongxin.people.models import Person

from .models import (
    FollowUp,
    GridLink,
    GridTask,
    Level,
    LifeEvent,
    Problem,
    TaskState,
    Visit,
    VisitKind,
)
from .periods import current_q, first_of, next_month

# A member with more visits than this in a month (never in practice) sees the latest.
MAX_VISIT_ROWS = 200
GIST_CHARS = 60


def report_deadline(month: date) -> date:
    """The last day a report for `month` is on time: GRID_REPORT_DUE_DAY of the next month
    (the last day of that month if it is shorter)."""
    following = next_month(month)
    last_day = (next_month(following) - timedelta(days=1)).day
    return following.replace(day=min(settings.GRID_REPORT_DUE_DAY, last_day))


def month_figures(member: Person, month: date, *, today: date | None = None) -> dict:
    """What the member did in `month` (any day of it), as JSON-safe values.

    `covered` counts the workers the member covers at the end of the month, or today
    while the month is still running. Overdue tasks are the month's tasks still open
    after their deadline.
    """
    start = first_of(month)
    end = next_month(start)  # exclusive
    today = today or timezone.localdate()
    on = min(end - timedelta(days=1), today)

    covered_ids = set(
        GridLink.objects.filter(
            current_q(on), responsible=member, level=Level.MEMBER_WORKER
        ).values_list("person_id", flat=True)
    )
    visits = list(
        Visit.objects.filter(member=member, visited_on__gte=start, visited_on__lt=end)
        .select_related("person")
        .only("visited_on", "kind", "content", "follow_up", "follow_up_text", "person__name")
        .order_by("visited_on", "pk")
    )
    tasks = GridTask.objects.filter(owner=member, month=start).aggregate(
        total=Count("pk", filter=~Q(state=TaskState.CANCELLED)),
        done=Count("pk", filter=Q(state=TaskState.DONE)),
        overdue=Count("pk", filter=Q(state=TaskState.OPEN, due_on__lt=today)),
    )
    life_events = (
        LifeEvent.objects.filter(occurred_on__gte=start, occurred_on__lt=end)
        .filter(Q(recorded_by=member) | Q(tasks__owner=member))
        .values("pk")
        .distinct()
        .count()
    )
    problems = Problem.objects.filter(
        raised_by=member, raised_on__gte=start, raised_on__lt=end
    ).count()

    visited = {v.person_id for v in visits}
    kinds = dict(VisitKind.choices)
    follow_ups = dict(FollowUp.choices)
    rows = [
        {
            "date": v.visited_on.isoformat(),
            "worker": v.person.name,
            "kind": v.kind,
            "kind_label": str(kinds.get(v.kind, v.kind)),
            "gist": _gist(v.content),
            "follow_up": v.follow_up,
            "follow_up_label": str(follow_ups.get(v.follow_up, v.follow_up)),
            "follow_up_text": v.follow_up_text[:GIST_CHARS],
        }
        for v in visits[-MAX_VISIT_ROWS:]
    ]
    return {
        "month": start.strftime("%Y-%m"),
        "covered": len(covered_ids),
        "visits": sum(1 for v in visits if v.kind == VisitKind.VISIT),
        "talks": sum(1 for v in visits if v.kind == VisitKind.TALK),
        "visited_people": len(visited),
        "not_visited": len(covered_ids - visited),
        "tasks_total": tasks["total"],
        "tasks_done": tasks["done"],
        "tasks_overdue": tasks["overdue"],
        "life_events": life_events,
        "problems_raised": problems,
        "visit_rows": rows,
    }


def _gist(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= GIST_CHARS else text[: GIST_CHARS - 1] + "…"
