"""The union in procurement: the list per year (and its Excel), a new matter, and a
matter's page where the checks, the union's opinion, the outcome and the documents
are recorded."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.access import area_required, fetch
from tongxin.core.exports import ledger_response
from tongxin.core.forms import all_messages, parse_date, posted, refusal, small_id
from tongxin.core.pickers import picker_context
from tongxin.people.models import Organisation, Person, Tree

from . import services
from .models import ProcurementDocument
from .procurement_access import (
    PROCUREMENT_UNIT_KINDS,
    REPRESENTATIVE_PICKER,
    is_procurement_staff,
    may_give_opinion,
    may_manage,
    procurement_for,
    procurements_for,
)
from .services import REFUSALS


def _year(request) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and len(raw) == 4 else timezone.localdate().year


@area_required(is_procurement_staff)
def procurement_list(request):
    year = _year(request)
    rows = procurements_for(request.user).filter(year=year).select_related("unit", "representative")
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    context = {"page": page, "year": year, "query": f"year={year}"}
    return render(request, "integrity/procurement/list.html", context)


@area_required(is_procurement_staff)
def procurement_export(request):
    year = _year(request)
    rows = procurements_for(request.user).filter(year=year).select_related("unit", "representative")
    return ledger_response(
        sheet_name=_("工会参与采购"),
        headers=[
            _("采购事项"),
            _("单位"),
            _("工会代表"),
            _("参加环节"),
            _("工会意见"),
            _("异议"),
            _("结果"),
        ],
        rows=(
            [
                p.matter,
                p.unit.name,
                p.representative.name,
                "；".join(f"{c.held_on:%m-%d} {c.what}" for c in p.checks.all() if c.attended),
                p.opinion,
                p.objection,
                p.outcome,
            ]
            for p in rows.prefetch_related("checks")
        ),
        widths=[(0, 0, 30), (1, 2, 12), (3, 6, 40)],
        filename=f"工会参与采购{year}.xlsx",
    )


def _units(person):
    """Units a new matter may be recorded for: mines, districts and departments in reach."""
    q = Organisation.objects.filter(tree=Tree.UNIT, kind__in=PROCUREMENT_UNIT_KINDS, is_active=True)
    allowed = [u for u in q.order_by("path") if may_manage(person, u.path)]
    return allowed[:200]


@area_required(is_procurement_staff)
def procurement_new(request):
    person = request.user
    units = _units(person)
    values = posted(request.POST, ["unit", "year", "matter", "description", "representative"])
    errors, status = {}, 200
    unit = next((u for u in units if u.pk == small_id(values["unit"])), None)
    representative = None
    if request.method == "POST":
        # The picker posts the person's id; the service checks it is one of the union's
        # people of the unit's mine (the picker's candidates).
        chosen = small_id(values["representative"])
        if chosen:
            representative = Person.objects.filter(pk=chosen).first()
        try:
            if unit is None:
                raise ValidationError({"unit": _("请选择单位。")})
            if chosen and representative is None:
                raise ValidationError({"representative": _("请从列表中选择工会代表。")})
            procurement = services.procurement_create(
                actor=person,
                unit=unit,
                year=small_id(values["year"]) or 0,
                matter=values["matter"],
                description=values["description"],
                representative=representative,
            )
        except REFUSALS as exc:
            errors, status = refusal(exc)
        else:
            return redirect("integrity:procurement", pk=procurement.pk)
    elif not values["year"]:
        values["year"] = str(timezone.localdate().year)
    # The picker searches the chosen unit's mine; choosing another unit retargets it.
    picked_for = unit or (units[0] if units else None)
    picker = None
    if picked_for is not None:
        valid = representative is not None and "representative" not in errors
        picker = picker_context(
            name=REPRESENTATIVE_PICKER,
            record=picked_for,
            field="representative",
            input_id="representative",
            person=representative if valid else None,
            value="" if valid else values["representative"],
            invalid="representative" in errors,
            record_field="unit",
        )
    context = {
        "units": units,
        "values": values,
        "picker": picker,
        "errors": errors,
        "error_list": all_messages(errors),
    }
    return render(request, "integrity/procurement/new.html", context, status=status)


def _detail(request, procurement, *, errors=None, status=200):
    person = request.user
    context = {
        "p": procurement,
        "checks": list(procurement.checks.all()),
        "documents": list(procurement.documents.all()),
        "manages": may_manage(person, procurement.org_path),
        "opines": may_give_opinion(person, procurement),
        "errors": errors or {},
        "error_list": all_messages(errors or {}),
    }
    return render(request, "integrity/procurement/detail.html", context, status=status)


@login_required
def procurement_detail(request, pk: int):
    return _detail(request, procurement_for(request.user, pk))


@login_required
@require_POST
def procurement_act(request, pk: int):
    procurement = procurement_for(request.user, pk)  # 404 outside, before the form
    step, post, who = request.POST.get("step", ""), request.POST, request.user
    try:
        if step == "check":
            held_on, ok = parse_date(post.get("held_on"))
            services.check_add(
                actor=who,
                procurement_id=pk,
                held_on=held_on if ok else None,
                what=post.get("what", ""),
                attended=post.get("attended") == "1",
                notes=post.get("notes", ""),
            )
        elif step == "opinion":
            services.opinion_record(
                actor=who,
                procurement_id=pk,
                opinion=post.get("opinion", ""),
                objection=post.get("objection", ""),
            )
        elif step == "outcome":
            services.outcome_record(
                actor=who,
                procurement_id=pk,
                outcome=post.get("outcome", ""),
            )
        elif step == "document":
            services.document_add(actor=who, procurement_id=pk, upload=request.FILES.get("file"))
        else:
            raise ValidationError(_("未知的操作。"))
    except REFUSALS as exc:
        errors, status = refusal(exc)
        procurement.refresh_from_db()
        return _detail(request, procurement, errors=errors, status=status)
    messages.success(request, _("已保存。"))
    return redirect("integrity:procurement", pk=pk)


@login_required
def procurement_document(request, pk: int):
    document = fetch(
        ProcurementDocument.objects.filter(procurement__in=procurements_for(request.user)), pk=pk
    )
    response = FileResponse(document.file.open("rb"), filename=document.name)
    if document.kind == "pdf":
        response["Content-Disposition"] = "inline"
        response["Content-Type"] = "application/pdf"
    return response
