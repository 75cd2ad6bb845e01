"""Two procurements of the demo mine with the union's part: a shearer purchase whose
supplier check the union's representative attended (opinion given, contract signed),
and a belt-conveyor tender where the union objected to one bidder."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tongxin.people.models import Organisation, Person, Role, RoleAssignment

from .. import services
from .disclosure import _pdf


def _union_chair(mine: Organisation) -> Person | None:
    row = (
        RoleAssignment.objects.filter(role=Role.UNION_CHAIR, organisation__unit=mine)
        .select_related("person")
        .first()
    )
    return row.person if row else None


def seed_procurement(mine: Organisation, representative: Person) -> str:
    chair = _union_chair(mine)
    if chair is None:
        return ""
    today = timezone.localdate()
    shearer = services.procurement_create(
        actor=chair,
        unit=mine,
        year=today.year,
        matter="综采工作面采煤机采购",
        description="更换综采一队 1201 工作面采煤机一台，公开招标。",
        representative=representative,
    )
    services.check_add(
        actor=representative,
        procurement_id=shearer.pk,
        held_on=today - timedelta(days=60),
        what="供应商考察",
        attended=True,
        notes="与机电科、供应部到两家供应商查看生产线和同类设备运行情况。",
    )
    services.check_add(
        actor=representative,
        procurement_id=shearer.pk,
        held_on=today - timedelta(days=45),
        what="开标",
        attended=True,
        notes="监督开标过程，程序合规。",
    )
    shearer = services.opinion_record(
        actor=representative,
        procurement_id=shearer.pk,
        opinion="同意中标结果；要求把售后 24 小时到矿写进合同，并安排司机培训。",
        objection="",
    )
    services.outcome_record(
        actor=chair,
        procurement_id=shearer.pk,
        outcome="已签订合同，售后与培训条款已写入。",
    )
    services.document_add(
        actor=chair, procurement_id=shearer.pk, upload=_pdf("采煤机供应商考察报告.pdf")
    )
    belt = services.procurement_create(
        actor=chair,
        unit=mine,
        year=today.year,
        matter="主运输皮带机招标",
        description="主斜井皮带机改造，邀请招标。",
        representative=representative,
    )
    services.check_add(
        actor=representative,
        procurement_id=belt.pk,
        held_on=today - timedelta(days=20),
        what="资格审查",
        attended=True,
        notes="一家投标人的安全资质证书已过期。",
    )
    services.opinion_record(
        actor=chair,
        procurement_id=belt.pk,
        opinion="建议暂缓定标，先核实投标人资质。",
        objection="投标人之一安全资质证书已过期，不应进入评标。",
    )
    return "工会参与采购：2 项"
