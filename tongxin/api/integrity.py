"""Misconduct reports for the 纪检监察 who handle them (SPEC §10), and a named
reporter's own reports.

Every read goes through the pages' scope (integrity.access): for anyone who is not the
report's inspector, a report is a 404 exactly like an id that does not exist, whatever
their other roles (administrator, leadership, secretary). Opening a report through the
API is logged like opening its page. Anonymous reports are made and followed on the
pages only (the receipt never travels in a URL).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Path, Router, Schema

from tongxin.core.anonymous.pages import anonymous_units
from tongxin.integrity import services
from tongxin.integrity.access import actor_kinds, own_report, report_for, reports_of
from tongxin.integrity.access import reports_visible_to as visible

from .people import MAX_ID, PageNo, page_of
from .refusals import refused
from .schemas import TEXT, Error, ValidationErrorOut

router = Router(tags=["廉洁监督"])

READ_ERRORS = {401: Error, 403: Error, 404: Error, 422: ValidationErrorOut}
WRITE_ERRORS = {400: Error, 409: Error, **READ_ERRORS}
# An anonymous report's id is negative (core.anonymous.ids).
ReportId = Path(..., ge=-(2**62), le=MAX_ID, description="举报编号（id）；匿名举报为负数")


class ReportRow(Schema):
    id: int = Field(description="举报编号（id）")
    number: str = Field(description="受理编号，如 JB-000012；匿名举报为 JB-N…")
    category: str = Field(description="问题类别代码")
    state: str = Field(
        description="状态代码：received / accepted / declined / verifying / concluded"
    )
    state_label: str = Field(description="状态名称")
    unit: str = Field(description="所涉单位")
    is_anonymous: bool = Field(description="是否匿名")
    created_at: datetime = Field(description="收到时间（匿名举报精确到小时）")
    ack_due: date = Field(description="受理期限")
    conclude_due: date | None = Field(description="办结期限；受理后才有")
    escalated: bool = Field(description="是否已逾期报上一级纪检监察")
    version: int = Field(description="版本号：办理时原样带回")


class ReportDetail(ReportRow):
    subject: str = Field(description="被反映人或部门")
    content: str = Field(description="反映内容")
    actions: list[str] = Field(description="本人现在可以执行的办理步骤")


class ReportPage(Schema):
    count: int = Field(description="总条数")
    page: int = Field(description="当前页码，从 1 开始")
    pages: int = Field(description="总页数")
    items: list[ReportRow] = Field(description="本页举报")


class StepIn(Schema):
    step: Literal["accept", "decline", "verify", "conclude", "ask"] = Field(
        description="办理步骤：accept 受理 / decline 不予受理 / verify 开始核实 / "
        "conclude 办结 / ask 向举报人提问"
    )
    version: int = Field(ge=0, le=2**31 - 1, description="举报的版本号（GET 所读到的）")
    text: str = Field(
        "",
        max_length=2000,
        pattern=TEXT,
        description="不予受理的理由、办理结果或问题；受理、开始核实时为说明，可为空",
    )


class MisconductReportIn(Schema):
    organisation: int = Field(ge=1, le=MAX_ID, description="所涉单位（矿、区队或科室）的 id")
    about_leadership: bool = Field(False, description="是否反映该单位领导班子或纪检人员")
    category: str = Field(max_length=16, pattern=TEXT, description="问题类别代码")
    subject: str = Field(max_length=100, pattern=TEXT, description="被反映人或部门")
    content: str = Field(max_length=5000, pattern=TEXT, description="反映的问题，至少 10 个字")


def _row(report) -> dict:
    return {
        "id": report.pk,
        "number": report.number,
        "category": report.category,
        "state": report.state,
        "state_label": report.get_state_display(),
        "unit": report.unit.name,
        "is_anonymous": report.is_anonymous,
        "created_at": report.created_at,
        "ack_due": report.ack_due,
        "conclude_due": report.conclude_due,
        "escalated": report.escalated_at is not None,
        "version": report.version,
    }


def _detail(person, report) -> dict:
    kinds = actor_kinds(person, report)
    return {
        **_row(report),
        "subject": report.subject,
        "content": report.content,
        "actions": sorted(services.report_flow.available(report, kinds)),
    }


@router.get(
    "/integrity/reports",
    response={200: ReportPage, **READ_ERRORS},
    summary="本人受理或督办的举报（纪检监察）",
)
def report_list(request, page: int = PageNo):
    rows = visible(request.auth).select_related("unit").order_by("-created_at", "-pk")
    meta, items = page_of(rows, page)
    return {**meta, "items": [_row(r) for r in items]}


@router.get(
    "/integrity/reports/{report_id}",
    response={200: ReportDetail, **READ_ERRORS},
    summary="一件举报（纪检监察；每次查阅都记录）",
)
def report_detail(request, report_id: int = ReportId):
    report = report_for(request.auth, report_id)
    services.log_read(reader=request.auth, report=report)
    return _detail(request.auth, report)


@router.post(
    "/integrity/reports/{report_id}/step",
    response={200: ReportDetail, **WRITE_ERRORS},
    summary="办理一件举报",
)
def report_step(request, body: StepIn, report_id: int = ReportId):
    report = report_for(request.auth, report_id)  # 404 outside the scope, first
    who, pk, version, text = request.auth, report.pk, body.version, body.text
    try:
        if body.step == "accept":
            report = services.report_accept(actor=who, report_id=pk, version=version, note=text)
        elif body.step == "decline":
            report = services.report_decline(actor=who, report_id=pk, version=version, reason=text)
        elif body.step == "verify":
            report = services.report_verify(actor=who, report_id=pk, version=version, note=text)
        elif body.step == "conclude":
            report = services.report_conclude(
                actor=who, report_id=pk, version=version, outcome=text
            )
        else:
            report = services.report_ask(actor=who, report_id=pk, version=version, question=text)
    except services.REFUSALS as exc:
        return refused(exc)
    return _detail(request.auth, report_for(request.auth, report.pk))


@router.get(
    "/integrity/mine",
    response={200: ReportPage, **READ_ERRORS},
    summary="本人的实名举报",
)
def my_reports(request, page: int = PageNo):
    rows = reports_of(request.auth).select_related("unit").order_by("-created_at", "-pk")
    meta, items = page_of(rows, page)
    return {**meta, "items": [_row(r) for r in items]}


@router.get(
    "/integrity/mine/{report_id}",
    response={200: ReportRow, **READ_ERRORS},
    summary="本人的一件实名举报",
)
def my_report(request, report_id: int = ReportId):
    return _row(own_report(request.auth, report_id))


@router.post(
    "/integrity/mine",
    response={201: ReportRow, **WRITE_ERRORS},
    summary="实名举报",
)
def report_create(request, body: MisconductReportIn):
    unit = anonymous_units().filter(pk=body.organisation).first()
    try:
        report, _receipt = services.report_submit(
            reporter=request.auth,
            anonymous=False,
            unit=unit,
            about_leadership=body.about_leadership,
            category=body.category,
            subject=body.subject,
            content=body.content,
        )
    except services.REFUSALS as exc:
        return refused(exc)
    return 201, _row(report)
