"""Named: submit a matter, follow my cases, rate, reopen or add to the reply."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Router, Schema, Status

from tongxin.voice import selectors, services
from tongxin.voice.access import case_for_owner

from ..people import PageNo, page_of
from ..refusals import refused
from ..schemas import LINE, TEXT
from .common import (
    READ_ERRORS,
    SERVICE_ERRORS,
    WRITE_ERRORS,
    CaseDetail,
    CaseId,
    CaseOut,
    RateIn,
    ReopenIn,
    SupplementIn,
    case_detail,
    case_out,
    reload,
)

router = Router()


class CaseIn(Schema):
    channel: Literal["request", "suggestion", "proposal"] = Field(
        description="渠道：request 职工诉求 / suggestion 意见箱（实名）/ proposal 合理化建议"
    )
    title: str = Field(max_length=60, pattern=LINE, description="标题，2 至 60 个字")
    body: str = Field(max_length=2000, pattern=TEXT, description="内容，5 至 2000 个字")


class CasePage(Schema):
    count: int = Field(description="总条数")
    page: int = Field(description="当前页码，从 1 开始")
    pages: int = Field(description="总页数")
    items: list[CaseOut] = Field(description="本页事项，新提交的在前")


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
