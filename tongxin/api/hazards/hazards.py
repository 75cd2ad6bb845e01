"""One hazard: reporting it on the way (随手拍), what waits on me, reading one with
its timeline, and the steps of its life: assign, start, rectify, re-check."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from ninja import Field, File, Form, Router, Status
from ninja.files import UploadedFile

from tongxin.core.idempotency import posted_key
from tongxin.hazards import selectors, services

from ..people import MAX_ID, PageNo, page_of
from ..refusals import invalid, refused
from ..schemas import LINE, TEXT
from .common import (
    IDEMPOTENT,
    SERVICE_ERRORS,
    act,
    categories_by_id,
    detail_of,
    finding_of,
    hazard_row,
    people_by_id,
    responsible_of,
    unit_or_own,
    visible_hazard,
    workplace_by_code,
)
from .schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    FindingIn,
    HazardDetail,
    HazardId,
    HazardPage,
    VersionIn,
)

router = Router()


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


@router.post(
    "/hazards",
    response={201: HazardDetail, **WRITE_ERRORS},
    summary="上报隐患（随手拍）",
    description=(
        "在检查之外发现的隐患，上报到本矿的单位。填写整改责任人则直接指派（期限不填按等级"
        "默认），否则待单位负责人指派；重大隐患挂牌督办并报告矿领导。JSON 请求体，不含照片："
        "照片请在手机页面上拍摄上传。" + IDEMPOTENT
    ),
)
def hazard_report(request, payload: ReportIn):
    person = request.auth
    try:
        unit = unit_or_own(payload.unit, person)
        finding = finding_of(
            payload,
            categories_by_id(),
            people_by_id([payload.responsible]),
            workplace_by_code(payload.workplace),
        )
        hazard = services.hazard_report(
            actor=person, unit=unit, finding=finding, idempotency_key=posted_key(request)
        )
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


@router.post(
    "/hazards/{hazard_id}/assign",
    response={200: HazardDetail, **WRITE_ERRORS},
    summary="指派整改",
    description=(
        "区队（科室）负责人和安全员、隐患类别的主管科室负责人、矿领导指定整改责任人和期限"
        "（不填按等级默认）；已指派的可改派。责任人须是隐患所在区队（科室）、主管科室的在职"
        "人员或负责指派的人员，否则返回 400。"
    ),
)
def hazard_assign(request, payload: AssignIn, hazard_id: int = HazardId):
    visible_hazard(request.auth, hazard_id)
    try:
        responsible = responsible_of(people_by_id([payload.responsible]), payload.responsible)
    except ValidationError as exc:
        return invalid(exc)
    return act(
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
    return act(request, hazard_id, services.hazard_start, version=payload.version)


@router.post(
    "/hazards/{hazard_id}/rectify",
    response={200: HazardDetail, **WRITE_ERRORS},
    summary="整改完成（附整改照片）",
    description=(
        "multipart/form-data：version、note（整改情况）和 photos（整改后的现场照片，至少一张，"
        "最多 PHOTO_MAX_COUNT 张，每张不超过 PHOTO_MAX_UPLOAD_MB）。只接受真正的图片（按内容"
        "识别），去除元数据后保存。随后须由整改人以外的人员复查验收。" + IDEMPOTENT
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
    return act(
        request,
        hazard_id,
        services.hazard_rectify,
        version=payload.version,
        note=payload.note,
        photos=photos,
        idempotency_key=posted_key(request),
    )


@router.post(
    "/hazards/{hazard_id}/recheck",
    response={200: HazardDetail, **WRITE_ERRORS},
    summary="复查验收",
    description=(
        "由整改人以外、与隐患等级相称的人员复查：合格则销号，不合格退回整改（须写明问题）。"
        "一般隐患由发现人或单位负责人复查；较大隐患由区队及以上安全员、单位负责人、主管科室"
        "负责人或矿领导复查；重大隐患由矿领导复查（设置 HAZARD_RECHECK_ROLES）。整改人本人或"
        "级别不够的人员复查返回 403，并说明原因。"
    ),
)
def hazard_recheck(request, payload: RecheckIn, hazard_id: int = HazardId):
    return act(
        request,
        hazard_id,
        services.hazard_recheck,
        version=payload.version,
        passed=payload.passed,
        note=payload.note,
    )
