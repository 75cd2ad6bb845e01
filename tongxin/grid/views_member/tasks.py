"""One task with its completion form, completing or cancelling it, and its photos."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.access import fetch
from tongxin.core.forms import all_messages, parse_version, refusal
from tongxin.core.images import photo_response
from tongxin.core.workflow import Conflict

from .. import member
from ..access import can_manage
from ..models import GridTask, TaskPhoto, TaskState
from ..services import tasks as task_services


def _photo_context() -> dict:
    return {"photo_max": settings.PHOTO_MAX_COUNT, "photo_mb": settings.PHOTO_MAX_UPLOAD_MB}


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
