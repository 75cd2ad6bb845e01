"""The video patrol (SPEC §12): detections come in from the cameras, wait for a
patrol, which confirms or dismisses them at the work place."""

from __future__ import annotations

from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from tongxin.hazards import selectors, services

from ..auth import TokenAuth
from ..people import MAX_ID, PageNo, page_of
from ..refusals import refused
from ..schemas import LINE, TEXT
from .common import (
    SERVICE_ERRORS,
    act,
    categories_by_id,
    detail_of,
    hazard_row,
    unit_or_own,
    workplace_by_code,
)
from .schemas import (
    READ_ERRORS,
    SEVERITY_HELP,
    WRITE_ERRORS,
    HazardDetail,
    HazardId,
    HazardPage,
    SeverityCode,
    VersionIn,
)

router = Router()


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


# --- A detection comes in ----------------------------------------------------------------
# Mounted before the hazards router (see __init__), whose /hazards/{hazard_id} would take
# "detections" for an id.


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
        unit = unit_or_own(payload.unit, person)
        workplace = workplace_by_code(payload.workplace)
        finding = services.Finding(
            location=payload.location,
            category=categories_by_id().get(payload.category),
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


# --- The patrol confirms or dismisses ------------------------------------------------------


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
    return act(
        request, hazard_id, services.hazard_confirm, version=payload.version, note=payload.note
    )


@router.post(
    "/hazards/{hazard_id}/dismiss",
    response={200: HazardDetail, **WRITE_ERRORS},
    summary="排除视频误报",
    description="本矿党员巡检或单位负责人到现场看过，写明理由后排除（状态 pending → dismissed）。",
)
def hazard_dismiss(request, payload: DismissIn, hazard_id: int = HazardId):
    return act(
        request, hazard_id, services.hazard_dismiss, version=payload.version, reason=payload.reason
    )
