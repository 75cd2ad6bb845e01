"""The video patrol (SPEC §12): belt cameras, their calibration from a reference frame,
frames in (analysed at once, the answer in JSON), and the detections they opened."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, File, Path, Router, Schema, Status
from ninja.files import UploadedFile

from tongxin.core.access import OutOfScope, fetch
from tongxin.patrol import services
from tongxin.patrol.access import camera_for, cameras_visible_to, detections_visible_to, may_manage
from tongxin.patrol.models import Fault
from tongxin.people.models import Organisation, Person

from .people import MAX_ID, PageNo, page_of
from .refusals import refused
from .schemas import LINE, Error, ValidationErrorOut

router = Router(tags=["视频巡检"])
READ_ERRORS = {401: Error, 403: Error, 404: Error, 422: ValidationErrorOut}
WRITE_ERRORS = {400: Error, 409: Error, **READ_ERRORS}
CameraId = Path(..., ge=1, le=MAX_ID, description="摄像头编号（id）")
Level = Literal["normal", "warning", "alarm", "fault"]
IMAGE = "一张 JPEG 或 PNG 图片，字段名 image，不超过 8 MB"


class CameraIn(Schema):
    unit: int = Field(ge=1, le=MAX_ID, description="摄像头所在的行政单位编号（区队）")
    code: str = Field(
        max_length=24, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{1,23}$", description="编号，如 CAM-0217"
    )
    name: str = Field(max_length=60, pattern=LINE, description="名称，如“2号皮带机尾”")
    belt: str = Field(max_length=60, pattern=LINE, description="皮带，如“主运输2号皮带”")
    location: str = Field(max_length=120, pattern=LINE, description="在矿井中的位置")
    snapshot_url: str = Field(
        "", max_length=300, pattern=LINE,
        description="取图地址：NVR 的 HTTP 抓图地址或 RTSP 流；不填则由摄像头调用 frames 接口",
    )  # fmt: skip
    snapshot_every: int = Field(10, ge=1, le=3600, description="取图间隔（秒）")
    maintainer: int | None = Field(None, ge=1, le=MAX_ID, description="维护人的人员编号")


class CalibrationOut(Schema):
    number: int = Field(description="标定版本号")
    confirmed: bool = Field(description="是否已人工确认")
    roi: list[float] = Field(description="检测区域的上、下边界（画面高度的比例）")
    left: list[float] = Field(description="左边缘在检测区域上、下边界处的横坐标（画面宽度的比例）")
    right: list[float] = Field(description="右边缘在检测区域上、下边界处的横坐标")
    zone: list[float] = Field(description="堆积检测区 x0, y0, x1, y1（画面比例）")
    width: int = Field(description="标定画面的宽（像素），之后的画面须同尺寸")
    height: int = Field(description="标定画面的高（像素）")


class CameraOut(Schema):
    id: int = Field(description="摄像头编号（id）")
    code: str = Field(description="摄像头编号，如 CAM-0217")
    name: str = Field(description="名称")
    belt: str = Field(description="皮带")
    location: str = Field(description="位置")
    unit: str = Field(description="所属单位")
    fault: str | None = Field(description="故障：black/covered/frozen/edges，无故障为 null")
    fault_label: str | None = Field(description="故障说明")
    last_frame_at: datetime | None = Field(description="最近一帧的时间")
    last_offset: float | None = Field(description="最近一帧的跑偏（带宽比例，向右为正）")
    last_pileup: float | None = Field(description="最近一帧的堆积覆盖比例")
    calibration: CalibrationOut | None = Field(description="生效的标定版本，未标定为 null")
    thresholds: dict[str, float] = Field(description="预警和报警阈值")


class CameraPage(Schema):
    count: int = Field(description="总条数")
    page: int = Field(description="页码")
    pages: int = Field(description="总页数")
    items: list[CameraOut] = Field(description="本页的摄像头")


class DeviationOut(Schema):
    offset_ratio: float | None = Field(description="皮带中心偏离标定中心的比例（带宽），向右为正")
    level: Level = Field(
        description="等级：normal 正常 / warning 预警 / alarm 报警 / fault 无法判断"
    )


class PileupOut(Schema):
    ratio: float | None = Field(description="堆积检测区被物料覆盖的比例")
    level: Level = Field(
        description="等级：normal 正常 / warning 预警 / alarm 报警 / fault 无法判断"
    )


class FaultOut(Schema):
    code: str = Field(
        description="故障代码：black 全黑 / covered 遮挡 / frozen 冻结 / edges 看不清边缘"
    )
    label: str = Field(description="故障说明")


class FrameOut(Schema):
    deviation: DeviationOut = Field(description="皮带跑偏")
    pileup: PileupOut = Field(description="物料堆积")
    detection_id: int | None = Field(
        description="报警持续（最近 N 帧中 K 帧超过报警阈值）时该摄像头的视频检测编号，否则为 null"
    )
    persisting: dict[str, bool] = Field(description="各类报警是否持续（K/N）")
    fault: FaultOut | None = Field(description="画面无法判断时的摄像头故障")


class DetectionOut(Schema):
    id: int = Field(description="视频检测编号")
    camera: str = Field(description="摄像头编号")
    kind: str = Field(description="类型：deviation 皮带跑偏 / pileup 物料堆积")
    kind_label: str = Field(description="类型名称")
    hazard_id: int = Field(description="对应的隐患编号（见 /api/hazards/{hazard_id}）")
    state: str = Field(
        description="隐患状态：pending 待巡检确认 / dismissed 误报已排除 / 其余为确认后的整改状态"
    )
    state_label: str = Field(description="隐患状态名称")
    opened_at: datetime = Field(description="报警时间")
    cleared_at: datetime | None = Field(description="报警解除时间，仍在报警为 null")
    value: float = Field(description="报警时的测得值（跑偏为带宽比例，堆积为覆盖比例）")
    peak: float = Field(description="报警期间的峰值")


class DetectionPage(Schema):
    count: int = Field(description="总条数")
    page: int = Field(description="页码")
    pages: int = Field(description="总页数")
    items: list[DetectionOut] = Field(description="本页的视频检测")


def calibration_out(calibration) -> dict | None:
    if calibration is None:
        return None
    data = calibration.data
    kept = {k: data[k] for k in ("roi", "left", "right", "zone", "width", "height")}
    return {"number": calibration.number, "confirmed": calibration.confirmed, **kept}


def camera_out(camera) -> dict:
    return {
        "id": camera.pk,
        "code": camera.code,
        "name": camera.name,
        "belt": camera.belt,
        "location": camera.location,
        "unit": camera.unit.name,
        "fault": camera.fault or None,
        "fault_label": str(Fault(camera.fault).label) if camera.fault else None,
        "last_frame_at": camera.last_frame_at,
        "last_offset": camera.last_offset,
        "last_pileup": camera.last_pileup,
        "calibration": calibration_out(camera.calibration),
        "thresholds": {
            "deviation_warning": camera.deviation_warning,
            "deviation_alarm": camera.deviation_alarm,
            "pileup_warning": camera.pileup_warning,
            "pileup_alarm": camera.pileup_alarm,
        },
    }


def _read(upload: UploadedFile | None) -> bytes:
    # Optional in the signature so that the scope answers first (404 / 403), then this.
    if upload is None:
        raise ValidationError({"image": _("请在字段 image 中上传一张 JPEG 或 PNG 图片。")})
    if upload.size and upload.size > 8 * 1024 * 1024:
        raise ValidationError({"image": _("图片超过 8 MB，请降低分辨率或压缩后再上传。")})
    return upload.read()


@router.get(
    "/patrol/cameras",
    response={200: CameraPage, **READ_ERRORS},
    summary="皮带摄像头",
    description="本人职务覆盖范围内的皮带摄像头、最近一帧的分析结果和故障，每页 50 条。",
)
def camera_list(request, page: int = PageNo):
    cameras = cameras_visible_to(request.auth).select_related("unit", "calibration")
    meta, items = page_of(cameras, page)
    return {**meta, "items": [camera_out(c) for c in items]}


@router.post(
    "/patrol/cameras",
    response={201: CameraOut, **WRITE_ERRORS},
    summary="登记摄像头",
    description="单位负责人、安全员、矿领导或系统管理员登记一台皮带摄像头；随后上传参考画面标定。",
)
def camera_create(request, payload: CameraIn):
    person = request.auth
    try:
        unit = Organisation.objects.filter(pk=payload.unit).first()
        maintainer = None
        if payload.maintainer is not None:
            maintainer = Person.objects.filter(pk=payload.maintainer, is_active=True).first()
            if maintainer is None:
                raise OutOfScope()
        camera = services.camera_create(
            actor=person, unit=unit, code=payload.code, name=payload.name, belt=payload.belt,
            location=payload.location, snapshot_url=payload.snapshot_url,
            snapshot_every=payload.snapshot_every, maintainer=maintainer,
        )  # fmt: skip
    except (ValidationError, PermissionDenied) as exc:
        return refused(exc)
    return Status(201, camera_out(camera_for(person, camera.pk)))


@router.get(
    "/patrol/cameras/{camera_id}",
    response={200: CameraOut, **READ_ERRORS},
    summary="一台摄像头",
)
def camera_detail(request, camera_id: int = CameraId):
    return camera_out(camera_for(request.auth, camera_id))


@router.post(
    "/patrol/cameras/{camera_id}/reference",
    response={201: CalibrationOut, **WRITE_ERRORS},
    summary="上传参考画面（标定）",
    description=(
        f"multipart/form-data：{IMAGE}，皮带正常运行时的画面。平台找出皮带两侧边缘和中心线，"
        "作为新的标定版本立即生效，再由人在标定页面确认或拖动调整。"
    ),
)
def reference_set(
    request,
    camera_id: int = CameraId,
    image: UploadedFile | None = File(None, description=IMAGE),  # noqa: B008
):
    camera = camera_for(request.auth, camera_id)
    try:
        calibration = services.reference_set(actor=request.auth, camera=camera, data=_read(image))
    except (ValidationError, PermissionDenied) as exc:
        return refused(exc)
    return Status(201, calibration_out(calibration))


@router.post(
    "/patrol/cameras/{camera_id}/frames",
    response={200: FrameOut, **WRITE_ERRORS},
    summary="上传一帧画面并分析",
    description=(
        f"multipart/form-data：{IMAGE}，尺寸须与标定画面相同。立即返回跑偏和堆积的测量值与等级"
        "（normal 正常 / warning 预警 / alarm 报警；画面无法判断时为 fault，并给出故障原因，"
        "不报跑偏）。最近 N 帧中有 K 帧报警（默认 4 帧中 3 帧）时建立一条视频检测（待党员巡检"
        "确认的隐患），同一摄像头同一类报警只建立一条，直到报警解除。调用者须能管理该摄像头"
        "（集成账号的接口令牌）。"
    ),
)
def frame_receive(
    request,
    camera_id: int = CameraId,
    image: UploadedFile | None = File(None, description=IMAGE),  # noqa: B008
):
    camera = fetch(cameras_visible_to(request.auth).select_related("calibration"), pk=camera_id)
    try:
        if not may_manage(request.auth, camera):
            raise PermissionDenied(_("只有能管理这台摄像头的账号可以上传画面。"))
        outcome = services.frame_receive(camera=camera, data=_read(image))
    except (ValidationError, PermissionDenied) as exc:
        return refused(exc)
    analysis = outcome.analysis
    return {
        "deviation": {"offset_ratio": analysis.offset_ratio, "level": outcome.levels["deviation"]},
        "pileup": {"ratio": analysis.pileup_ratio, "level": outcome.levels["pileup"]},
        "detection_id": outcome.detection_id,
        "persisting": {str(k): v for k, v in outcome.persisting.items()},
        "fault": {"code": outcome.fault, "label": str(Fault(outcome.fault).label)}
        if outcome.fault
        else None,
    }


@router.get(
    "/patrol/detections",
    response={200: DetectionPage, **READ_ERRORS},
    summary="视频检测",
    description="本人可见的视频检测（皮带跑偏、物料堆积），新的在前，每页 50 条。",
)
def detection_list(request, page: int = PageNo):
    detections = detections_visible_to(request.auth).select_related("camera", "hazard")
    meta, items = page_of(detections.order_by("-opened_at", "-pk"), page)
    return {**meta, "items": [detection_out(d) for d in items]}


def detection_out(detection) -> dict:
    hazard = detection.hazard
    return {
        "id": detection.pk,
        "camera": detection.camera.code,
        "kind": detection.kind,
        "kind_label": detection.get_kind_display(),
        "hazard_id": hazard.pk,
        "state": hazard.state,
        "state_label": hazard.get_state_display(),
        "opened_at": detection.opened_at,
        "cleared_at": detection.cleared_at,
        "value": detection.value,
        "peak": detection.peak,
    }
