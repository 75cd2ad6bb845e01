"""Inspections at the work place: the categories a finding is filed under, today's
inspections with their checklists, and recording one with every item marked."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404
from ninja import Field, Router, Schema, Status

from tongxin.core.idempotency import posted_key
from tongxin.hazards import selectors, services
from tongxin.hazards.models import (
    ChecklistItem,
    ChecklistVersion,
    Hazard,
    HazardCategory,
)

from ..people import MAX_ID
from ..refusals import refused
from ..schemas import LINE
from .common import (
    IDEMPOTENT,
    SERVICE_ERRORS,
    categories_by_id,
    finding_of,
    hazard_row,
    people_by_id,
)
from .schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    FindingIn,
    HazardCategoryList,
    HazardRow,
    UnitRef,
    WorkplaceRef,
)

router = Router()

MAX_MARKS = 500


class MarkIn(Schema):
    item: int = Field(ge=1, le=MAX_ID, description="检查项编号（见 GET /api/hazards/today）")
    ok: bool = Field(description="是否合格")
    note: str = Field("", max_length=200, pattern=LINE, description="说明，最多 200 字")
    finding: FindingIn | None = Field(
        None, description="不合格时发现的隐患；不合格项至少要填写隐患等级"
    )


class InspectionIn(Schema):
    plan: int = Field(ge=1, le=MAX_ID, description="检查计划编号（见 GET /api/hazards/today）")
    marks: list[MarkIn] = Field(
        max_length=MAX_MARKS, description="当前检查表的每一项都要检查，每项一条"
    )


class ChecklistItemOut(Schema):
    id: int = Field(description="检查项编号，记录检查时填写")
    area: str = Field(description="区域，如 支架、通风")
    category_id: int = Field(description="隐患类别编号")
    category: str = Field(description="隐患类别名称")
    text: str = Field(description="检查内容")


class InspectionPlanOut(Schema):
    id: int = Field(description="检查计划编号，记录检查时填写")
    level: str = Field(description="检查层级代码：crew_daily / district_weekly / branch_monthly")
    level_label: str = Field(description="检查层级：班组日查、区队周查、支部月查")
    unit: UnitRef = Field(description="检查单位")
    workplace: WorkplaceRef | None = Field(description="作业地点；没有则为空")
    checklist: str = Field(description="检查表名称")


class TodayInspection(Schema):
    plan: InspectionPlanOut = Field(description="检查计划")
    period: str = Field(description="本期：日查为日期，周查如 2026-W48，月查如 2026-11")
    done: bool = Field(description="本期是否已检查")
    done_by: str | None = Field(description="本期已检查时的检查人姓名")
    done_at: datetime | None = Field(description="本期已检查时的完成时间")
    checklist_version: int | None = Field(description="当前检查表版本号；未发布为空")
    items: list[ChecklistItemOut] = Field(description="当前版本检查表的检查项，按区域、顺序")


class TodayList(Schema):
    items: list[TodayInspection] = Field(
        description="本人参加的检查计划及本期是否已检查（最多 100 个）"
    )


class InspectionOut(Schema):
    id: int = Field(description="检查记录编号")
    plan: int = Field(description="检查计划编号")
    period: str = Field(description="检查周期")
    finished_at: datetime | None = Field(description="完成时间")
    checked: int = Field(description="检查项数")
    failed: int = Field(description="不合格项数")
    hazards: list[HazardRow] = Field(description="不合格项形成的隐患")


# --- At the work place ------------------------------------------------------------------


@router.get(
    "/hazards/categories",
    response={200: HazardCategoryList, **READ_ERRORS},
    summary="隐患类别",
    description="上报隐患、视频巡检上报时填写的类别编号。",
)
def categories(request):
    rows = HazardCategory.objects.filter(is_active=True).order_by("order", "pk")
    return {"items": [{"id": c.pk, "name": c.name} for c in rows]}


@router.get(
    "/hazards/today",
    response={200: TodayList, **READ_ERRORS},
    summary="今天的检查",
    description=(
        "本人参加的检查计划（本人所在班组、区队的，以及职务覆盖单位的），本期是否已检查，"
        "和每个计划当前版本检查表的检查项。日查的本期为今天，周查为本周，月查为本月。"
    ),
)
def today(request):
    rows = selectors.today_for(request.auth)
    template_ids = {row["plan"].template_id for row in rows}
    current: dict[int, tuple[int, int]] = {}  # template -> (version id, number)
    for pk, template_id, number in ChecklistVersion.objects.filter(
        template_id__in=template_ids
    ).values_list("pk", "template_id", "number"):
        if template_id not in current or number > current[template_id][1]:
            current[template_id] = (pk, number)
    items: dict[int, list[dict]] = {pk: [] for pk, _number in current.values()}
    for item in (
        ChecklistItem.objects.filter(version_id__in=list(items))
        .select_related("category")
        .order_by("version", "area", "order", "pk")
    ):
        items[item.version_id].append(
            {
                "id": item.pk,
                "area": item.area,
                "category_id": item.category_id,
                "category": item.category.name,
                "text": item.text,
            }
        )
    out = []
    for row in rows:
        plan, done = row["plan"], row["done"]
        version = current.get(plan.template_id)
        out.append(
            {
                "plan": {
                    "id": plan.pk,
                    "level": plan.level,
                    "level_label": str(plan.get_level_display()),
                    "unit": {"id": plan.unit.pk, "name": plan.unit.name},
                    "workplace": (
                        {"code": plan.workplace.code, "name": plan.workplace.name}
                        if plan.workplace
                        else None
                    ),
                    "checklist": plan.template.name,
                },
                "period": row["period"],
                "done": done is not None,
                "done_by": done.inspector.name if done else None,
                "done_at": done.finished_at if done else None,
                "checklist_version": version[1] if version else None,
                "items": items[version[0]] if version else [],
            }
        )
    return {"items": out}


@router.post(
    "/hazards/inspections",
    response={201: InspectionOut, **WRITE_ERRORS},
    summary="记录一次检查",
    description=(
        "本期检查：当前检查表的每一项都要标明是否合格；不合格项形成隐患（等级必填，"
        "位置、类别、描述不填时取检查项和作业地点）。全部保存或全部不保存。本期已由他人"
        "检查返回 409。JSON 请求体，不含照片：隐患照片请在手机页面上拍摄上传。" + IDEMPOTENT
    ),
)
def inspection_record(request, payload: InspectionIn):
    person = request.auth
    plan = (
        selectors.plans_for(person)
        .select_related("unit", "template", "workplace")
        .filter(pk=payload.plan)
        .first()
    )
    if plan is None:
        raise Http404
    try:
        categories = categories_by_id()
        people = people_by_id(m.finding.responsible for m in payload.marks if m.finding)
        marks = [
            services.Mark(
                item_id=m.item,
                ok=m.ok,
                note=m.note,
                finding=finding_of(m.finding, categories, people) if m.finding else None,
            )
            for m in payload.marks
        ]
        inspection = services.inspection_record(
            actor=person, plan=plan, marks=marks, idempotency_key=posted_key(request)
        )
    except SERVICE_ERRORS as exc:
        return refused(exc)
    found = (
        Hazard.objects.filter(inspection=inspection)
        .select_related(*selectors.LIST_RELATED)
        .order_by("pk")
    )
    failed = [m for m in payload.marks if not m.ok]
    return Status(
        201,
        {
            "id": inspection.pk,
            "plan": plan.pk,
            "period": inspection.period,
            "finished_at": inspection.finished_at,
            "checked": len({m.item for m in payload.marks}),
            "failed": len({m.item for m in failed}),
            "hazards": [hazard_row(h) for h in found],
        },
    )
