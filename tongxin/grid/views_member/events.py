"""Recording a life event (五必谈五必访), and the page where a worker reports their own."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.forms import all_messages, posted, refusal, small_id
from tongxin.people.scoping import reach_of

from .. import member
from ..access import MANAGER_ROLES
from ..forms_member import (
    EVENT_FIELDS,
    date_message,
    person_by_employee_no,
    person_by_id,
    read_date,
)
from ..models import EventKind
from ..services import events as event_services
from .common import CHOICE_LIMIT, PAGE_SIZE, people_choices


@login_required
def event_new(request):
    """Record a covered worker's life event (a grid member), or anyone's in reach (a
    branch manager, who may type the 工号)."""
    person = request.user
    is_manager = not reach_of(person, MANAGER_ROLES).empty
    choices = people_choices(member.covered_people(person)[:CHOICE_LIMIT])
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
