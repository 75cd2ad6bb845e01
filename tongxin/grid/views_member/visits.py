"""Logging a talk or visit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.care.models import NeedCategory
from tongxin.core.forms import all_messages, posted, refusal, small_id
from tongxin.core.workflow import Conflict

from .. import member
from ..forms_member import VISIT_FIELDS, date_message, person_by_id, read_date
from ..models import FollowUp, GridTask, VisitKind
from ..services import visits as visit_services
from .common import CHOICE_LIMIT, people_choices


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
    choices = people_choices(people)
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
