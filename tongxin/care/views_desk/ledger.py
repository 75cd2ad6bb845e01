"""The service ledger with its filters and Excel export, and a new service item."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.forms import all_messages, parse_date, posted, refusal
from tongxin.core.workdays import add_workdays

from .. import export, selectors, services
from ..access import manager_reach
from ..forms import TYPED_MAX, person_by_no, unit_from, worker_in_reach
from ..models import ItemSource, NeedCategory
from ..services.items import VISIT_WORKDAYS
from .common import (
    REFUSALS,
    choice_of,
    date_filter,
    desk_context,
    label_units,
    manager_required,
    paginate,
    query_without,
    unit_filter,
    units_in,
)

LEDGER_TABS = ("open", "done", "cancelled", "all")


def _ledger_filter(request, units, *, default_tab: str = "open"):
    errors: list[str] = []
    unit = unit_filter(request, units, errors)
    tab = request.GET.get("state") if request.GET.get("state") in LEDGER_TABS else default_tab
    owner_id = None
    if (request.GET.get("owner") or "").strip():
        owner = person_by_no(request.GET.get("owner"))
        if owner is None:
            errors.append(_("责任人：没有这个工号。"))
        else:
            owner_id = owner.pk
    since = date_filter(request, "since", _("登记自"), errors)
    until = date_filter(request, "until", _("至"), errors)
    if since and until and since > until:
        errors.append(_("至：结束日期不能早于开始日期。"))
        until = None
    f = selectors.LedgerFilter(
        unit=unit,
        state="" if tab == "all" else tab,
        owner_id=owner_id,
        overdue=request.GET.get("overdue") == "1",
        category=choice_of(request.GET.get("category"), NeedCategory),
        source=choice_of(request.GET.get("source"), ItemSource),
        since=since,
        until=until,
    )
    return f, tab, errors


@manager_required
def ledger(request):
    """服务台账: every service item of the viewer's units, as filtered, with the export."""
    viewer = request.user
    units = units_in(manager_reach(viewer))
    f, tab, errors = _ledger_filter(request, units)
    page = paginate(request, selectors.ledger(viewer, f))
    label_units(page.object_list)
    context = desk_context(
        request,
        "ledger",
        page=page,
        filter=f,
        tab=tab,
        errors=errors,
        units=units,
        owner_no=(request.GET.get("owner") or "").strip()[:20],
        categories=NeedCategory.choices,
        sources=ItemSource.choices,
        counts=selectors.ledger_counts(viewer, f.unit),
        query=query_without(request),
        tabs_query=query_without(request, "state", "overdue"),
    )
    return render(request, "care/desk/ledger.html", context)


@manager_required
def ledger_export(request):
    """The ledger as the page is filtered; every state unless a tab is named."""
    viewer = request.user
    f, _tab, _errors = _ledger_filter(request, units_in(manager_reach(viewer)), default_tab="all")
    return export.ledger_response(selectors.ledger(viewer, f).order_by("created_at", "pk"))


ITEM_FIELDS = ("employee_no", "unit", "category", "title", "description", "owner_no", "deadline")


@manager_required
def item_new(request):
    """直接登记 a service item (for a worker, or for a unit when no 工号 is given)."""
    viewer = request.user
    reach = manager_reach(viewer)
    units = units_in(reach)
    values, errors, status = {"owner_no": viewer.employee_no}, {}, 200
    if request.method == "POST":
        values = posted(request.POST, ITEM_FIELDS, limit=TYPED_MAX)
        person = worker_in_reach(values, reach, errors, optional=True)
        unit, _ok = unit_from(units, values["unit"])
        owner = person_by_no(values["owner_no"])
        if owner is None:
            errors["owner"] = [_("请填写责任人的工号（本矿在职人员）。")]
        deadline, ok = parse_date(values["deadline"])
        if not ok:
            errors["deadline"] = [_("完成期限的日期格式不对。")]
        if not errors:
            try:
                item = services.item_create(
                    actor=viewer,
                    person=person,
                    organisation=unit,
                    category=values["category"],
                    title=values["title"],
                    description=values["description"],
                    owner=owner,
                    deadline=deadline,
                )
            except REFUSALS as exc:
                errors, status = refusal(exc)
            else:
                messages.success(request, _("服务项目已登记，并通知了责任人。"))
                return redirect("care:item", pk=item.pk)
        status = status if status != 200 else 400
    context = desk_context(
        request,
        "ledger",
        values=values,
        errors=errors,
        error_list=all_messages(errors),
        units=units,
        categories=NeedCategory.choices,
        suggested_deadline=add_workdays(timezone.localdate(), VISIT_WORKDAYS),
    )
    return render(request, "care/desk/item_new.html", context, status=status)
