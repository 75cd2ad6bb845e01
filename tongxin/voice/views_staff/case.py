"""A case with what the viewer may do next, each step, and the handlers of a
department (htmx)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.access import reason_of
from tongxin.core.pickers import picker_context
from tongxin.people.models import Tree

from .. import classify, selectors, services, staff_forms
from ..access import HANDLER_PICKER, actor_kinds, case_for_staff, cases_visible_to
from ..models import Case, Channel, State
from ..services import Conflict
from ..services.base import case_flow
from ..workflow import Actor
from .common import voice_staff_required


def _with_photos(events):
    """Every event's photos with their address, as the shared timeline shows them."""
    for event in events:
        event.shown_photos = [(p, reverse("voice:photo", args=[p.pk])) for p in event.photos.all()]
    return events


def _case_context(request, case: Case, **extra) -> dict:
    viewer = request.user
    kinds = actor_kinds(viewer, case)
    possible = case_flow.available(case, kinds)
    if case.reopened:
        possible.discard("reopen")
    if case.channel != Channel.CONGRESS:
        possible.discard("decline")
    context = {
        "case": case,
        "kinds": {k.value for k in kinds},
        "possible": possible,
        "events": _with_photos(selectors.timeline(case, internal=True)),
        "photos": list(case.photos.all()),
        "milestones": selectors.milestones(case),
        "merged_cases": list(case.merged_cases.all()[:20]),
        "today": timezone.localdate(),
        "posted": {},
        "error": "",
        "active": "",
    }
    if "accept" in possible:
        context["proposed"] = classify.proposed_category(f"{case.title} {case.body}")
        context["categories"] = staff_forms.Category.objects.filter(is_active=True)
    if "merge" in possible:
        context["similar"] = classify.similar_open(case, cases_visible_to(viewer))
    if "assign" in possible:
        context["departments"] = selectors.departments_for(case)
        context["default_deadline"] = services.default_deadline(case.category, case.is_major)
    if case.department_id and "assign" in possible:
        context["handler_picker"] = handler_picker(case.department, "handler", case.handler)
    context["can_note"] = bool(kinds & {Actor.OFFICER, Actor.DEPARTMENT})
    context["can_adopt"] = (
        case.channel == Channel.PROPOSAL
        and Actor.OFFICER in kinds
        and case.state in (State.HANDLED, State.REPLIED, State.CLOSED)
    )
    context["can_progress"] = bool(kinds & {Actor.OFFICER, Actor.DEPARTMENT}) and (
        (case.channel == Channel.PROPOSAL and case.adopted)
        or (
            case.channel == Channel.CONGRESS
            and case.state not in (State.COSIGNING, State.SUBMITTED, State.DECLINED)
        )
    )
    context.update(extra)
    return context


def handler_picker(department, input_id: str, handler=None) -> dict:
    """The handler field for a department (core.pickers): its people, searched as typed;
    left empty, the department's head assigns it."""
    return picker_context(
        name=HANDLER_PICKER,
        record=department,
        field="handler",
        input_id=input_id,
        person=handler,
        required=False,
    )


@voice_staff_required
def case(request, pk: int):
    case = case_for_staff(request.user, pk)
    return render(request, "voice/staff/case.html", _case_context(request, case))


# Each action: the form that parses it and the service call it makes.
def _act_accept(request, case, data):
    return services.case_accept(
        case_id=case.pk,
        version=data["version"],
        actor=request.user,
        category=data["category"],
        is_major=data["is_major"],
        note=data["note"],
    )


def _act_decline(request, case, data):
    return services.case_decline(
        case_id=case.pk, version=data["version"], actor=request.user, reason=data["reason"]
    )


def _act_merge(request, case, data):
    return services.case_merge(
        case_id=case.pk, version=data["version"], actor=request.user, into_id=data["into"]
    )


def _act_assign(request, case, data):
    return services.case_assign(
        case_id=case.pk,
        version=data["version"],
        actor=request.user,
        department=data["department"],
        handler=data["handler"],
        deadline=data["deadline"],
        note=data["note"],
    )


def _act_request_info(request, case, data):
    return services.case_request_info(
        case_id=case.pk, version=data["version"], actor=request.user, question=data["text"]
    )


def _act_handle(request, case, data):
    return services.case_handle(
        case_id=case.pk, version=data["version"], actor=request.user, result=data["text"]
    )


def _act_reply(request, case, data):
    return services.case_reply(
        case_id=case.pk, version=data["version"], actor=request.user, text=data["text"]
    )


def _act_note(request, case, data):
    return services.case_note(case_id=case.pk, actor=request.user, text=data["text"])


def _act_adopt(request, case, data):
    return services.proposal_adopt(
        case_id=case.pk,
        version=data["version"],
        actor=request.user,
        adopted=data["adopted"],
        benefit=data["benefit"],
        benefit_amount=data["benefit_amount"],
        reward_amount=data["reward_amount"],
    )


def _act_milestone(request, case, data):
    return services.milestone_add(
        case_id=case.pk, actor=request.user, title=data["title"], due_on=data["due_on"]
    )


def _act_milestone_done(request, case, data):
    if not case.milestones.filter(pk=data["milestone"]).exists():
        raise Http404
    return services.milestone_done(
        milestone_id=data["milestone"], actor=request.user, note=data["note"]
    )


ACTIONS = {
    "accept": (staff_forms.AcceptForm, _act_accept, _("已受理。")),
    "decline": (staff_forms.DeclineForm, _act_decline, _("已不予立案，理由已告知提案人。")),
    "merge": (staff_forms.MergeForm, _act_merge, _("已合并。")),
    "assign": (staff_forms.AssignForm, _act_assign, _("已交办。")),
    "request_info": (staff_forms.TextForm, _act_request_info, _("已请提出人补充，期限暂停计算。")),
    "handle": (staff_forms.TextForm, _act_handle, _("已记录办理情况，请发布答复。")),
    "reply": (staff_forms.TextForm, _act_reply, _("答复已发布给提出人。")),
    "note": (staff_forms.TextForm, _act_note, _("内部备注已保存。")),
    "adopt": (staff_forms.AdoptForm, _act_adopt, _("已保存采纳认定。")),
    "milestone": (staff_forms.MilestoneForm, _act_milestone, _("已添加落实节点。")),
    "milestone_done": (staff_forms.MilestoneDoneForm, _act_milestone_done, _("节点已完成。")),
}


@voice_staff_required
@require_POST
def case_act(request, pk: int, action: str):
    case = case_for_staff(request.user, pk)
    if action not in ACTIONS:
        raise Http404
    form_class, call, done = ACTIONS[action]
    form = form_class(request.POST)
    error, status = "", 400
    if form.is_valid():
        try:
            call(request, case, form.cleaned_data)
        except Conflict as exc:
            error, status = exc.message, 409
        except PermissionDenied as exc:
            error, status = reason_of(exc), 403
        except ValidationError as exc:
            error = "；".join(exc.messages)
        else:
            messages.success(request, done)
            return redirect("voice:case", pk=case.pk)
    else:
        error = "；".join(e for errors in form.errors.values() for e in errors)
    # Show the case as it is now, with what the person typed kept in the form.
    case = case_for_staff(request.user, pk)
    context = _case_context(request, case, posted=request.POST, error=error, active=action)
    return render(
        request,
        "voice/staff/case.html",
        context,
        status=status,
    )


@voice_staff_required
def handlers(request):
    """The handler picker for the department chosen in the form (htmx swaps it in)."""
    department = None
    if request.GET.get("department", "").isdigit():
        department = staff_forms.Organisation.objects.filter(
            pk=int(request.GET["department"]), tree=Tree.UNIT
        ).first()
    input_id = "b-handler" if request.GET.get("field") == "b-handler" else "handler"
    context = {"picker": handler_picker(department, input_id) if department else None}
    return render(request, "voice/staff/handler_picker.html", context)
