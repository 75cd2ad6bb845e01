"""A worker's own needs: raising one, and following them."""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from tongxin.care import selectors, services
from tongxin.care.access import open_surveys_for
from tongxin.care.models import Need

from ..people import MAX_ID, PageNo, page_of
from ..refusals import invalid, refused
from ..schemas import TEXT
from .common import READ_ERRORS, SERVICE_ERRORS, WRITE_ERRORS, CareItemRef, item_ref

router = Router()

CategoryCode = Literal[
    "living", "medical", "education", "housing", "mental", "legal", "skill", "other"
]
CATEGORY_HELP = (
    "类别：living 生活保障 / medical 医疗健康 / education 子女教育 / housing 住房通勤 / "
    "mental 心理疏导 / legal 法律援助 / skill 技能提升 / other 其他"
)


class CareNeedIn(Schema):
    category: CategoryCode = Field(description=CATEGORY_HELP)
    text: str = Field(max_length=500, pattern=TEXT, description="具体需求，4 至 500 个字")
    survey: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description=(
            "需求调查编号（本人单位正在进行的调查，见 GET /api/care/needs 的 open_surveys）；可不填"
        ),
    )


class CareSurveyRef(Schema):
    id: int = Field(description="需求调查编号")
    title: str = Field(description="调查名称")
    closes_on: date = Field(description="截止日期")


class CareNeedOut(Schema):
    id: int = Field(description="需求编号")
    category: str = Field(description="类别代码")
    category_label: str = Field(description="类别名称")
    text: str = Field(description="需求内容")
    collected_on: date = Field(description="提出（收集）日期")
    state: str = Field(
        description="状态代码：new 待转服务 / served 已转服务项目 / declined 不予办理"
    )
    state_label: str = Field(description="状态名称")
    decline_reason: str = Field(description="不予办理的理由；其他状态为空")
    survey: str | None = Field(description="所属需求调查的名称；现场提出的为空")
    item: CareItemRef | None = Field(description="转成的服务项目；未转为空")


class CareNeedPage(Schema):
    count: int = Field(description="总条数")
    page: int = Field(description="当前页码，从 1 开始")
    pages: int = Field(description="总页数")
    open_surveys: list[CareSurveyRef] = Field(description="本人单位正在进行的需求调查")
    items: list[CareNeedOut] = Field(description="本页需求，新的在前")


def need_out(need: Need) -> dict:
    item = getattr(need, "service_item", None)
    return {
        "id": need.pk,
        "category": need.category,
        "category_label": str(need.get_category_display()),
        "text": need.text,
        "collected_on": need.collected_on,
        "state": need.state,
        "state_label": str(need.get_state_display()),
        "decline_reason": need.decline_reason,
        "survey": need.survey.title if need.survey_id else None,
        "item": item_ref(item) if item is not None else None,
    }


@router.get(
    "/care/needs",
    response={200: CareNeedPage, **READ_ERRORS},
    summary="我提出的需求",
    description=(
        "本人的需求（本人提出的，和工会、网格员替本人登记的）及其转成的服务项目，"
        "新的在前，每页 50 条。"
    ),
)
def my_needs(request, page: int = PageNo):
    person = request.auth
    meta, items = page_of(selectors.my_needs(person), page)
    surveys = [
        {"id": s.pk, "title": s.title, "closes_on": s.closes_on}
        for s in open_surveys_for(person)[:10]
    ]
    return {**meta, "open_surveys": surveys, "items": [need_out(n) for n in items]}


@router.post(
    "/care/needs",
    response={201: CareNeedOut, **WRITE_ERRORS},
    summary="提需求",
    description=(
        "以本人名义提出需求（生活、医疗、子女教育、住房通勤、心理疏导等），由工会转为服务项目"
        "并告知办理人，或说明不予办理的理由。可附本人单位正在进行的需求调查编号。"
    ),
)
def need_submit(request, payload: CareNeedIn):
    person = request.auth
    survey = None
    if payload.survey is not None:
        survey = open_surveys_for(person).filter(pk=payload.survey).first()
        if survey is None:
            return invalid(
                ValidationError({"survey": _("这次需求调查不在进行中或不包括您的单位。")})
            )
    try:
        need = services.need_collect(
            actor=person, person=person, category=payload.category, text=payload.text, survey=survey
        )
    except SERVICE_ERRORS as exc:
        return refused(exc)
    need = selectors.my_needs(person).get(pk=need.pk)
    return Status(201, need_out(need))
