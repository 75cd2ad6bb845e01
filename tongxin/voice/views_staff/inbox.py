"""The inbox with its filter, the ledger export, and bulk assignment."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.people.models import Role, Tree
from tongxin.people.scoping import reach_of
from tongxin.people.selectors import orgs_visible_to, unit_labels
from tongxin.voice.access import FORUM_ROLES

from .. import export as ledger
from .. import selectors, services, staff_forms
from ..models import Channel, State
from .common import voice_staff_required

PAGE_SIZE = 30


def _filter_from(request) -> tuple[selectors.InboxFilter, staff_forms.InboxFilterForm]:
    form = staff_forms.InboxFilterForm(request.GET or None)
    f = selectors.InboxFilter(state=request.GET.get("state", "open") if not request.GET else "")
    if form.is_valid():
        data = form.cleaned_data
        unit = data["unit"]
        if unit is not None and not orgs_visible_to(request.user).filter(pk=unit.pk).exists():
            unit = None  # a unit outside the reach filters nothing in: the reach already does
        f = selectors.InboxFilter(
            state=data["state"],
            unit=unit,
            category=data["category"],
            channel=data["channel"],
            overdue=data["overdue"],
            major=data["major"],
            watched=data["watched"],
            since=data["since"],
            until=data["until"],
            q=data["q"],
        )
    return f, form


@voice_staff_required
def inbox(request):
    viewer = request.user
    f, form = _filter_from(request)
    cases = selectors.inbox(viewer, f)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    # "综采一队 一班", not a bare "一班": crews named with their district (one query).
    labels = unit_labels({c.organisation for c in page.object_list})
    for row in page.object_list:
        row.unit_label = labels.get(row.organisation_id, "")
    query = request.GET.copy()
    query.pop("page", None)
    tabs_query = query.copy()
    tabs_query.pop("state", None)
    is_officer = not reach_of(viewer, {Role.UNION_CHAIR, Role.BRANCH_SECRETARY, Role.ADMIN}).empty
    context = {
        "page": page,
        "filter": f,
        "form": form,
        "counts": selectors.state_counts(viewer, f.unit),
        "units": selectors.units_for_filter(viewer),
        "categories": staff_forms.Category.objects.all(),
        "channels": Channel.choices,
        "states": State.choices,
        "query": query.urlencode(),
        "tabs_query": tabs_query.urlencode(),
        "today": timezone.localdate(),
        "is_officer": is_officer,
        "records_forums": not reach_of(viewer, FORUM_ROLES).empty,
        "bulk_departments": _bulk_departments(viewer) if is_officer else [],
    }
    return render(request, "voice/staff/inbox.html", context)


def _bulk_departments(viewer):
    """Districts and departments of the mines the officer works in."""
    from tongxin.people.selectors import mine_of

    mines = {mine_of(u) for u in orgs_visible_to(viewer).filter(tree=Tree.UNIT, depth__lte=3)[:50]}
    paths = sorted({m.path for m in mines})
    if not paths:
        return []
    from django.db.models import Q

    condition = Q()
    for p in paths:
        condition |= Q(path__startswith=p)
    return list(
        staff_forms.Organisation.objects.filter(
            condition, tree=Tree.UNIT, kind__in=("district", "department")
        ).order_by("path")[:300]
    )


@voice_staff_required
def export(request):
    f, _form = _filter_from(request)
    return ledger.ledger_response(selectors.inbox(request.user, f))


@voice_staff_required
@require_POST
def bulk_assign(request):
    form = staff_forms.BulkAssignForm(request.POST)
    back = request.POST.get("next") or "voice:inbox"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back if back.startswith("/") else "voice:inbox")
    data = form.cleaned_data
    try:
        done = services.case_assign_bulk(
            case_ids=data["cases"],
            actor=request.user,
            department=data["department"],
            handler=data["handler"],
            deadline=data["deadline"],
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已交办 %(n)s 件。") % {"n": len(done)})
    return redirect(back if back.startswith("/") else "voice:inbox")
