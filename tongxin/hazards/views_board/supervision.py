"""The union's labour-protection supervision: open hazards with the union's notes, and
the notes and urging it adds."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from tongxin.core.access import reason_of
from tongxin.people.models import Person, Role
from tongxin.people.scoping import Reach, reach_of

from .. import selectors, services
from ..access import hazards_visible_to
from ..models import HazardEvent, Severity
from .common import (
    PAGE_SIZE,
    board_hazards,
    desk_filter,
    label_rows,
    queries_of,
    top_unit,
    units_of,
)

SUPERVISION_ACTIONS = {
    "union_note": gettext_lazy("监督意见已记录在隐患时间线上。"),
    "urge": gettext_lazy("已督促整改责任人及其单位负责人。"),
}


def _notes_for(hazard_ids: list[int]) -> dict[int, dict]:
    """The latest supervision note of each hazard on the page, and how many (one query)."""
    notes: dict[int, dict] = {}
    rows = HazardEvent.objects.filter(
        hazard_id__in=hazard_ids, action__in=("union_note", "urge")
    ).order_by("hazard_id", "at", "pk")
    for event in rows:
        entry = notes.setdefault(event.hazard_id, {"count": 0, "last": None})
        entry["count"] += 1
        entry["last"] = event
    return notes


@login_required
def supervision(request):
    """工会劳动保护监督: every open hazard the chair's union reaches, with a note or an
    urge on each row. The form posts back here; the filter stays in the query string."""
    viewer = request.user
    union = reach_of(viewer, {Role.UNION_CHAIR})
    if union.empty:
        raise Http404
    posted, error, status = {}, "", 200
    if request.method == "POST":
        outcome = _supervise(request, viewer, union)
        if outcome is None:
            return redirect(request.get_full_path())
        posted, error, status = outcome
    units = units_of(viewer, union)
    f = desk_filter(request, units)
    hazards = board_hazards(viewer, f).filter(union.q("unit_path"))
    page = Paginator(hazards, PAGE_SIZE).get_page(request.GET.get("page"))
    label_rows(page.object_list)
    notes = _notes_for([h.pk for h in page.object_list])
    for hazard in page.object_list:
        hazard.supervision = notes.get(hazard.pk)
    query, tabs_query = queries_of(request)
    context = {
        "page": page,
        "filter": f,
        "counts": selectors.board_counts(viewer, f.board.unit or top_unit(units)),
        "units": units,
        "severities": Severity.choices,
        "query": query,
        "tabs_query": tabs_query,
        "today": timezone.localdate(),
        "posted": posted,
        "error": error,
        "is_union": True,
        "active": "supervision",
    }
    return render(request, "hazards/board/supervision.html", context, status=status)


def _supervise(request, viewer: Person, union: Reach):
    """Record the note or the urge; None when done, else what to show again and why."""
    action = request.POST.get("action", "")
    hazard_id = request.POST.get("hazard", "")
    if action not in SUPERVISION_ACTIONS or not hazard_id.isdigit():
        raise Http404
    hazard = hazards_visible_to(viewer).filter(union.q("unit_path"), pk=int(hazard_id)).first()
    if hazard is None:
        raise Http404
    note = request.POST.get("note", "")
    try:
        services.union_supervise(
            hazard_id=hazard.pk, actor=viewer, note=note, urge=action == "urge"
        )
    except ValidationError as exc:
        return {hazard.pk: note}, "；".join(exc.messages), 400
    except services.Conflict as exc:
        return {hazard.pk: note}, exc.message, 409
    except PermissionDenied as exc:
        return {hazard.pk: note}, reason_of(exc), 403
    messages.success(request, f"{hazard.code} {SUPERVISION_ACTIONS[action]}")
    return None
