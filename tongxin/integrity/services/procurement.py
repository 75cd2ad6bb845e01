"""Recording the union's part in a procurement: the matter and its representative, the
checks attended, the union's opinion and objection, the outcome, the documents."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.access import OutOfScope
from tongxin.people.models import Person

from ..models import Procurement, ProcurementCheck, ProcurementDocument
from ..procurement_access import (
    may_give_opinion,
    may_manage,
    procurements_for,
    representative_candidates,
)
from .disclosure import MAX_FILE_MB, _file_kind


def procurement_create(
    *, actor, unit, year: int, matter: str, description: str, representative: Person | None
) -> Procurement:
    matter, description = (matter or "").strip(), (description or "").strip()
    if unit is None or not may_manage(actor, unit.path):
        raise OutOfScope()
    errors = {}
    if not 2 <= len(matter) <= 100:
        errors["matter"] = [_("请填写采购事项（2 至 100 个字）。")]
    if not 2000 <= int(year or 0) <= 2100:
        errors["year"] = [_("请填写年度，如 2026。")]
    if representative is None:
        errors["representative"] = [_("请选择工会代表。")]
    elif not representative_candidates(unit).filter(pk=representative.pk).exists():
        # The picker's candidates (the union's people of the mine), and no one else.
        errors["representative"] = [_("请从列表中选择工会代表：只能选择本矿的在职工会会员。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        procurement = Procurement.objects.create(
            unit=unit,
            org_path=unit.path,
            year=int(year),
            matter=matter,
            description=description,
            representative=representative,
            created_by=actor,
        )
        audit.record(action="integrity.procurement.create", actor=actor, obj=procurement)
    return procurement


def _locked(actor, procurement_id: int) -> Procurement:
    """The record locked for an edit (a record of what happened, not a workflow: the
    last edit of the opinion or the outcome stands, as the timeline-less ledgers do)."""
    procurement = procurements_for(actor).select_for_update().filter(pk=procurement_id).first()
    if procurement is None:
        raise OutOfScope()
    return procurement


def check_add(*, actor, procurement_id: int, held_on, what: str, attended: bool, notes: str):
    what, notes = (what or "").strip(), (notes or "").strip()
    errors = {}
    if held_on is None:
        errors["held_on"] = [_("请填写日期。")]
    if not 2 <= len(what) <= 60:
        errors["what"] = [_("请填写环节，如“供应商考察”“开标”。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        procurement = _locked(actor, procurement_id)
        if not (may_manage(actor, procurement.org_path) or may_give_opinion(actor, procurement)):
            raise PermissionDenied(_("只有工会、本单位领导班子和工会代表可以记录。"))
        check = ProcurementCheck.objects.create(
            procurement=procurement, held_on=held_on, what=what, attended=attended, notes=notes
        )
        audit.record(action="integrity.procurement.check", actor=actor, obj=procurement)
    return check


def opinion_record(*, actor, procurement_id: int, opinion: str, objection: str):
    opinion, objection = (opinion or "").strip(), (objection or "").strip()
    if len(opinion) < 2:
        raise ValidationError({"opinion": _("请填写工会意见。")})
    with transaction.atomic():
        procurement = _locked(actor, procurement_id)
        if not may_give_opinion(actor, procurement):
            raise PermissionDenied(_("工会意见由工会代表或工会主席填写。"))
        procurement.opinion, procurement.objection = opinion[:2000], objection[:2000]
        procurement.save(update_fields=["opinion", "objection"])
        audit.record(action="integrity.procurement.opinion", actor=actor, obj=procurement)
    return procurement


def outcome_record(*, actor, procurement_id: int, outcome: str):
    outcome = (outcome or "").strip()
    if len(outcome) < 2:
        raise ValidationError({"outcome": _("请填写结果。")})
    with transaction.atomic():
        procurement = _locked(actor, procurement_id)
        if not may_manage(actor, procurement.org_path):
            raise PermissionDenied(_("结果由工会或本单位领导班子记录。"))
        procurement.outcome = outcome[:2000]
        procurement.save(update_fields=["outcome"])
        audit.record(action="integrity.procurement.outcome", actor=actor, obj=procurement)
    return procurement


def document_add(*, actor, procurement_id: int, upload) -> ProcurementDocument:
    if upload is None:
        raise ValidationError({"file": _("请选择文件。")})
    if upload.size > MAX_FILE_MB * 1024 * 1024:
        raise ValidationError({"file": _("文件不能超过 %(n)s MB。") % {"n": MAX_FILE_MB}})
    kind = _file_kind(upload)
    with transaction.atomic():
        procurement = _locked(actor, procurement_id)
        document = ProcurementDocument.objects.create(
            procurement=procurement, name=upload.name[:120], kind=kind, file=upload
        )
        audit.record(action="integrity.procurement.document", actor=actor, obj=procurement)
    return document
