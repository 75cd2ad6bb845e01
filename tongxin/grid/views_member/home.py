"""My grid: this month's tasks and the workers I cover."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.people.selectors import unit_labels

from .. import member
from ..access import branches_managed_by
from ..models import GridTask, Level, TaskState
from ..periods import first_of
from .common import PAGE_SIZE

COVERED_LIMIT = 200
SHOW_LABELS = {"open": _("待办任务"), "overdue": _("已超期的任务"), "visits": _("待办的必谈必访")}


def _person_rows(links) -> list[dict]:
    labels = unit_labels({link.person.unit for link in links})
    month = first_of(timezone.localdate())
    return [
        {
            "person": link.person,
            "unit": labels.get(link.person.unit_id, ""),
            "level": link.get_level_display(),
            "show_level": link.level != Level.MEMBER_WORKER,
            "last_visit": link.last_visit,
            "visited_this_month": bool(link.last_visit and link.last_visit >= month),
        }
        for link in links
    ]


@login_required
def member_home(request):
    """This month's tasks (open first, overdue in red) and the workers I cover."""
    person = request.user
    today = timezone.localdate()
    month = first_of(today)
    show = request.GET.get("show")
    show = show if show in member.TASK_FILTERS else None
    tasks_q = member.my_tasks(person, month, show)
    page = Paginator(tasks_q, PAGE_SIZE).get_page(request.GET.get("page"))
    tasks = list(page.object_list)
    for task in tasks:
        task.overdue = task.state == TaskState.OPEN and task.due_on < today
        task.overdue_days = (today - task.due_on).days if task.overdue else 0
        task.due_today = task.state == TaskState.OPEN and task.due_on == today
    counts = GridTask.objects.filter(owner=person, month=month).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(state=TaskState.DONE)),
        overdue=Count("pk", filter=Q(state=TaskState.OPEN, due_on__lt=today)),
    )
    links = list(member.my_covered(person)[:COVERED_LIMIT])
    rows = _person_rows(links)
    managed = list(branches_managed_by(person)[:10])
    context = {
        "today": today,
        "month": month,
        "page": page,
        "tasks": tasks,
        "counts": counts,
        "rows": rows,
        "visited": sum(1 for r in rows if r["visited_this_month"]),
        "covered_capped": len(links) >= COVERED_LIMIT,
        "managed": managed,
        "show": show,
        "query": f"show={show}" if show else "",
        "show_label": SHOW_LABELS.get(show, ""),
    }
    return render(request, "grid/member/home.html", context)
