"""Reporting a hazard on the spot (随手拍)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tongxin.core.forms import all_messages, refusal
from tongxin.core.idempotency import posted_key
from tongxin.core.offline import offline_sync
from tongxin.people.models import Organisation, OrgKind, Tree
from tongxin.people.selectors import mine_of

from .. import selectors, services
from ..forms_field import build_finding, district_of, posted_finding, with_responsible_labels
from ..models import Workplace
from .common import PHOTOS_LOST, active_categories, finding_context, in_mine


def _report_units(person) -> list[tuple[int, str]]:
    """The units a hazard can be reported against: the mine, its districts and offices."""
    if person.unit is not None:
        mine = mine_of(person.unit)
        units = Organisation.objects.filter(
            tree=Tree.UNIT,
            path__startswith=mine.path,
            kind__in=(OrgKind.MINE, OrgKind.DISTRICT, OrgKind.DEPARTMENT),
        ).order_by("path")
    else:
        units = selectors.units_for(person)
    return [(u.pk, u.name) for u in units.only("pk", "name")[:300]]


@offline_sync
@login_required
def report(request):
    """Report a hazard seen at the work place, outside a scheduled inspection."""
    person = request.user
    source = request.POST if request.method == "POST" else request.GET
    code = (source.get("workplace") or "").strip()[:24]
    workplace = None
    if code:
        workplace = (
            Workplace.objects.select_related("unit").filter(code=code, is_active=True).first()
        )
        if workplace is not None and not in_mine(person, workplace.unit.path):
            workplace = None
    units = _report_units(person)
    unit_ids = {pk for pk, _label in units}
    default_unit = workplace.unit if workplace else district_of(person.unit)
    typed = {
        "location": workplace.name if workplace else "",
        "category": "",
        "severity": "",
        "description": "",
        "measures": "",
        "responsible": "",
        "deadline": "",
        "unit": str(default_unit.pk) if default_unit else "",
    }
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        typed = {**posted_finding(request.POST), "unit": request.POST.get("unit", "")}
        photos = request.FILES.getlist("photos")
        unit_id = typed["unit"].strip()
        unit = None
        if unit_id.isdigit() and len(unit_id) < 12 and int(unit_id) in unit_ids:
            unit = Organisation.objects.filter(pk=int(unit_id)).first()
        finding, problems = build_finding(typed, active_categories(), workplace, unit=unit)
        if unit is None:
            problems["unit"] = _("请选择责任单位。")
        if problems:
            errors = {field: [message] for field, message in problems.items()}
            status = 400
        else:
            try:
                hazard = services.hazard_report(
                    actor=person,
                    unit=unit,
                    finding=finding,
                    photos=photos,
                    idempotency_key=posted_key(request),
                )
            except (ValidationError, PermissionDenied) as exc:
                errors, status = refusal(exc, list_field="photos")
            else:
                messages.success(
                    request,
                    _("已上报，编号 %(code)s。处理的每一步都会通知您。") % {"code": hazard.code},
                )
                return redirect("hazards:hazard", pk=hazard.pk)
        if photos:
            errors.setdefault("photos", []).append(str(PHOTOS_LOST))
        default_unit = unit or default_unit
    with_responsible_labels([typed])
    context = finding_context(
        person,
        default_unit,
        workplace=workplace,
        units=units,
        f=typed,
        errors=errors,
        error_list=all_messages(errors),
    )
    return render(request, "hazards/field/report.html", context, status=status)
