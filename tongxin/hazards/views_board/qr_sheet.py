"""The sheet of work-place QR codes to print and post on site."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _

from tongxin.people.selectors import unit_labels
from tongxin.people.views import staff_required

from ..models import Workplace
from .common import is_union, top_unit, units_of

QR_SHEET_MAX = 300


@staff_required
def qr_sheet(request):
    """The work places of a unit, each with its QR code, to print and post on site."""
    viewer = request.user
    units = units_of(viewer)
    unit = top_unit(units)
    error = ""
    raw = request.GET.get("unit", "")
    if raw:
        chosen = next((u for u in units if str(u.pk) == raw), None)
        if chosen is None:
            error = _("单位：所选单位不在您的查看范围内。")
        else:
            unit = chosen
    workplaces = []
    if unit is not None:
        workplaces = list(
            Workplace.objects.filter(unit__path__startswith=unit.path, is_active=True)
            .select_related("unit")
            .order_by("unit__path", "name")[: QR_SHEET_MAX + 1]
        )
    truncated = len(workplaces) > QR_SHEET_MAX
    workplaces = workplaces[:QR_SHEET_MAX]
    labels = unit_labels({w.unit for w in workplaces})
    for workplace in workplaces:
        workplace.unit_label = labels.get(workplace.unit_id, "")
    context = {
        "unit": unit,
        "units": units,
        "workplaces": workplaces,
        "truncated": truncated,
        "max": QR_SHEET_MAX,
        "error": error,
        "active": "qr",
        "is_union": is_union(viewer),
    }
    return render(request, "hazards/board/qr_sheet.html", context)
