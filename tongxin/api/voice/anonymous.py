"""Anonymous: the suggestion box (意见箱), followed by its receipt code. No
authentication, no person; submissions and receipt look-ups are rate-limited."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from tongxin.core.anonymous.pages import anonymous_units as units_offered
from tongxin.people.models import Organisation, OrgKind
from tongxin.voice import services
from tongxin.voice.access import case_for_receipt
from tongxin.voice.models import Case, Channel

from ..anonymous import by_receipt, too_many
from ..people import MAX_ID, PageNo, page_of
from ..refusals import invalid, refused
from ..schemas import LINE, TEXT, Error, ValidationErrorOut
from .common import SERVICE_ERRORS, CaseDetail, RateIn, ReopenIn, SupplementIn, case_detail, reload

router = Router()

ANONYMOUS_ERRORS = {400: Error, 404: Error, 409: Error, 422: ValidationErrorOut, 429: Error}


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


class AnonymousRateIn(RateIn, ReceiptIn):
    pass


class AnonymousReopenIn(ReopenIn, ReceiptIn):
    pass


class AnonymousSupplementIn(SupplementIn, ReceiptIn):
    pass


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


def receipt_case(response: HttpResponse, request: HttpRequest, receipt: str) -> Case | Status:
    """The case a receipt code opens, or the answer to give (api.anonymous.by_receipt)."""
    return by_receipt(
        response, request, receipt, case_for_receipt,
        _("没有找到与此回执码对应的事项，请核对回执码后重试。"),
    )  # fmt: skip


@router.get(
    "/voice/anonymous/units",
    auth=None,
    response={200: UnitPage, 400: Error, 422: ValidationErrorOut},
    summary="匿名投递可选的单位",
    description="矿和它的区队、科室（不含班组，以免单位太小而暴露身份）。无需登录。",
)
def anonymous_units(request, page: int = PageNo):
    meta, units = page_of(units_offered(), page)
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
    unit = units_offered().filter(pk=payload.organisation).first()
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
