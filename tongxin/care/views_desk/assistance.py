"""Assistance totals per year and unit, the assistance ledger export, and recording
assistance given."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.forms import all_messages, parse_date, posted, refusal, small_id

from .. import export, selectors, services
from ..access import manager_reach, totals_reach
from ..forms import TYPED_MAX, worker_in_reach
from ..models import AssistanceKind, AssistanceSource
from .common import (
    AID_FIELDS,
    REFUSALS,
    desk_context,
    manager_required,
    query_without,
    reader_required,
    unit_filter,
    units_in,
)


def _totals_params(request, units):
    errors: list[str] = []
    unit = unit_filter(request, units, errors)
    if unit is None and units:
        unit = min(units, key=lambda u: (u.depth, u.path))
    year = small_id(request.GET.get("year")) or timezone.localdate().year
    if not 2000 <= year <= 2100:
        errors.append(_("年度：请选择 2000 至 2100 年之间的年度。"))
        year = timezone.localdate().year
    return unit, year, errors


@reader_required
def assistance(request):
    """帮扶统计: a year's assistance per unit one level down, by kind and by source, and
    every year's total; for union chairs, administrators and leadership."""
    viewer = request.user
    units = units_in(totals_reach(viewer))
    unit, year, errors = _totals_params(request, units)
    totals = selectors.assistance_totals(viewer, year, unit) if unit else None
    years = selectors.assistance_by_year(viewer, unit) if unit else []
    this_year = timezone.localdate().year
    context = desk_context(
        request,
        "assistance",
        totals=totals,
        years=years,
        year=year,
        year_choices=sorted({this_year, year, *[y["year"] for y in years]}, reverse=True),
        unit=unit,
        units=units,
        errors=errors,
        kinds=AssistanceKind.choices,
        query=query_without(request),
    )
    return render(request, "care/desk/assistance.html", context)


@reader_required
def assistance_export(request):
    """The year's assistance ledger under the unit, with its totals."""
    viewer = request.user
    unit, year, _errors = _totals_params(request, units_in(totals_reach(viewer)))
    if unit is None:
        raise Http404
    totals = selectors.assistance_totals(viewer, year, unit)
    return export.assistance_response(selectors.assistance_list(viewer, year, unit), totals)


@manager_required
def assistance_new(request):
    """登记帮扶 for any worker of the viewer's units (with or without a hardship file)."""
    viewer = request.user
    reach = manager_reach(viewer)
    values, errors, status = {"given_on": timezone.localdate().isoformat()}, {}, 200
    if request.method == "POST":
        values = posted(request.POST, ("employee_no", *AID_FIELDS), limit=TYPED_MAX)
        person = worker_in_reach(values, reach, errors)
        given_on, ok = parse_date(values["given_on"])
        if not ok:
            errors["given_on"] = [_("发放日期的格式不对。")]
        if not errors:
            try:
                aid = services.assistance_record(
                    actor=viewer,
                    person=person,
                    kind=values["kind"],
                    amount=values["amount"],
                    source=values["source"],
                    given_on=given_on,
                    note=values["note"],
                )
            except REFUSALS as exc:
                errors, status = refusal(exc)
            else:
                messages.success(
                    request,
                    _("已为 %(n)s 登记帮扶 %(a)s 元。") % {"n": person.name, "a": aid.amount},
                )
                if aid.file_id:
                    return redirect("care:file", pk=aid.file_id)
                return redirect("care:assistance")
        status = status if status != 200 else 400
    context = desk_context(
        request,
        "assistance",
        values=values,
        errors=errors,
        error_list=all_messages(errors),
        kinds=AssistanceKind.choices,
        sources=AssistanceSource.choices,
    )
    return render(request, "care/desk/assistance_new.html", context, status=status)
