"""The hazard schemas every resource of the hazards API shares: what a finding
carries in, the version a step is taken on, and a hazard read back (row and detail)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Path, Schema

from ..people import MAX_ID
from ..schemas import LINE, TEXT, Error, ValidationErrorOut

READ_ERRORS = {401: Error, 403: Error, 404: Error, 422: ValidationErrorOut}
WRITE_ERRORS = {400: Error, 409: Error, **READ_ERRORS}

HazardId = Path(..., ge=1, le=MAX_ID, description="隐患编号（id）")
MAX_VERSION = 2**31 - 1
MAX_MARKS = 500

SeverityCode = Literal["general", "larger", "major"]
SEVERITY_HELP = "隐患等级：general 一般 / larger 较大 / major 重大"


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


class VersionIn(Schema):
    version: int = Field(
        ge=0, le=MAX_VERSION, description="隐患的版本号（GET /api/hazards/{hazard_id} 所读到的）"
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


class HazardPhotoOut(Schema):
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
    photos: list[HazardPhotoOut] = Field(description="隐患照片和整改照片")
    timeline: list[HazardEventOut] = Field(description="处理经过，按时间先后")


class HazardPage(Schema):
    count: int = Field(description="总条数")
    page: int = Field(description="当前页码，从 1 开始")
    pages: int = Field(description="总页数")
    items: list[HazardRow] = Field(description="本页隐患，期限近的在前")


class HazardCategoryList(Schema):
    items: list[HazardCategoryOut] = Field(description="启用的隐患类别，按排序")
