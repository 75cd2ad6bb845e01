"""A grid member's phone pages: my grid (this month's tasks and the workers I cover), a
task with its completion form, logging a talk or visit, recording a life event (五必谈
五必访), and the page where a worker reports their own.

Thin: the views read what was posted, call a service, and show its Chinese message with
everything the person typed when it refuses (400 for bad input, 403 for what the person
may not do, 409 when the task was done or changed meanwhile). Tasks outside what the
person may see are 404.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.care.models import NeedCategory
from tongxin.core.access import fetch
from tongxin.core.forms import all_messages, parse_version, posted, refusal, small_id
from tongxin.core.images import photo_response
from tongxin.core.workflow import Conflict
from tongxin.people.scoping import reach_of
from tongxin.people.selectors import unit_labels

from . import member
from .access import MANAGER_ROLES, branches_managed_by, can_manage
from .forms_member import (
    EVENT_FIELDS,
    VISIT_FIELDS,
    date_message,
    person_by_employee_no,
    person_by_id,
    read_date,
)
from .models import EventKind, FollowUp, GridTask, Level, TaskPhoto, TaskState, VisitKind
from .periods import first_of
from .services import events as event_services
from .services import tasks as task_services
from .services import visits as visit_services

PAGE_SIZE = 30
COVERED_LIMIT = 200
CHOICE_LIMIT = 300


# --- helpers ---------------------------------------------------------------------------


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


def _choices(people) -> list[tuple[int, str]]:
    people = list(people)
    labels = unit_labels({p.unit for p in people})
    out = []
    for p in people:
        label = labels.get(p.unit_id, "")
        out.append((p.pk, f"{p.name}（{label}）" if label else p.name))
    return out


def _photo_context() -> dict:
    return {"photo_max": settings.PHOTO_MAX_COUNT, "photo_mb": settings.PHOTO_MAX_UPLOAD_MB}


# --- my grid ---------------------------------------------------------------------------


@login_required
def member_home(request):
    """This month's tasks (open first, overdue in red) and the workers I cover."""
    person = request.user
    today = timezone.localdate()
    month = first_of(today)
    page = Paginator(member.my_tasks(person, month), PAGE_SIZE).get_page(request.GET.get("page"))
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
    }
    return render(request, "grid/member/home.html", context)


# --- one task --------------------------------------------------------------------------


def _task_context(person, task: GridTask, **extra) -> dict:
    today = timezone.localdate()
    is_open = task.state == TaskState.OPEN
    context = {
        "task": task,
        "overdue": is_open and task.due_on < today,
        "photos": list(task.photos.all()),
        "visits": list(task.visits.select_related("person").order_by("-visited_on", "-pk")[:20]),
        "is_owner": task.owner_id == person.pk,
        "can_complete": is_open and task.owner_id == person.pk,
        "can_cancel": is_open and can_manage(person, task.branch),
        "posted": {},
        "errors": {},
        "error_list": [],
        "today": today,
        **_photo_context(),
    }
    context.update(extra)
    return context


@login_required
def task_detail(request, pk: int):
    person = request.user
    task = member.task_for_viewer(person, pk)
    return render(request, "grid/member/task.html", _task_context(person, task))


@login_required
@require_POST
def task_complete(request, pk: int):
    person = request.user
    task = member.task_for_viewer(person, pk)
    photos = request.FILES.getlist("photos")
    try:
        task_services.task_complete(
            actor=person,
            task_id=task.pk,
            version=parse_version(request.POST.get("version")),
            note=request.POST.get("note", ""),
            photos=photos,
        )
    except GridTask.DoesNotExist:
        raise Http404 from None
    except (ValidationError, PermissionDenied, Conflict) as exc:
        errors, status = refusal(exc)
    else:
        messages.success(request, _("任务已完成：%(t)s") % {"t": task.title})
        return redirect("grid:member_home")
    if photos:
        errors.setdefault("photos", []).append(_("照片没有保存，请重新选择。"))
    task = member.task_for_viewer(person, pk)
    context = _task_context(
        person,
        task,
        posted=request.POST,
        errors=errors,
        error_list=all_messages(errors),
        active="complete",
    )
    return render(request, "grid/member/task.html", context, status=status)


@login_required
@require_POST
def task_cancel(request, pk: int):
    person = request.user
    task = member.task_for_viewer(person, pk)
    try:
        task_services.task_cancel(
            actor=person,
            task_id=task.pk,
            version=parse_version(request.POST.get("version")),
            reason=request.POST.get("reason", ""),
        )
    except GridTask.DoesNotExist:
        raise Http404 from None
    except (ValidationError, PermissionDenied, Conflict) as exc:
        errors, status = refusal(exc)
    else:
        messages.success(request, _("任务已取消，已通知责任人。"))
        return redirect("grid:task_branch", branch_id=task.branch_id)
    task = member.task_for_viewer(person, pk)
    context = _task_context(
        person,
        task,
        posted=request.POST,
        errors=errors,
        error_list=all_messages(errors),
        active="cancel",
    )
    return render(request, "grid/member/task.html", context, status=status)


@login_required
def task_photo(request, pk: int):
    """A task's photo, for whoever may open the task; 404 for anyone else."""
    photo = fetch(TaskPhoto.objects.filter(task__in=member.tasks_visible_to(request.user)), pk=pk)
    return photo_response(photo.image)


# --- log a visit -------------------------------------------------------------------------


def _visit_summary(visit) -> str:
    parts = [_("%(kind)s记录已保存。") % {"kind": visit.get_kind_display()}]
    done = visit.task_id or visit.life_event_id
    if done:
        parts.append(_("相应的走访任务已完成。"))
    if visit.care_item_id:
        parts.append(_("已转关爱服务，由工会跟进。"))
    elif visit.case_id:
        parts.append(_("已转诉求办理，答复会通知您。"))
    elif visit.problem_id:
        parts.append(_("已列入支部问题清单。"))
    return "".join(parts)


@login_required
def visit_new(request):
    """Log a talk or visit with one of my covered workers (or a task's subject)."""
    person = request.user
    source = request.POST if request.method == "POST" else request.GET
    task = None
    task_id = small_id(source.get("task"))
    if task_id is not None:
        task = (
            GridTask.objects.filter(pk=task_id, owner=person)
            .select_related("subject__unit", "life_event")
            .first()
        )
    people = list(member.covered_people(person)[:CHOICE_LIMIT])
    if task is not None and task.subject_id and all(p.pk != task.subject_id for p in people):
        people.insert(0, task.subject)
    choices = _choices(people)
    today = timezone.localdate()
    chosen = small_id(request.GET.get("person"))
    typed = {
        "person": str(task.subject_id if task and task.subject_id else chosen or ""),
        "kind": task.life_event.visit_kind if task and task.life_event else VisitKind.VISIT,
        "visited_on": today.isoformat(),
        "content": "",
        "follow_up": FollowUp.NONE,
        "follow_up_text": "",
        "care_category": "other",
        "task": str(task.pk) if task else "",
        "life_event": str(task.life_event_id) if task and task.life_event_id else "",
    }
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        typed = posted(request.POST, VISIT_FIELDS)
        visited_on = read_date(typed, "visited_on", errors, date_message())
        if not errors:
            try:
                visit = visit_services.visit_log(
                    actor=person,
                    person=person_by_id(typed["person"]),
                    visited_on=visited_on,
                    kind=typed["kind"],
                    content=typed["content"],
                    follow_up=typed["follow_up"] or FollowUp.NONE,
                    follow_up_text=typed["follow_up_text"],
                    task_id=task.pk if task else None,
                    life_event_id=small_id(typed["life_event"]),
                    care_category=typed["care_category"] or "other",
                )
            except (ValidationError, PermissionDenied, Conflict) as exc:
                errors, status = refusal(exc)
            else:
                messages.success(request, _visit_summary(visit))
                return redirect("grid:member_home")
        else:
            status = 400
    context = {
        "task": task,
        "choices": choices,
        "f": typed,
        "errors": errors,
        "error_list": all_messages(errors),
        "kinds": VisitKind.choices,
        "follow_ups": FollowUp.choices,
        "care_categories": NeedCategory.choices,
        "today": today,
    }
    return render(request, "grid/member/visit_new.html", context, status=status)


# --- life events -------------------------------------------------------------------------


@login_required
def event_new(request):
    """Record a covered worker's life event (a grid member), or anyone's in reach (a
    branch manager, who may type the 工号)."""
    person = request.user
    is_manager = not reach_of(person, MANAGER_ROLES).empty
    choices = _choices(member.covered_people(person)[:CHOICE_LIMIT])
    today = timezone.localdate()
    chosen = small_id(request.GET.get("person"))
    typed = {
        "person": str(chosen or ""),
        "employee_no": "",
        "kind": "",
        "occurred_on": today.isoformat(),
        "description": "",
    }
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        typed = posted(request.POST, EVENT_FIELDS)
        occurred_on = read_date(typed, "occurred_on", errors, date_message())
        subject = None
        if typed["employee_no"].strip():
            subject = person_by_employee_no(typed["employee_no"])
            if (
                subject is not None
                and subject.pk != person.pk
                and not event_services.may_record_for(person, subject)
            ):
                # Someone outside the viewer's grid answers like a 工号 nobody has: the
                # page never tells whether an employee number is in use elsewhere.
                subject = None
            if subject is None:
                errors.setdefault("employee_no", []).append(
                    _("没有工号为 %(no)s 的在职人员，或该职工不在您的网格范围内。")
                    % {"no": typed["employee_no"].strip()[:20]}
                )
        elif typed["person"].strip():
            subject = person_by_id(typed["person"])
        if subject is None and not errors:
            errors["person"] = [_("请选择职工，或填写职工的工号。")]
        if not errors:
            try:
                event = event_services.event_record(
                    actor=person,
                    person=subject,
                    kind=typed["kind"],
                    occurred_on=occurred_on,
                    description=typed["description"],
                )
            except (ValidationError, PermissionDenied) as exc:
                errors, status = refusal(exc)
            else:
                task = event.tasks.select_related("owner").first()
                messages.success(
                    request,
                    _("已登记，已派发“%(t)s”给 %(owner)s，%(d)s 前完成。")
                    % {"t": task.title, "owner": task.owner.name, "d": task.due_on},
                )
                return redirect("grid:member_home")
        else:
            status = 400
    context = {
        "choices": choices,
        "is_manager": is_manager,
        "f": typed,
        "errors": errors,
        "error_list": all_messages(errors),
        "kinds": _kinds_with_days(),
        "today": today,
    }
    return render(request, "grid/member/event_new.html", context, status=status)


def _kinds_with_days() -> list[tuple[str, str, int, str]]:
    return [
        (
            value,
            label,
            settings.GRID_EVENT_WORKDAYS.get(value, 3),
            str(event_services.VISIT_WORD[event_services.VISIT_KIND[value]]),
        )
        for value, label in EventKind.choices
    ]


@login_required
def event_mine(request):
    """A worker tells the branch of an illness, a bereavement, a wedding or a birth, a
    hardship or a conflict, and sees what they told before and who will come."""
    person = request.user
    today = timezone.localdate()
    typed = {"kind": "", "occurred_on": today.isoformat(), "description": ""}
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        typed = posted(request.POST, ("kind", "occurred_on", "description"))
        occurred_on = read_date(typed, "occurred_on", errors, date_message())
        if not errors:
            try:
                event_services.event_report_own(
                    actor=person,
                    kind=typed["kind"],
                    occurred_on=occurred_on,
                    description=typed["description"],
                )
            except (ValidationError, PermissionDenied) as exc:
                errors, status = refusal(exc)
            else:
                messages.success(request, _("已告知党支部，网格员会尽快与您联系。"))
                return redirect("grid:event_mine")
        else:
            status = 400
    page = Paginator(member.my_events(person).prefetch_related("tasks__owner"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    events = list(page.object_list)
    for event in events:
        tasks = list(event.tasks.all())
        event.task = tasks[0] if tasks else None
    context = {
        "page": page,
        "events": events,
        "f": typed,
        "errors": errors,
        "error_list": all_messages(errors),
        "kinds": _kinds_with_days(),
        "today": today,
    }
    return render(request, "grid/member/my_events.html", context, status=status)
