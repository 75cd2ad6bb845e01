"""Needs (list, collect, turn into a service item or decline) and the surveys that
collect them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.forms import all_messages, parse_date, posted, refusal, small_id
from tongxin.core.workdays import add_workdays
from tongxin.people.selectors import unit_labels

from .. import selectors, services
from ..access import manager_reach, need_for_manager
from ..forms import TYPED_MAX, person_by_no, unit_from, version_of, worker_in_reach
from ..models import NeedCategory, NeedState
from ..services.items import VISIT_WORKDAYS
from .common import (
    REFUSALS,
    choice_of,
    desk_context,
    label_units,
    manager_required,
    paginate,
    query_without,
    unit_filter,
    units_in,
)

NEED_TABS = ("new", "served", "declined", "all")


@manager_required
def needs(request):
    """需求清单: the needs of the viewer's units, new ones first in line to be served."""
    viewer = request.user
    units = units_in(manager_reach(viewer))
    errors: list[str] = []
    unit = unit_filter(request, units, errors)
    tab = request.GET.get("state") if request.GET.get("state") in NEED_TABS else "new"
    f = selectors.NeedFilter(
        unit=unit,
        state="" if tab == "all" else tab,
        category=choice_of(request.GET.get("category"), NeedCategory),
        survey_id=small_id(request.GET.get("survey")),
    )
    page = paginate(request, selectors.needs_list(viewer, f))
    label_units(page.object_list)
    context = desk_context(
        request,
        "needs",
        page=page,
        filter=f,
        tab=tab,
        errors=errors,
        units=units,
        categories=NeedCategory.choices,
        counts=selectors.need_counts(viewer, unit),
        query=query_without(request),
        tabs_query=query_without(request, "state"),
    )
    return render(request, "care/desk/needs.html", context)


NEED_FIELDS = ("employee_no", "unit", "category", "text", "survey", "collected_on")


@manager_required
def need_collect(request):
    """现场收集: a union officer records a need heard on the spot (for a worker, or for a
    whole unit when no 工号 is given)."""
    viewer = request.user
    reach = manager_reach(viewer)
    units = units_in(reach)
    surveys = list(selectors.surveys_list(viewer).filter(closes_on__gte=timezone.localdate())[:50])
    values, errors, status = {"collected_on": timezone.localdate().isoformat()}, {}, 200
    if request.method == "POST":
        values = posted(request.POST, NEED_FIELDS, limit=TYPED_MAX)
        person = worker_in_reach(values, reach, errors, optional=True)
        unit, _ok = unit_from(units, values["unit"])
        survey = next((s for s in surveys if s.pk == small_id(values["survey"])), None)
        collected_on, ok = parse_date(values["collected_on"])
        if not ok:
            errors["collected_on"] = [_("收集日期的格式不对。")]
        if not errors:
            try:
                need = services.need_collect(
                    actor=viewer,
                    person=person,
                    organisation=unit,
                    category=values["category"],
                    text=values["text"],
                    survey=survey,
                    collected_on=collected_on,
                )
            except REFUSALS as exc:
                errors, status = refusal(exc)
            else:
                messages.success(request, _("需求已登记，请转为服务项目或说明理由。"))
                return redirect("care:need", pk=need.pk)
        status = status if status != 200 else 400
    context = desk_context(
        request,
        "needs",
        values=values,
        errors=errors,
        error_list=all_messages(errors),
        units=units,
        surveys=surveys,
        categories=NeedCategory.choices,
    )
    return render(request, "care/desk/need_collect.html", context, status=status)


@manager_required
def need(request, pk: int):
    """One need: turn it into a service item with an owner and a deadline, or decline it."""
    viewer = request.user
    row = need_for_manager(viewer, pk)
    values, errors, status = {}, {}, 200
    if request.method == "POST":
        action = request.POST.get("action")
        values = posted(
            request.POST,
            ("owner_no", "deadline", "title", "description", "reason"),
            limit=TYPED_MAX,
        )
        version = version_of(request.POST)
        try:
            if action == "to_item":
                owner = person_by_no(values["owner_no"])
                deadline, ok = parse_date(values["deadline"])
                if not values["owner_no"].strip() or owner is None:
                    raise ValidationError({"owner": _("请填写责任人的工号（本矿在职人员）。")})
                if not ok:
                    raise ValidationError({"deadline": _("完成期限的日期格式不对。")})
                item = services.need_to_item(
                    actor=viewer,
                    need_id=row.pk,
                    version=version,
                    owner=owner,
                    deadline=deadline,
                    title=values["title"],
                    description=values["description"],
                )
                messages.success(request, _("已转为服务项目，并通知了责任人。"))
                return redirect("care:item", pk=item.pk)
            if action == "decline":
                services.need_decline(
                    actor=viewer, need_id=row.pk, version=version, reason=values["reason"]
                )
                messages.success(request, _("已记录不予办理的理由。"))
                return redirect("care:need", pk=row.pk)
            raise Http404
        except REFUSALS as exc:
            errors, status = refusal(exc)
            values["action"] = action
        row = need_for_manager(viewer, pk)
    if row.person_id:
        row.unit_label = unit_labels([row.person.unit]).get(row.person.unit_id, "")
    item = getattr(row, "service_item", None) if row.state == NeedState.SERVED else None
    context = desk_context(
        request,
        "needs",
        need=row,
        item=item,
        values=values,
        errors=errors,
        error_list=all_messages(errors),
        suggested_deadline=add_workdays(timezone.localdate(), VISIT_WORKDAYS),
    )
    return render(request, "care/desk/need.html", context, status=status)


# --- surveys --------------------------------------------------------------------------


SURVEY_FIELDS = ("unit", "title", "description", "opens_on", "closes_on")


@manager_required
def surveys(request):
    """需求调查: the surveys of the viewer's units with how many needs each collected, and
    the form to open one."""
    viewer = request.user
    units = units_in(manager_reach(viewer))
    values, errors, status = {}, {}, 200
    if request.method == "POST":
        values = posted(request.POST, SURVEY_FIELDS, limit=TYPED_MAX)
        unit, ok = unit_from(units, values["unit"])
        opens_on, ok_open = parse_date(values["opens_on"])
        closes_on, ok_close = parse_date(values["closes_on"])
        if not ok or unit is None:
            errors["organisation"] = [_("请选择调查的单位。")]
        if not ok_open:
            errors["opens_on"] = [_("开始日期的格式不对。")]
        if not ok_close:
            errors["closes_on"] = [_("截止日期的格式不对。")]
        if not errors:
            try:
                services.survey_open(
                    actor=viewer,
                    organisation=unit,
                    title=values["title"],
                    description=values["description"],
                    opens_on=opens_on,
                    closes_on=closes_on,
                )
            except REFUSALS as exc:
                errors, status = refusal(exc)
            else:
                messages.success(request, _("需求调查已发布，职工在“提需求”页面即可填写。"))
                return redirect("care:surveys")
        status = status if status != 200 else 400
    page = paginate(request, selectors.surveys_list(viewer))
    label_units(page.object_list)
    context = desk_context(
        request,
        "surveys",
        page=page,
        units=units,
        values=values,
        errors=errors,
        error_list=all_messages(errors),
        query=query_without(request),
    )
    return render(request, "care/desk/surveys.html", context, status=status)
