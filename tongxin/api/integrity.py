"""Misconduct reports for the 纪检监察 who handle them (SPEC §10), and a named
reporter's own reports.

Every read goes through the pages' scope (integrity.access): for anyone who is not the
report's inspector, a report is a 404 exactly like an id that does not exist, whatever
their other roles (administrator, leadership, secretary). Opening a report through the
API is logged like opening its page.

Anonymous reports (`/integrity/anonymous…`) follow the reporter pages' rules, through the
same code (core.anonymous, integrity.services): no authentication and never a look at
who may be signed in, so the report stores no account, address or device and its times
are cut to the hour; the receipt is returned once and travels only in request bodies,
never in a URL; submissions and every receipt look-up are rate-limited (429 with
Retry-After). Photos are added on the pages only (their metadata stripped there).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status

from tongxin.core.anonymous.pages import anonymous_units
from tongxin.integrity import services
from tongxin.integrity.access import (
    actor_kinds,
    own_report,
    report_for,
    report_for_receipt,
    reports_of,
)
from tongxin.integrity.access import reports_visible_to as visible

from .anonymous import by_receipt, too_many
from .people import MAX_ID, PageNo, page_of
from .refusals import refused
from .schemas import TEXT, Error, ValidationErrorOut

router = Router(tags=["廉洁监督"])

READ_ERRORS = {401: Error, 403: Error, 404: Error, 422: ValidationErrorOut}
WRITE_ERRORS = {400: Error, 409: Error, **READ_ERRORS}
ANONYMOUS_ERRORS = {400: Error, 404: Error, 409: Error, 422: ValidationErrorOut, 429: Error}
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


class NamedReportIn(Schema):
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
def report_create(request, body: NamedReportIn):
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


# --- anonymous reports, followed by their receipt ----------------------------------------


class AnonymousReportIn(Schema):
    organisation: int = Field(
        ge=1,
        le=MAX_ID,
        description="所涉单位（矿、区队或科室）的 id（见 GET /api/voice/anonymous/units）",
    )
    about_leadership: bool = Field(False, description="是否反映该单位领导班子或纪检人员")
    category: str = Field(max_length=16, pattern=TEXT, description="问题类别代码")
    subject: str = Field(max_length=100, pattern=TEXT, description="被反映人或部门")
    content: str = Field(max_length=5000, pattern=TEXT, description="反映的问题，至少 10 个字")


class ReportReceiptIn(Schema):
    receipt: str = Field(
        max_length=64, description="举报时得到的回执码，如 ABCD-EFGH-JKLM-NPQR-STUV（不分大小写）"
    )


class ReportAnswerIn(ReportReceiptIn):
    text: str = Field(
        max_length=2000, pattern=TEXT, description="对办案人员问题的答复，或补充情况，2 至 2000 字"
    )


class ReportReceiptOut(Schema):
    receipt: str = Field(
        description="回执码：只显示这一次，平台只保存其摘要，丢失无法找回；凭它查询进度、答复问题、查看结果"
    )
    number: str = Field(description="受理编号，如 JB-N…")
    state: str = Field(description="状态代码")
    state_label: str = Field(description="状态名称")


class ReporterEventOut(Schema):
    at: datetime = Field(description="时间（匿名举报精确到小时）")
    actor_label: str = Field(description="办理方（纪检监察或举报人），不含姓名")
    action: str = Field(description="动作代码，如 submit、accept、ask、answer、conclude")
    action_label: str = Field(description="动作名称")
    to_state: str = Field(description="新状态代码")
    to_state_label: str = Field(description="新状态名称")
    note: str = Field(description="说明：向举报人提的问题、不予受理的理由、办理结果等")


class ReporterView(Schema):
    number: str = Field(description="受理编号")
    category: str = Field(description="问题类别代码")
    state: str = Field(description="状态代码")
    state_label: str = Field(description="状态名称")
    unit: str = Field(description="所涉单位")
    created_at: datetime = Field(description="收到时间（精确到小时）")
    subject: str = Field(description="被反映人或部门")
    content: str = Field(description="反映内容")
    question: str = Field(description="办案人员尚待答复的问题；没有则为空")
    decision: str = Field(description="不予受理的理由；受理后为空")
    outcome: str = Field(description="办理结果；办结后才有")
    events: list[ReporterEventOut] = Field(description="办理过程（对举报人公开的部分）")


def _reporter_view(report) -> dict:
    """What the reporter's follow page shows, as data (views_reporter.report_context)."""
    events = list(report.events.visible(internal=False))
    question = ""
    if report.question_open:
        question = next((e.note for e in reversed(events) if e.action == "ask"), "")
    return {
        "number": report.number,
        "category": report.category,
        "state": report.state,
        "state_label": str(report.get_state_display()),
        "unit": report.unit.name,
        "created_at": report.created_at,
        "subject": report.subject,
        "content": report.content,
        "question": question,
        "decision": report.decision if report.state == "declined" else "",
        "outcome": report.outcome if report.state == "concluded" else "",
        "events": [
            {
                "at": e.at,
                "actor_label": e.actor_label,
                "action": e.action,
                "action_label": e.get_action_label(),
                "to_state": e.to_state,
                "to_state_label": e.to_state_label,
                "note": e.note,
            }
            for e in events
        ],
    }


def _by_receipt(response: HttpResponse, request, receipt: str):
    """The report a receipt opens, or the answer to give (api.anonymous.by_receipt)."""
    return by_receipt(
        response, request, receipt, report_for_receipt,
        _("没有找到与此回执码对应的举报，请核对回执码后重试。"),
    )  # fmt: skip


@router.post(
    "/integrity/anonymous",
    auth=None,
    response={201: ReportReceiptOut, **ANONYMOUS_ERRORS},
    summary="匿名举报",
    description=(
        "无需登录，也不记录登录人、网络地址和设备信息，时间只记到小时。返回的回执码只显示"
        "这一次，凭它查询进度、答复办案人员的问题、查看结果。提交次数有限制，过多返回 429。"
    ),
)
def anonymous_report(request, body: AnonymousReportIn, response: HttpResponse):
    limited = too_many(response, request, "integrity-submit", settings.ANON_SUBMISSIONS_PER_WINDOW)
    if limited is not None:
        return limited
    try:
        # Never request.user: whoever may be signed in, the report is nobody's.
        report, receipt = services.report_submit(
            reporter=None,
            anonymous=True,
            unit=anonymous_units().filter(pk=body.organisation).first(),
            about_leadership=body.about_leadership,
            category=body.category,
            subject=body.subject,
            content=body.content,
        )
    except services.REFUSALS as exc:
        return refused(exc)
    return Status(
        201,
        {
            "receipt": receipt,
            "number": report.number,
            "state": report.state,
            "state_label": str(report.get_state_display()),
        },
    )


@router.post(
    "/integrity/anonymous/follow",
    auth=None,
    response={200: ReporterView, **ANONYMOUS_ERRORS},
    summary="凭回执码查看匿名举报",
    description="回执码放在请求体中，不放在网址里。回执码不对返回 404；查询过多返回 429。",
)
def anonymous_follow(request, body: ReportReceiptIn, response: HttpResponse):
    report = _by_receipt(response, request, body.receipt)
    if isinstance(report, Status):
        return report
    return _reporter_view(report)


@router.post(
    "/integrity/anonymous/answer",
    auth=None,
    response={200: ReporterView, **ANONYMOUS_ERRORS},
    summary="凭回执码答复问题或补充情况",
    description="办理中的举报可以答复办案人员的问题或补充情况；办结后返回 409。",
)
def anonymous_answer(request, body: ReportAnswerIn, response: HttpResponse):
    report = _by_receipt(response, request, body.receipt)
    if isinstance(report, Status):
        return report
    try:
        services.report_answer(report_id=report.pk, text=body.text, reporter_ok=True)
    except services.REFUSALS as exc:
        return refused(exc)
    return _reporter_view(report_for_receipt(body.receipt.strip()))
