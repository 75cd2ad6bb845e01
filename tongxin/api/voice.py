"""Worker voice (SPEC §3) over the API: submit a matter, follow my cases, and the
anonymous suggestion box (意见箱) followed by its receipt code.

Named endpoints take a session or an API token like every other endpoint. The owner
of a case (its submitter, or the officer who entered it on workers' behalf) reads it
with its public timeline — internal notes never appear — and rates or reopens the
reply. Anyone else's case is a 404, exactly like one that does not exist.

Anonymous endpoints (`/voice/anonymous…`) take no authentication at all and never look
at who may be signed in: the service is called with no person, so the case stores no
account, no address and no device data. The receipt code travels only in request
bodies, never in a URL, so it cannot land in an access log. Anonymous submissions and
every receipt look-up are rate-limited by `voice.ratelimit` (a keyed hash of the
address that expires with the window; the address itself is never stored): over the
limit the answer is 429 with a Chinese message and `Retry-After`.

Bodies are JSON only. Photos are added on the web page (multipart forms with the
upload checks of `core.images`); the API neither takes nor returns them.

Errors: a service's `ValidationError` is 422 `{"detail", "errors"}` with its Chinese
messages; someone else's case is a 404 (never say what exists), and a step the owner
may not take is 403 with the reason (api/refusals.py); `services.Conflict`
(someone acted first, or the step is not open in the case's state) is 409.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Path, Router, Schema, Status

from tongxin.people.models import Organisation, OrgKind
from tongxin.voice import ratelimit, selectors, services
from tongxin.voice.access import case_for_owner, case_for_receipt
from tongxin.voice.models import Case, CaseEvent, Channel, State
from tongxin.voice.workflow import TRANSITIONS

from .people import MAX_ID, PageNo, page_of
from .refusals import invalid, refused
from .schemas import Error, ValidationErrorOut

router = Router(tags=["职工诉求"])

# Printable text: PostgreSQL refuses NUL, and no other control character belongs in a
# title. Bodies keep tabs and line breaks.
LINE = r"^[^\x00-\x1f\x7f]*$"
TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"

READ_ERRORS = {401: Error, 403: Error, 404: Error, 422: ValidationErrorOut}
WRITE_ERRORS = {400: Error, 409: Error, **READ_ERRORS}
ANONYMOUS_ERRORS = {400: Error, 404: Error, 409: Error, 422: ValidationErrorOut, 429: Error}

CaseId = Path(..., ge=1, le=MAX_ID, description="事项编号（id）")

# Timeline actions that are not workflow transitions.
ACTION_LABELS = {
    "submit": gettext_lazy("提交"),
    "merged_in": gettext_lazy("合并相同事项"),
    "note": gettext_lazy("内部备注"),
    "adopt": gettext_lazy("认定采纳"),
    "milestone": gettext_lazy("落实节点"),
    "milestone_done": gettext_lazy("落实节点完成"),
}


# --- Schemas ------------------------------------------------------------------------


class CaseIn(Schema):
    channel: Literal["request", "suggestion", "proposal"] = Field(
        description="渠道：request 职工诉求 / suggestion 意见箱（实名）/ proposal 合理化建议"
    )
    title: str = Field(max_length=60, pattern=LINE, description="标题，2 至 60 个字")
    body: str = Field(max_length=2000, pattern=TEXT, description="内容，5 至 2000 个字")


class AnonymousCaseIn(Schema):
    organisation: int = Field(
        ge=1,
        le=MAX_ID,
        description="事情所在的矿、区队或科室的编号（见 GET /api/voice/anonymous/units）",
    )
    title: str = Field(max_length=60, pattern=LINE, description="标题，2 至 60 个字")
    body: str = Field(max_length=2000, pattern=TEXT, description="内容，5 至 2000 个字")


class ReceiptIn(Schema):
    receipt: str = Field(
        max_length=64, description="提交时得到的回执码，如 ABCD-EFGH-JKLM-NPQR-STUV（不分大小写）"
    )


class RateIn(Schema):
    rating: int = Field(ge=1, le=5, description="评价：1 至 5 星")
    comment: str = Field("", max_length=500, pattern=TEXT, description="评价意见，最多 500 字")


class ReopenIn(Schema):
    reason: str = Field(
        max_length=500, pattern=TEXT, description="对答复哪里不满意，至少 4 个字，最多 500 字"
    )


class SupplementIn(Schema):
    text: str = Field(max_length=2000, pattern=TEXT, description="补充的内容，最多 2000 字")


class AnonymousRateIn(RateIn, ReceiptIn):
    pass


class AnonymousReopenIn(ReopenIn, ReceiptIn):
    pass


class AnonymousSupplementIn(SupplementIn, ReceiptIn):
    pass


class CaseOut(Schema):
    id: int = Field(description="事项编号（id）")
    code: str = Field(description="受理编号，如 2026-000123；职代会提案为提案号")
    channel: str = Field(description="渠道代码：request / suggestion / proposal 等")
    channel_label: str = Field(description="渠道名称，如 职工诉求")
    state: str = Field(description="状态代码，如 submitted、assigned、replied、closed")
    state_label: str = Field(description="状态名称，如 待受理、办理中、已答复待评价")
    title: str = Field(description="标题")
    created_at: datetime = Field(description="提交时间（匿名事项精确到小时）")
    deadline: date | None = Field(description="办理期限；交办后才有")
    category: str | None = Field(description="分类名称；受理后才有")
    is_overdue: bool = Field(description="是否已超过办理期限")


class EventOut(Schema):
    at: datetime = Field(description="时间")
    actor_label: str = Field(description="办理人（单位 姓名）；匿名提交人、系统另行标注")
    action: str = Field(description="动作代码，如 submit、accept、assign、reply、rate")
    action_label: str = Field(description="动作名称，如 提交、受理归类、交办、发布答复")
    from_state: str = Field(description="原状态代码；提交时为空")
    from_state_label: str = Field(description="原状态名称")
    to_state: str = Field(description="新状态代码")
    to_state_label: str = Field(description="新状态名称")
    note: str = Field(description="说明（交办意见、答复、评价等）")


class CaseDetail(CaseOut):
    body: str = Field(description="内容")
    organisation: str = Field(description="事情所在单位")
    department: str | None = Field(description="承办部门；交办后才有")
    reply: str | None = Field(description="答复；发布答复后才有")
    replied_at: datetime | None = Field(description="答复时间")
    rating: int | None = Field(description="提出人的评价（1 至 5 星）")
    rating_comment: str = Field(description="评价意见")
    closed_at: datetime | None = Field(description="办结时间")
    reopened: bool = Field(description="是否已退回重新办理过（只能一次）")
    can_rate: bool = Field(description="现在是否可以评价")
    can_reopen: bool = Field(description="现在是否可以不满意退回重新办理")
    can_supplement: bool = Field(description="是否正等待提出人补充材料")
    timeline: list[EventOut] = Field(description="办理经过（不含内部备注），按时间先后")


class CasePage(Schema):
    count: int = Field(description="总条数")
    page: int = Field(description="当前页码，从 1 开始")
    pages: int = Field(description="总页数")
    items: list[CaseOut] = Field(description="本页事项，新提交的在前")


class ReceiptOut(Schema):
    receipt: str = Field(
        description="回执码：只显示这一次，平台只保存其摘要，丢失无法找回；凭它查询进度、补充材料、评价"
    )
    code: str = Field(description="受理编号")
    state: str = Field(description="状态代码")
    state_label: str = Field(description="状态名称")


class UnitOut(Schema):
    id: int = Field(description="单位编号，匿名投递时填写")
    name: str = Field(description="名称")
    kind: str = Field(description="类型代码：mine 矿 / district 区队 / department 科室")
    kind_label: str = Field(description="类型名称")
    mine: str | None = Field(description="所属矿的名称；矿本身为空")


class UnitPage(Schema):
    count: int = Field(description="总条数")
    page: int = Field(description="当前页码，从 1 开始")
    pages: int = Field(description="总页数")
    items: list[UnitOut] = Field(description="本页单位，按组织树顺序")


# --- Building the responses -----------------------------------------------------------


def state_label(code: str) -> str:
    return str(State(code).label) if code in State.values else ""


def case_out(case: Case) -> dict:
    return {
        "id": case.pk,
        "code": str(case.code),
        "channel": case.channel,
        "channel_label": str(case.get_channel_display()),
        "state": case.state,
        "state_label": str(case.get_state_display()),
        "title": case.title,
        "created_at": case.created_at,
        "deadline": case.deadline,
        "category": case.category.name if case.category_id else None,
        "is_overdue": case.is_overdue(),
    }


def event_out(event: CaseEvent) -> dict:
    transition = TRANSITIONS.get(event.action)
    label = transition.label if transition else ACTION_LABELS.get(event.action, event.action)
    return {
        "at": event.at,
        "actor_label": event.actor_label,
        "action": event.action,
        "action_label": str(label),
        "from_state": event.from_state,
        "from_state_label": state_label(event.from_state),
        "to_state": event.to_state,
        "to_state_label": state_label(event.to_state),
        "note": event.note,
    }


def case_detail(case: Case) -> dict:
    replied = case.state == State.REPLIED
    return {
        **case_out(case),
        "body": case.body,
        "organisation": case.organisation.name,
        "department": case.department.name if case.department_id else None,
        "reply": case.reply or None,
        "replied_at": case.replied_at if case.reply else None,
        "rating": case.rating,
        "rating_comment": case.rating_comment,
        "closed_at": case.closed_at,
        "reopened": case.reopened,
        "can_rate": replied,
        "can_reopen": replied and not case.reopened and case.department_id is not None,
        "can_supplement": case.state == State.AWAITING_INFO,
        "timeline": [event_out(e) for e in selectors.timeline(case, internal=False)],
    }


# --- Errors ---------------------------------------------------------------------------


SERVICE_ERRORS = (ValidationError, PermissionDenied, services.Conflict, Case.DoesNotExist)


def too_many(response: HttpResponse, request: HttpRequest, kind: str, limit: int) -> Status | None:
    """None if the client may go on; otherwise the 429 to answer with."""
    if ratelimit.allow(request, kind, limit):
        return None
    minutes = settings.ANON_WINDOW_MINUTES
    response["Retry-After"] = str(minutes * 60)
    return Status(429, {"detail": _("操作过于频繁，请 %(n)s 分钟后再试。") % {"n": minutes}})


def receipt_case(response: HttpResponse, request: HttpRequest, receipt: str) -> Case | Status:
    """The case a receipt code opens (each look-up counted), or the answer to give."""
    limited = too_many(response, request, "receipt", settings.RECEIPT_LOOKUPS_PER_WINDOW)
    if limited is not None:
        return limited
    case = case_for_receipt(receipt)
    if case is None:
        return Status(404, {"detail": _("没有找到与此回执码对应的事项，请核对回执码后重试。")})
    return case


def reload(case: Case) -> Case:
    return Case.objects.select_related("category", "organisation", "department").get(pk=case.pk)


# --- Named: my cases ------------------------------------------------------------------


@router.post(
    "/voice/cases",
    response={201: CaseOut, **WRITE_ERRORS},
    summary="提交诉求、意见或合理化建议（实名）",
    description=(
        "当前登录人以本人名义提交，事情所在单位为本人所在单位。JSON 请求体，不含照片"
        "（照片请在网页上提交）。匿名投递意见箱请用 POST /api/voice/anonymous。"
    ),
)
def case_submit(request, payload: CaseIn):
    person = request.auth
    try:
        case, _receipt = services.case_submit(
            submitter=person,
            channel=payload.channel,
            title=payload.title,
            body=payload.body,
            anonymous=False,
        )
    except SERVICE_ERRORS as exc:
        return refused(exc)
    return Status(201, case_out(reload(case)))


@router.get(
    "/voice/cases/mine",
    response={200: CasePage, **READ_ERRORS},
    summary="我的事项",
    description="本人提交的（以及本人代职工录入的）事项，新提交的在前，每页 50 条。",
)
def my_cases(request, page: int = PageNo):
    meta, items = page_of(selectors.my_cases(request.auth), page)
    return {**meta, "items": [case_out(case) for case in items]}


@router.get(
    "/voice/cases/mine/{case_id}",
    response={200: CaseDetail, **READ_ERRORS},
    summary="我的一件事项及办理经过",
    description="事项内容、答复和办理经过（不含内部备注）。不是本人的事项一律返回 404。",
)
def my_case(request, case_id: int = CaseId):
    return case_detail(case_for_owner(request.auth, case_id))


@router.post(
    "/voice/cases/mine/{case_id}/rate",
    response={200: CaseDetail, **WRITE_ERRORS},
    summary="评价答复并办结",
    description="答复发布后（状态 replied）由提出人评价 1 至 5 星，事项随即办结。",
)
def my_case_rate(request, payload: RateIn, case_id: int = CaseId):
    case = case_for_owner(request.auth, case_id)
    try:
        services.case_rate(
            case_id=case.pk, actor=request.auth, rating=payload.rating, comment=payload.comment
        )
    except SERVICE_ERRORS as exc:
        return refused(exc)
    return case_detail(reload(case))


@router.post(
    "/voice/cases/mine/{case_id}/reopen",
    response={200: CaseDetail, **WRITE_ERRORS},
    summary="对答复不满意，退回重新办理",
    description="答复发布后可退回一次，事项回到承办部门，并由上级领导督办。",
)
def my_case_reopen(request, payload: ReopenIn, case_id: int = CaseId):
    case = case_for_owner(request.auth, case_id)
    try:
        services.case_reopen(case_id=case.pk, actor=request.auth, reason=payload.reason)
    except SERVICE_ERRORS as exc:
        return refused(exc)
    return case_detail(reload(case))


@router.post(
    "/voice/cases/mine/{case_id}/supplement",
    response={200: CaseDetail, **WRITE_ERRORS},
    summary="补充材料",
    description="事项等待提出人补充材料时（状态 awaiting_info）补充文字说明；照片请在网页上补充。",
)
def my_case_supplement(request, payload: SupplementIn, case_id: int = CaseId):
    case = case_for_owner(request.auth, case_id)
    try:
        services.case_supplement(case_id=case.pk, actor=request.auth, text=payload.text)
    except SERVICE_ERRORS as exc:
        return refused(exc)
    return case_detail(reload(case))


# --- Anonymous: the suggestion box, followed by receipt -------------------------------


@router.get(
    "/voice/anonymous/units",
    auth=None,
    response={200: UnitPage, 400: Error, 422: ValidationErrorOut},
    summary="匿名投递可选的单位",
    description="矿和它的区队、科室（不含班组，以免单位太小而暴露身份）。无需登录。",
)
def anonymous_units(request, page: int = PageNo):
    meta, units = page_of(selectors.anonymous_units(), page)
    steplen = Organisation.steplen
    prefixes = {u.path[:i] for u in units for i in range(steplen, len(u.path), steplen)}
    mines = (
        dict(
            Organisation.objects.filter(path__in=prefixes, kind=OrgKind.MINE).values_list(
                "path", "name"
            )
        )
        if prefixes
        else {}
    )

    def mine_name(unit: Organisation) -> str | None:
        for i in range(len(unit.path) - steplen, 0, -steplen):
            if unit.path[:i] in mines:
                return mines[unit.path[:i]]
        return None

    items = [
        {
            "id": u.pk,
            "name": u.name,
            "kind": u.kind,
            "kind_label": str(u.get_kind_display()),
            "mine": None if u.kind == OrgKind.MINE else mine_name(u),
        }
        for u in units
    ]
    return {**meta, "items": items}


@router.post(
    "/voice/anonymous",
    auth=None,
    response={201: ReceiptOut, **ANONYMOUS_ERRORS},
    summary="匿名投递意见箱",
    description=(
        "无需登录，也不记录登录人、网络地址和设备信息。返回的回执码只显示这一次，"
        "凭它查询进度、补充材料、阅读答复并评价。投递次数有限制，过多返回 429。"
    ),
)
def anonymous_submit(request, payload: AnonymousCaseIn, response: HttpResponse):
    limited = too_many(response, request, "anon-submit", settings.ANON_SUBMISSIONS_PER_WINDOW)
    if limited is not None:
        return limited
    unit = selectors.anonymous_units().filter(pk=payload.organisation).first()
    if unit is None:
        return invalid(ValidationError({"organisation": _("请选择事情所在的矿或区队、科室。")}))
    try:
        # Never request.user: whoever may be signed in, the case is nobody's.
        case, receipt = services.case_submit(
            submitter=None,
            channel=Channel.SUGGESTION,
            title=payload.title,
            body=payload.body,
            anonymous=True,
            organisation=unit,
        )
    except SERVICE_ERRORS as exc:
        return refused(exc)
    return Status(
        201,
        {
            "receipt": receipt,
            "code": str(case.code),
            "state": case.state,
            "state_label": str(case.get_state_display()),
        },
    )


@router.post(
    "/voice/anonymous/follow",
    auth=None,
    response={200: CaseDetail, **ANONYMOUS_ERRORS},
    summary="凭回执码查看匿名事项",
    description="回执码放在请求体中，不放在网址里。回执码不对返回 404；查询过多返回 429。",
)
def anonymous_follow(request, payload: ReceiptIn, response: HttpResponse):
    case = receipt_case(response, request, payload.receipt)
    if isinstance(case, Status):
        return case
    return case_detail(case)


@router.post(
    "/voice/anonymous/rate",
    auth=None,
    response={200: CaseDetail, **ANONYMOUS_ERRORS},
    summary="凭回执码评价答复",
    description="答复发布后评价 1 至 5 星，事项随即办结。",
)
def anonymous_rate(request, payload: AnonymousRateIn, response: HttpResponse):
    case = receipt_case(response, request, payload.receipt)
    if isinstance(case, Status):
        return case
    try:
        services.case_rate(
            case_id=case.pk,
            actor=None,
            rating=payload.rating,
            comment=payload.comment,
            receipt_ok=True,
        )
    except SERVICE_ERRORS as exc:
        return refused(exc)
    return case_detail(reload(case))


@router.post(
    "/voice/anonymous/reopen",
    auth=None,
    response={200: CaseDetail, **ANONYMOUS_ERRORS},
    summary="凭回执码退回重新办理",
    description="对答复不满意可退回一次，事项回到承办部门，并由上级领导督办。",
)
def anonymous_reopen(request, payload: AnonymousReopenIn, response: HttpResponse):
    case = receipt_case(response, request, payload.receipt)
    if isinstance(case, Status):
        return case
    try:
        services.case_reopen(case_id=case.pk, actor=None, reason=payload.reason, receipt_ok=True)
    except SERVICE_ERRORS as exc:
        return refused(exc)
    return case_detail(reload(case))


@router.post(
    "/voice/anonymous/supplement",
    auth=None,
    response={200: CaseDetail, **ANONYMOUS_ERRORS},
    summary="凭回执码补充材料",
    description="事项等待提出人补充材料时补充文字说明；照片请在网页上补充。",
)
def anonymous_supplement(request, payload: AnonymousSupplementIn, response: HttpResponse):
    case = receipt_case(response, request, payload.receipt)
    if isinstance(case, Status):
        return case
    try:
        services.case_supplement(case_id=case.pk, actor=None, text=payload.text, receipt_ok=True)
    except SERVICE_ERRORS as exc:
        return refused(exc)
    return case_detail(reload(case))
