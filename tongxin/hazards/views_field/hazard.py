"""One hazard's record, and the steps the viewer may take on it now."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tongxin.core.forms import all_messages, parse_date, refusal
from tongxin.core.idempotency import posted_key
from tongxin.core.offline import offline_sync
from tongxin.core.pickers import picker_context
from tongxin.people.selectors import unit_labels

from .. import services
from ..access import (
    ASSIGN_PICKER,
    actor_kinds,
    assignable_people,
    hazard_for,
    is_union_supervisor,
)
from ..models import OPEN_STATES, Hazard
from ..services import Conflict
from ..services.base import hazard_flow
from .common import PHOTOS_LOST, attach_overdue, deadlines, photo_url

ACTIONS = (
    "start",
    "rectify",
    "recheck_pass",
    "recheck_fail",
    "assign",
    "confirm",
    "dismiss",
    "union_note",
    "urge",
)

# The field each action's text is typed into, kept on a refusal.
TEXT_FIELD = {
    "rectify": "note",
    "recheck_pass": "note",
    "recheck_fail": "note",
    "assign": "measures",
    "confirm": "note",
    "dismiss": "reason",
    "union_note": "note",
    "urge": "note",
}
DONE = {
    "start": gettext_lazy("已开始整改。整改完成后，在这里上传整改后的照片。"),
    "rectify": gettext_lazy("整改已提交，等待其他人员复查验收。"),
    "recheck_pass": gettext_lazy("复查合格，隐患已销号。"),
    "recheck_fail": gettext_lazy("复查不合格，已退回责任人继续整改。"),
    "assign": gettext_lazy("已指派整改责任人和期限，已通知责任人。"),
    "confirm": gettext_lazy("已确认隐患，进入整改流程。"),
    "dismiss": gettext_lazy("已排除误报。"),
    "union_note": gettext_lazy("工会监督意见已记录。"),
    "urge": gettext_lazy("已督促责任人及其负责人整改。"),
}


def _available(person, hazard: Hazard) -> set[str]:
    """The steps the viewer may take on the hazard now: the transition table, the
    viewer's capacities (access.actor_kinds: never a re-check of one's own rectification,
    nor one above the viewer's level) and the state."""
    names = hazard_flow.available(hazard, actor_kinds(person, hazard))
    if is_union_supervisor(person, hazard):
        names.add("union_note")
        if hazard.state in OPEN_STATES:
            names.add("urge")
    return names


def _assign_picker(hazard: Hazard, extra: dict) -> dict:
    """The responsible-person picker (core.pickers): the posted id kept after a refusal,
    else the person responsible now."""
    posted = extra.get("posted") or {}
    if extra.get("active") == "assign":
        raw = (posted.get("responsible") or "").strip()[:12]
        # Shown back by name if it was someone on offer; a stray id is shown as typed.
        chosen = assignable_people(hazard).filter(pk=raw).first() if raw.isdigit() else None
        return picker_context(
            name=ASSIGN_PICKER,
            record=hazard,
            field="responsible",
            input_id="assign-responsible",
            person=chosen,
            value=raw,
            invalid=bool((extra.get("errors") or {}).get("responsible")),
        )
    return picker_context(
        name=ASSIGN_PICKER,
        record=hazard,
        field="responsible",
        input_id="assign-responsible",
        person=hazard.responsible,
    )


def _hazard_context(person, hazard: Hazard, **extra) -> dict:
    events = list(hazard.events.all())
    photos = list(hazard.photos.all())
    by_event = defaultdict(list)
    for photo in photos:
        by_event[photo.event_id].append((photo, photo_url(photo)))
    first_event = events[0].pk if events else None
    body_photos = by_event.pop(None, []) + by_event.pop(first_event, [])
    for event in events:
        event.shown_photos = by_event.get(event.pk, []) if event.pk != first_event else []
    today = timezone.localdate()
    attach_overdue([hazard], today)
    available = _available(person, hazard)
    rectified = [e for e in events if e.action == "rectify"]
    context = {
        "hazard": hazard,
        "unit_label": unit_labels([hazard.unit]).get(hazard.unit_id, hazard.unit.name),
        "last_rectify": rectified[-1] if rectified else None,
        "events": events,
        "body_photos": body_photos,
        "available": available,
        "can_recheck": bool(available & {"recheck_pass", "recheck_fail"}),
        "can_union": "union_note" in available,
        "is_responsible": hazard.responsible_id == person.pk,
        "is_rectifier": hazard.rectified_by_id == person.pk,
        "assign_picker": _assign_picker(hazard, extra) if "assign" in available else None,
        "severities": deadlines(),
        "posted": {},
        "errors": {},
        "error_list": [],
        "active": "",
        "kept": "",
        "photo_max": settings.PHOTO_MAX_COUNT,
        "photo_mb": settings.PHOTO_MAX_UPLOAD_MB,
        "today": today,
    }
    context.update(extra)
    return context


@login_required
def hazard(request, pk: int):
    person = request.user
    record = hazard_for(person, pk)
    return render(request, "hazards/field/hazard.html", _hazard_context(person, record))


def _act(action: str, hazard: Hazard, version: int, post, files, person, key):
    if action == "start":
        return services.hazard_start(hazard_id=hazard.pk, version=version, actor=person)
    if action == "rectify":
        return services.hazard_rectify(
            hazard_id=hazard.pk,
            version=version,
            actor=person,
            note=post.get("note", ""),
            photos=files.getlist("photos"),
            idempotency_key=key,
        )
    if action in ("recheck_pass", "recheck_fail"):
        return services.hazard_recheck(
            hazard_id=hazard.pk,
            version=version,
            actor=person,
            passed=action == "recheck_pass",
            note=post.get("note", ""),
        )
    if action == "assign":
        from tongxin.people.models import Person

        raw = (post.get("responsible") or "").strip()
        responsible = (
            Person.objects.select_related("unit").filter(pk=int(raw)).first()
            if raw.isdigit() and len(raw) < 12
            else None
        )
        deadline, ok = parse_date(post.get("deadline", ""))
        if not ok:
            raise ValidationError({"deadline": _("整改期限的日期格式不对，请重新选择。")})
        return services.hazard_assign(
            hazard_id=hazard.pk,
            version=version,
            actor=person,
            responsible=responsible,
            deadline=deadline,
            measures=post.get("measures", ""),
        )
    if action == "confirm":
        return services.hazard_confirm(
            hazard_id=hazard.pk, version=version, actor=person, note=post.get("note", "")
        )
    if action == "dismiss":
        return services.hazard_dismiss(
            hazard_id=hazard.pk, version=version, actor=person, reason=post.get("reason", "")
        )
    return services.union_supervise(
        hazard_id=hazard.pk, actor=person, note=post.get("note", ""), urge=action == "urge"
    )


@offline_sync
@login_required
@require_POST
def hazard_act(request, pk: int, action: str):
    """One step on the hazard, guarded by its version: the second of two people acting
    on the same version is told what happened, and keeps what they typed."""
    person = request.user
    record = hazard_for(person, pk)
    if action not in ACTIONS:
        raise Http404
    raw_version = (request.POST.get("version") or "").strip()
    try:
        if not (raw_version.isdigit() and len(raw_version) < 10):
            raise ValidationError(_("页面缺少版本信息，请刷新后重试。"))
        key = posted_key(request) if action == "rectify" else None
        _act(action, record, int(raw_version), request.POST, request.FILES, person, key)
    except (ValidationError, PermissionDenied, Conflict) as exc:
        errors, status = refusal(exc, list_field="photos" if action == "rectify" else "general")
    else:
        messages.success(request, DONE[action])
        return redirect("hazards:hazard", pk=record.pk)
    if action == "rectify" and request.FILES.getlist("photos"):
        errors.setdefault("photos", []).append(str(PHOTOS_LOST))
    record = hazard_for(person, pk)
    context = _hazard_context(
        person,
        record,
        posted=request.POST,
        errors=errors,
        error_list=all_messages(errors),
        active=action,
    )
    # What was typed for a step no longer open to the person is shown to copy, not lost.
    if action in ("recheck_pass", "recheck_fail"):
        still_open = context["can_recheck"]
    elif action in ("union_note", "urge"):
        still_open = context["can_union"]
    else:
        still_open = action in context["available"]
    field = TEXT_FIELD.get(action)
    if not still_open and field:
        context["kept"] = request.POST.get(field, "")
    return render(request, "hazards/field/hazard.html", context, status=status)
