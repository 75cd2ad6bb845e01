"""The branch secretary's task desk: every task of the branch with filters (member,
state, overdue, month), adding a task for a grid member, and importing life events from
a sheet. Branches outside what the person runs (or, for the list, reads) are 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core.forms import all_messages, posted, refusal, small_id
from tongxin.core.pickers import picker_context
from tongxin.people.selectors import unit_labels

from . import member
from .access import branch_for_manager, branch_for_reader, can_manage
from .events_import import MAX_ROWS, TEMPLATE_HEADERS, template_csv
from .forms_member import (
    TASK_FIELDS,
    date_message,
    person_by_employee_no,
    person_by_id,
    read_date,
)
from .models import EventKind, GridTask, TaskKind, TaskState
from .periods import first_of, parse_month
from .pickers import TASK_OWNER
from .services import events as event_services
from .services import tasks as task_services

PAGE_SIZE = 30
PEOPLE_LIMIT = 500
STATE_FILTERS = (
    ("", gettext_lazy("全部")),
    ("open", gettext_lazy("待完成")),
    ("overdue", gettext_lazy("已超期")),
    ("done", gettext_lazy("已完成")),
    ("cancelled", gettext_lazy("已取消")),
)


def _people_choices(branch) -> list[tuple[int, str]]:
    people = list(
        task_services.branch_people(branch)
        .select_related("unit")
        .order_by("unit__path", "name")[:PEOPLE_LIMIT]
    )
    labels = unit_labels({p.unit for p in people})
    return [(p.pk, f"{p.name}（{labels.get(p.unit_id, '')}）") for p in people]


@login_required
def task_branch(request, branch_id: int):
    """All tasks of the branch, open ones first; overdue ones marked."""
    person = request.user
    branch = branch_for_reader(person, branch_id)
    today = timezone.localdate()
    owner_id = small_id(request.GET.get("member"))
    state = request.GET.get("state", "")
    if state not in dict(STATE_FILTERS):
        state = ""
    month = parse_month(request.GET.get("month", ""))
    tasks = member.branch_tasks(branch, overdue_only=state == "overdue")
    if owner_id:
        tasks = tasks.filter(owner_id=owner_id)
    if state in TaskState.values:
        tasks = tasks.filter(state=state)
    if month:
        tasks = tasks.filter(month=month)
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    labels = unit_labels({t.owner.unit for t in rows if t.owner.unit_id})
    for task in rows:
        task.overdue = task.state == TaskState.OPEN and task.due_on < today
        task.owner_unit = labels.get(task.owner.unit_id, "")
    this_month = first_of(today)
    summary = GridTask.objects.filter(branch=branch).aggregate(
        open=Count("pk", filter=Q(state=TaskState.OPEN)),
        overdue=Count("pk", filter=Q(state=TaskState.OPEN, due_on__lt=today)),
        month_total=Count("pk", filter=Q(month=this_month)),
        month_done=Count("pk", filter=Q(month=this_month, state=TaskState.DONE)),
    )
    filters = {
        "member": str(owner_id or ""),
        "state": state,
        "month": month.strftime("%Y-%m") if month else "",
    }
    context = {
        "branch": branch,
        "is_manager": can_manage(person, branch),
        "page": page,
        "tasks": rows,
        "summary": summary,
        "people": _people_choices(branch),
        "states": STATE_FILTERS,
        "filters": filters,
        "query": urlencode({k: v for k, v in filters.items() if v}),
        "today": today,
        "kinds": dict(TaskKind.choices),
    }
    return render(request, "grid/tasks/branch.html", context)


@login_required
def task_add(request, branch_id: int):
    """The secretary gives a grid member or Party member of the branch a task."""
    person = request.user
    branch = branch_for_manager(person, branch_id)
    typed = {name: "" for name in TASK_FIELDS}
    typed["owner"] = request.GET.get("member", "")
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        typed = posted(request.POST, TASK_FIELDS)
        due_on = read_date(typed, "due_on", errors, date_message())
        subject = None
        if typed["subject"].strip():
            subject = person_by_employee_no(typed["subject"])
            if subject is None:
                errors.setdefault("subject", []).append(
                    _("没有工号为 %(no)s 的在职人员。") % {"no": typed["subject"].strip()[:20]}
                )
        if not errors:
            try:
                task = task_services.task_add(
                    actor=person,
                    branch=branch,
                    owner=person_by_id(typed["owner"]),
                    title=typed["title"],
                    description=typed["description"],
                    due_on=due_on,
                    subject=subject,
                )
            except (ValidationError, PermissionDenied) as exc:
                errors, status = refusal(exc)
            else:
                messages.success(
                    request,
                    _("已交办给 %(owner)s，并已通知本人。") % {"owner": task.owner.name},
                )
                return redirect("grid:task_branch", branch_id=branch.pk)
        else:
            status = 400
    # Shown back by name only if on offer: an id typed into the post names nobody else.
    owner_id = small_id(typed["owner"])
    owner = task_services.branch_people(branch).filter(pk=owner_id).first() if owner_id else None
    context = {
        "branch": branch,
        "owner_picker": picker_context(
            name=TASK_OWNER,
            record=branch,
            field="owner",
            input_id="owner",
            person=owner,
            value=typed["owner"][:12],
            invalid=bool(errors.get("owner")),
        ),
        "f": typed,
        "errors": errors,
        "error_list": all_messages(errors),
        "today": timezone.localdate(),
    }
    return render(request, "grid/tasks/add.html", context, status=status)


@login_required
def event_import(request, branch_id: int):
    """Import life events from a sheet: every row checked, nothing saved if one is bad."""
    person = request.user
    branch = branch_for_manager(person, branch_id)
    if request.GET.get("template") == "1":
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="life-events.csv"'
        return response
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            result = event_services.events_import(actor=person, upload=upload)
        except (ValidationError, PermissionDenied) as exc:
            found, status = refusal(exc)
            errors = all_messages(found)
        else:
            messages.success(
                request,
                _("已导入 %(n)s 条事由，并已向网格员派发走访任务。") % {"n": result["created"]},
            )
            return redirect("grid:task_branch", branch_id=branch.pk)
    context = {
        "branch": branch,
        "errors": errors,
        "headers": TEMPLATE_HEADERS,
        "kinds": EventKind.choices,
        "max_rows": MAX_ROWS,
    }
    return render(request, "grid/tasks/import.html", context, status=status)
