"""Safety hazards (SPEC §4, §12) over the API: the phone pages' actions, and detections
from the video patrol.

At the work place: today's inspections with their checklists (`GET /hazards/today`),
recording one with every item marked (`POST /hazards/inspections`), reporting a hazard
seen on the way (`POST /hazards`), what waits on me (`GET /hazards/mine`), one hazard
with its timeline (`GET /hazards/{id}`), and the steps of its life: start, rectify
(with evidence photos), re-check by someone other than the rectifier; assign for the
unit's managers. For the video patrol (SPEC §12): `POST /hazards/detections` creates a
hazard awaiting a patrol, which confirms or dismisses it.

Who may see a hazard is `hazards.access.hazards_visible_to`; any other id is a 404,
exactly like one that does not exist. Who may act is the lifecycle table
(`hazards.workflow`) checked by the services.

Every step takes the hazard's `version` as last read (`GET /hazards/{id}`). Two people
acting on the same version never both succeed: the second gets 409 with the state the
hazard is in now. An inspection already done this period by someone else is a 409 too.

Bodies are JSON, except where pictures travel: rectifying (`multipart/form-data` with
the evidence photos in `photos`) and detections (`multipart/form-data` with the frame in
`photo`). Photos of hazards found during an inspection or reported on the way are taken
on the phone page (/hazards/), which uploads them with the form; the JSON endpoints take
no pictures. Pictures are checked by content, not by name: only real images, up to
PHOTO_MAX_UPLOAD_MB each and PHOTO_MAX_COUNT at a time, re-encoded without their
metadata (`core.images`); anything else is a 422 with the Chinese reason.

Detections take an API token only (`Authorization: Bearer tx_…`), never a session: the
token of an integration account holding a manager role (部门负责人, 班子成员 or 系统管理员)
over the unit the camera watches.

Errors: a service's `ValidationError` is 422 `{"detail", "errors"}` with its Chinese
messages; a hazard, plan or unit outside the caller's reach is 404; a hazard the caller
may see but not act on in this way (the rectifier re-checking their own work, a worker
assigning) is 403 with the reason; `services.Conflict` is 409.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Path, Router, Schema, Status
from ninja.files import UploadedFile

from tongxin.core.workflow import actor_label
from tongxin.hazards import selectors, services
from tongxin.hazards.access import actor_kinds, hazards_visible_to
from tongxin.hazards.models import (
    ChecklistItem,
    ChecklistVersion,
    Hazard,
    HazardCategory,
    HazardEvent,
    InspectionPlan,
    State,
    Workplace,
)
from tongxin.hazards.workflow import TRANSITIONS, Actor
from tongxin.people.models import Organisation, Person, Tree

from .auth import TokenAuth
from .people import MAX_ID, PageNo, page_of
from .refusals import invalid, refused
from .schemas import Error, ValidationErrorOut
from .voice import LINE, TEXT

router = Router(tags=["隐患排查"])

READ_ERRORS = {401: Error, 403: Error, 404: Error, 422: ValidationErrorOut}
WRITE_ERRORS = {400: Error, 409: Error, **READ_ERRORS}

HazardId = Path(..., ge=1, le=MAX_ID, description="隐患编号（id）")
MAX_VERSION = 2**31 - 1
MAX_MARKS = 500

SeverityCode = Literal["general", "larger", "major"]
SEVERITY_HELP = "隐患等级：general 一般 / larger 较大 / major 重大"
# How a transition of the table is offered to the caller (both re-check outcomes are one).
ACTION_NAMES = {"recheck_pass": "recheck", "recheck_fail": "recheck"}


# --- Schemas: in ---------------------------------------------------------------------


class FindingIn(Schema):
    location: str = Field(
        "",
        max_length=120,
        pattern=LINE,
        description="具体位置，如“1201工作面 3号支架”；检查中发现且计划有作业地点的可不填",
    )
    category: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="隐患类别编号（见 GET /api/hazards/categories）；不填取检查项的类别",
    )
    severity: SeverityCode = Field(description=SEVERITY_HELP)
    description: str = Field(
        "",
        max_length=1000,
        pattern=TEXT,
        description="隐患描述，至少 4 个字；不填则由检查内容和说明生成",
    )
    measures: str = Field("", max_length=1000, pattern=TEXT, description="整改措施")
    responsible: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="整改责任人的人员编号（本矿在职人员）；填写则直接指派，不填待单位负责人指派",
    )
    deadline: date | None = Field(
        None, description="整改期限；指派时不填则按等级默认（一般 7 天、较大 3 天、重大 1 天）"
    )


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


class ReportIn(FindingIn):
    unit: int | None = Field(
        None, ge=1, le=MAX_ID, description="责任单位（行政单位）编号；不填为本人所在单位"
    )
    category: int = Field(
        ge=1, le=MAX_ID, description="隐患类别编号（见 GET /api/hazards/categories）"
    )
    description: str = Field(max_length=1000, pattern=TEXT, description="隐患描述，4 至 1000 个字")
    location: str = Field(max_length=120, pattern=LINE, description="具体位置，最多 120 个字")
    workplace: str | None = Field(
        None,
        max_length=24,
        pattern=LINE,
        description="作业地点编码（作业地点二维码上的编码）；可不填",
    )


class VersionIn(Schema):
    version: int = Field(
        ge=0, le=MAX_VERSION, description="隐患的版本号（GET /api/hazards/{hazard_id} 所读到的）"
    )


class AssignIn(VersionIn):
    responsible: int = Field(ge=1, le=MAX_ID, description="整改责任人的人员编号（本矿在职人员）")
    deadline: date | None = Field(None, description="整改期限；不填按等级默认")
    measures: str = Field("", max_length=1000, pattern=TEXT, description="整改措施")


class RectifyIn(VersionIn):
    note: str = Field(
        max_length=1000, pattern=TEXT, description="整改情况说明，至少 2 个字，最多 1000 字"
    )


class RecheckIn(VersionIn):
    passed: bool = Field(description="复查是否合格：合格则销号，不合格退回整改")
    note: str = Field(
        "", max_length=1000, pattern=TEXT, description="复查意见；不合格时必填，写明问题所在"
    )


class ConfirmIn(VersionIn):
    note: str = Field("", max_length=500, pattern=TEXT, description="现场确认情况，可不填")


class DismissIn(VersionIn):
    reason: str = Field(
        max_length=500, pattern=TEXT, description="排除的理由（现场看到的情况），至少 2 个字"
    )


class DetectionIn(Schema):
    unit: int = Field(ge=1, le=MAX_ID, description="摄像头所在的行政单位编号（区队或矿）")
    category: int = Field(
        ge=1, le=MAX_ID, description="隐患类别编号（见 GET /api/hazards/categories），如 运输"
    )
    severity: SeverityCode = Field(description=SEVERITY_HELP)
    location: str = Field(
        max_length=120, pattern=LINE, description="具体位置，如“主运输巷 2号皮带机尾”"
    )
    description: str = Field(
        max_length=1000, pattern=TEXT, description="检测结果，如“皮带跑偏”“物料堆积”，至少 4 个字"
    )
    source_ref: str = Field(
        max_length=60,
        pattern=LINE,
        description="来源编号：摄像头与画面帧，如 CAM-0217/20261124T0812",
    )
    confidence: float | None = Field(None, ge=0, le=1, description="识别置信度，0 至 1")
    workplace: str | None = Field(
        None, max_length=24, pattern=LINE, description="作业地点编码；可不填"
    )


# --- Schemas: out --------------------------------------------------------------------


class UnitRef(Schema):
    id: int = Field(description="单位编号")
    name: str = Field(description="单位名称")


class WorkplaceRef(Schema):
    code: str = Field(description="作业地点编码（二维码上的编码）")
    name: str = Field(description="作业地点名称")


class HazardCategoryOut(Schema):
    id: int = Field(description="类别编号")
    name: str = Field(description="类别名称，如 顶板、通风、瓦斯")


class HazardRow(Schema):
    id: int = Field(description="隐患编号（id）")
    code: str = Field(description="隐患编码，如 YH2026-0000123")
    version: int = Field(description="版本号：每一步都要带上，他人先处理则返回 409")
    state: str = Field(
        description="状态代码：pending、reported、assigned、rectifying、rectified、closed、dismissed"
    )
    state_label: str = Field(description="状态名称，如 已指派待整改")
    source: str = Field(
        description="来源代码：inspection 检查发现 / report 随手拍 / video 视频巡检"
    )
    source_label: str = Field(description="来源名称")
    unit: UnitRef = Field(description="责任单位")
    workplace: WorkplaceRef | None = Field(description="作业地点；没有则为空")
    location: str = Field(description="具体位置")
    category: str = Field(description="隐患类别名称")
    severity: str = Field(description="等级代码：general / larger / major")
    severity_label: str = Field(description="等级名称：一般、较大、重大")
    responsible: str | None = Field(description="整改责任人姓名；未指派为空")
    deadline: date | None = Field(description="整改期限；未指派为空")
    is_overdue: bool = Field(description="是否已超过整改期限仍未整改")
    supervised: bool = Field(description="是否挂牌督办（重大隐患）")
    created_at: datetime = Field(description="发现时间")


class PhotoOut(Schema):
    id: int = Field(description="照片编号")
    kind: str = Field(description="类型代码：found 隐患照片 / rectified 整改照片")
    kind_label: str = Field(description="类型名称")
    url: str = Field(description="照片地址（登录会话可见，与隐患同样的权限）")
    width: int = Field(description="宽度（像素）")
    height: int = Field(description="高度（像素）")


class HazardEventOut(Schema):
    at: datetime = Field(description="时间")
    actor_label: str = Field(description="办理人（单位 姓名）；系统动作为“系统”")
    action: str = Field(description="动作代码，如 report、assign、rectify、recheck_pass")
    action_label: str = Field(description="动作名称，如 上报、整改完成、复查合格，销号")
    from_state: str = Field(description="原状态代码；上报时为空")
    from_state_label: str = Field(description="原状态名称")
    to_state: str = Field(description="新状态代码")
    to_state_label: str = Field(description="新状态名称")
    note: str = Field(description="说明（描述、整改情况、复查意见、督办意见等）")


class HazardDetail(HazardRow):
    description: str = Field(description="隐患描述")
    measures: str = Field(description="整改措施")
    reported_by: str | None = Field(description="发现人（单位 姓名）；视频巡检确认前为空")
    rectified_by: str | None = Field(description="整改人姓名")
    rectified_at: datetime | None = Field(description="整改完成时间")
    rechecked_by: str | None = Field(description="复查人姓名")
    closed_at: datetime | None = Field(description="销号（或排除误报）时间")
    source_ref: str = Field(description="视频巡检的来源编号（摄像头与画面帧）；其他来源为空")
    confidence: float | None = Field(description="视频识别置信度（0 至 1）")
    escalation_level: int = Field(description="超期督促级别：0 未超期，1 已督促，2 已报告矿领导")
    actions: list[str] = Field(
        description="本人现在可以执行的操作：confirm、dismiss、assign、start、rectify、recheck"
    )
    photos: list[PhotoOut] = Field(description="隐患照片和整改照片")
    timeline: list[HazardEventOut] = Field(description="处理经过，按时间先后")


class HazardPage(Schema):
    count: int = Field(description="总条数")
    page: int = Field(description="当前页码，从 1 开始")
    pages: int = Field(description="总页数")
    items: list[HazardRow] = Field(description="本页隐患，期限近的在前")


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


class HazardCategoryList(Schema):
    items: list[HazardCategoryOut] = Field(description="启用的隐患类别，按排序")


# --- Building the responses ----------------------------------------------------------


def _state_label(code: str) -> str:
    return str(State(code).label) if code in State.values else ""


def _name(person: Person | None) -> str | None:
    return person.name if person is not None else None


def hazard_row(hazard: Hazard) -> dict:
    workplace = hazard.workplace
    return {
        "id": hazard.pk,
        "code": hazard.code,
        "version": hazard.version,
        "state": hazard.state,
        "state_label": str(hazard.get_state_display()),
        "source": hazard.source,
        "source_label": str(hazard.get_source_display()),
        "unit": {"id": hazard.unit.pk, "name": hazard.unit.name},
        "workplace": {"code": workplace.code, "name": workplace.name} if workplace else None,
        "location": hazard.location,
        "category": hazard.category.name,
        "severity": hazard.severity,
        "severity_label": str(hazard.get_severity_display()),
        "responsible": _name(hazard.responsible),
        "deadline": hazard.deadline,
        "is_overdue": hazard.is_overdue(),
        "supervised": hazard.supervised,
        "created_at": hazard.created_at,
    }


def event_out(event: HazardEvent) -> dict:
    return {
        "at": event.at,
        "actor_label": event.actor_label,
        "action": event.action,
        "action_label": event.get_action_label(),
        "from_state": event.from_state,
        "from_state_label": _state_label(event.from_state),
        "to_state": event.to_state,
        "to_state_label": _state_label(event.to_state),
        "note": event.note,
    }


def actions_for(person: Person, hazard: Hazard) -> list[str]:
    """What the person may do to the hazard now, by the lifecycle table."""
    kinds = actor_kinds(person, hazard)
    names: list[str] = []
    for transition in TRANSITIONS.values():
        if hazard.state not in transition.sources or not kinds & set(transition.actors):
            continue
        if transition.name.startswith("recheck") and hazard.rectified_by_id == person.pk:
            continue  # 复查验收 by someone other than the rectifier
        name = ACTION_NAMES.get(transition.name, transition.name)
        if name not in names:
            names.append(name)
    return names


def hazard_detail(person: Person, hazard: Hazard) -> dict:
    reporter = None
    if hazard.reported_by is not None:
        reporter = actor_label(hazard.reported_by)
    return {
        **hazard_row(hazard),
        "description": hazard.description,
        "measures": hazard.measures,
        "reported_by": reporter,
        "rectified_by": _name(hazard.rectified_by),
        "rectified_at": hazard.rectified_at,
        "rechecked_by": _name(hazard.rechecked_by),
        "closed_at": hazard.closed_at,
        "source_ref": hazard.source_ref,
        "confidence": hazard.confidence,
        "escalation_level": hazard.escalation_level,
        "actions": actions_for(person, hazard),
        "photos": [
            {
                "id": photo.pk,
                "kind": photo.kind,
                "kind_label": str(photo.get_kind_display()),
                "url": reverse("hazards:photo", args=[photo.pk]),
                "width": photo.width,
                "height": photo.height,
            }
            for photo in hazard.photos.all()
        ],
        "timeline": [event_out(e) for e in hazard.events.all()],
    }


DETAIL_RELATED = (
    "unit",
    "category",
    "responsible",
    "workplace",
    "reported_by__unit",
    "rectified_by",
    "rechecked_by",
)


def _with_detail(queryset):
    return queryset.select_related(*DETAIL_RELATED).prefetch_related("photos", "events")


def visible_hazard(person: Person, hazard_id: int) -> Hazard:
    """The hazard as the person may see it, or 404.

    A video detection awaiting its patrol is also open to whoever may confirm or dismiss
    it (a Party member of the mine, `workflow.Actor.PATROL`), though it is not theirs to
    see once confirmed: the patrol has to read its version before acting on it.
    """
    hazard = _with_detail(hazards_visible_to(person)).filter(pk=hazard_id).first()
    if hazard is None:
        hazard = _with_detail(Hazard.objects).filter(pk=hazard_id, state=State.PENDING).first()
        if hazard is None or Actor.PATROL not in actor_kinds(person, hazard):
            raise Http404
    return hazard


def detail_of(person: Person, hazard_id: int) -> dict:
    return hazard_detail(person, visible_hazard(person, hazard_id))


# --- Errors ------------------------------------------------------------------------


SERVICE_ERRORS = (
    ValidationError,
    PermissionDenied,
    services.Conflict,
    Hazard.DoesNotExist,
    InspectionPlan.DoesNotExist,
)


# --- Resolving ids in a body -----------------------------------------------------------


def _categories() -> dict[int, HazardCategory]:
    return {c.pk: c for c in HazardCategory.objects.all()}


def _people(ids) -> dict[int, Person]:
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return {}
    return {p.pk: p for p in Person.objects.filter(pk__in=ids).select_related("unit")}


def _workplace(code: str | None) -> Workplace | None:
    if not code:
        return None
    workplace = Workplace.objects.select_related("unit").filter(code=code, is_active=True).first()
    if workplace is None:
        raise ValidationError({"workplace": _("没有编码为“%(code)s”的作业地点。") % {"code": code}})
    return workplace


def _unit(unit_id: int | None, person: Person) -> Organisation:
    unit = person.unit if unit_id is None else Organisation.objects.filter(pk=unit_id).first()
    if unit is None or unit.tree != Tree.UNIT:
        raise ValidationError({"unit": _("请选择责任单位。")})
    return unit


def _responsible(people: dict[int, Person], pk: int | None) -> Person | None:
    if pk is None:
        return None
    person = people.get(pk)
    if person is None:
        raise ValidationError({"responsible": _("整改责任人必须是本矿在职人员。")})
    return person


def _finding(data: FindingIn, categories, people, workplace=None) -> services.Finding:
    return services.Finding(
        location=data.location,
        category=categories.get(data.category) if data.category else None,
        severity=data.severity,
        description=data.description,
        measures=data.measures,
        responsible=_responsible(people, data.responsible),
        deadline=data.deadline,
        workplace=workplace,
    )


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
        "检查返回 409。JSON 请求体，不含照片：隐患照片请在手机页面上拍摄上传。"
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
        categories = _categories()
        people = _people(m.finding.responsible for m in payload.marks if m.finding)
        marks = [
            services.Mark(
                item_id=m.item,
                ok=m.ok,
                note=m.note,
                finding=_finding(m.finding, categories, people) if m.finding else None,
            )
            for m in payload.marks
        ]
        inspection = services.inspection_record(actor=person, plan=plan, marks=marks)
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


@router.post(
    "/hazards",
    response={201: HazardDetail, **WRITE_ERRORS},
    summary="上报隐患（随手拍）",
    description=(
        "在检查之外发现的隐患，上报到本矿的单位。填写整改责任人则直接指派（期限不填按等级"
        "默认），否则待单位负责人指派；重大隐患挂牌督办并报告矿领导。JSON 请求体，不含照片："
        "照片请在手机页面上拍摄上传。"
    ),
)
def hazard_report(request, payload: ReportIn):
    person = request.auth
    try:
        unit = _unit(payload.unit, person)
        finding = _finding(
            payload, _categories(), _people([payload.responsible]), _workplace(payload.workplace)
        )
        hazard = services.hazard_report(actor=person, unit=unit, finding=finding)
    except SERVICE_ERRORS as exc:
        return refused(exc)
    return Status(201, detail_of(person, hazard.pk))


@router.get(
    "/hazards/mine",
    response={200: HazardPage, **READ_ERRORS},
    summary="等我处理的隐患",
    description=(
        "本人负责整改、尚未整改完成的隐患，和本人发现、已由他人整改待复查的隐患；"
        "期限近的在前，每页 50 条。"
    ),
)
def my_hazards(request, page: int = PageNo):
    meta, items = page_of(selectors.my_hazards(request.auth), page)
    return {**meta, "items": [hazard_row(h) for h in items]}


@router.get(
    "/hazards/pending",
    response={200: HazardPage, **READ_ERRORS},
    summary="待巡检确认的视频发现",
    description=(
        "本矿党员或单位负责人可见的、待到现场确认或排除的视频巡检发现，新的在前，每页 50 条。"
    ),
)
def pending_detections(request, page: int = PageNo):
    meta, items = page_of(selectors.pending_detections(request.auth), page)
    return {**meta, "items": [hazard_row(h) for h in items]}


# --- Video patrol (SPEC §12): a detection comes in --------------------------------------
# Declared before /hazards/{hazard_id}, whose pattern would take "detections" for an id.


@router.post(
    "/hazards/detections",
    auth=[TokenAuth()],
    response={201: HazardDetail, **WRITE_ERRORS},
    summary="视频巡检上报疑似隐患",
    description=(
        "供 AI 视频监控调用，只接受接口令牌（集成账号，须在该单位担任部门负责人、班子成员或"
        "系统管理员）。multipart/form-data：各字段和 photo（检测到的画面，只接受真正的图片）。"
        "建立一条待巡检确认（pending）的隐患，通知单位负责人安排党员巡检到现场确认或排除。"
    ),
)
def detection_create(
    request,
    payload: Form[DetectionIn],
    photo: UploadedFile = File(..., description="检测到的画面（图片文件）"),  # noqa: B008
):
    person = request.auth
    try:
        unit = _unit(payload.unit, person)
        workplace = _workplace(payload.workplace)
        finding = services.Finding(
            location=payload.location,
            category=_categories().get(payload.category),
            severity=payload.severity,
            description=payload.description,
            workplace=workplace,
        )
        hazard = services.detection_create(
            actor=person,
            unit=unit,
            finding=finding,
            photo=photo,
            source_ref=payload.source_ref,
            confidence=payload.confidence,
        )
    except SERVICE_ERRORS as exc:
        return refused(exc)
    return Status(201, detail_of(person, hazard.pk))


@router.get(
    "/hazards/{hazard_id}",
    response={200: HazardDetail, **READ_ERRORS},
    summary="一条隐患及处理经过",
    description=(
        "隐患内容、照片、处理经过和本人现在可以执行的操作（actions）。不在本人查看范围内的"
        "隐患返回 404。"
    ),
)
def hazard(request, hazard_id: int = HazardId):
    return detail_of(request.auth, hazard_id)


# --- Steps of a hazard's life ------------------------------------------------------------


def _act(request, hazard_id: int, step, **kwargs):
    """Run one lifecycle service on a hazard the caller may see; answer with its detail.

    The answer shows the hazard as the step left it, even when that takes it out of the
    caller's sight (a patrol dismissing a detection): they saw it a moment ago.
    """
    person = request.auth
    visible_hazard(person, hazard_id)
    try:
        step(hazard_id=hazard_id, actor=person, **kwargs)
    except SERVICE_ERRORS as exc:
        return refused(exc)
    return hazard_detail(person, _with_detail(Hazard.objects).get(pk=hazard_id))


@router.post(
    "/hazards/{hazard_id}/assign",
    response={200: HazardDetail, **WRITE_ERRORS},
    summary="指派整改",
    description="单位负责人、矿领导指定整改责任人和期限（不填按等级默认）；已指派的可改派。",
)
def hazard_assign(request, payload: AssignIn, hazard_id: int = HazardId):
    visible_hazard(request.auth, hazard_id)
    try:
        responsible = _responsible(_people([payload.responsible]), payload.responsible)
    except ValidationError as exc:
        return invalid(exc)
    return _act(
        request,
        hazard_id,
        services.hazard_assign,
        version=payload.version,
        responsible=responsible,
        deadline=payload.deadline,
        measures=payload.measures,
    )


@router.post(
    "/hazards/{hazard_id}/start",
    response={200: HazardDetail, **WRITE_ERRORS},
    summary="开始整改",
    description="整改责任人开始整改（状态 assigned → rectifying）。",
)
def hazard_start(request, payload: VersionIn, hazard_id: int = HazardId):
    return _act(request, hazard_id, services.hazard_start, version=payload.version)


@router.post(
    "/hazards/{hazard_id}/rectify",
    response={200: HazardDetail, **WRITE_ERRORS},
    summary="整改完成（附整改照片）",
    description=(
        "multipart/form-data：version、note（整改情况）和 photos（整改后的现场照片，至少一张，"
        "最多 PHOTO_MAX_COUNT 张，每张不超过 PHOTO_MAX_UPLOAD_MB）。只接受真正的图片（按内容"
        "识别），去除元数据后保存。随后须由整改人以外的人员复查验收。"
    ),
)
def hazard_rectify(
    request,
    payload: Form[RectifyIn],
    photos: list[UploadedFile] = File(  # noqa: B008
        ..., description="整改后的现场照片，至少一张（JPG、PNG、WebP 等手机照片）"
    ),
    hazard_id: int = HazardId,
):
    return _act(
        request,
        hazard_id,
        services.hazard_rectify,
        version=payload.version,
        note=payload.note,
        photos=photos,
    )


@router.post(
    "/hazards/{hazard_id}/recheck",
    response={200: HazardDetail, **WRITE_ERRORS},
    summary="复查验收",
    description=(
        "由整改人以外的人员（发现人或单位负责人）复查：合格则销号，不合格退回整改（须写明"
        "问题）。整改人复查自己整改的隐患返回 403。"
    ),
)
def hazard_recheck(request, payload: RecheckIn, hazard_id: int = HazardId):
    return _act(
        request,
        hazard_id,
        services.hazard_recheck,
        version=payload.version,
        passed=payload.passed,
        note=payload.note,
    )


# --- Video patrol: the patrol confirms or dismisses ------------------------------------------


@router.post(
    "/hazards/{hazard_id}/confirm",
    response={200: HazardDetail, **WRITE_ERRORS},
    summary="巡检确认视频发现的隐患",
    description=(
        "本矿党员巡检或单位负责人到现场确认（状态 pending → reported），确认人记为发现人；"
        "随后待指派整改，重大隐患挂牌督办。"
    ),
)
def hazard_confirm(request, payload: ConfirmIn, hazard_id: int = HazardId):
    return _act(
        request, hazard_id, services.hazard_confirm, version=payload.version, note=payload.note
    )


@router.post(
    "/hazards/{hazard_id}/dismiss",
    response={200: HazardDetail, **WRITE_ERRORS},
    summary="排除视频误报",
    description="本矿党员巡检或单位负责人到现场看过，写明理由后排除（状态 pending → dismissed）。",
)
def hazard_dismiss(request, payload: DismissIn, hazard_id: int = HazardId):
    return _act(
        request, hazard_id, services.hazard_dismiss, version=payload.version, reason=payload.reason
    )
