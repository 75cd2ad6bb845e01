"""Service items: those I own, and completing one with its result."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.http import Http404
from ninja import Field, Path, Query, Router, Schema

from tongxin.care import selectors, services
from tongxin.care.access import items_managed_by
from tongxin.care.models import ServiceItem

from ..people import MAX_ID, PageNo, page_of
from ..refusals import refused
from ..schemas import TEXT
from .common import READ_ERRORS, SERVICE_ERRORS, WRITE_ERRORS, item_ref

router = Router()

MAX_VERSION = 2**31 - 1


ItemId = Path(..., ge=1, le=MAX_ID, description="服务项目编号（id）")


class CareCompleteIn(Schema):
    version: int = Field(
        ge=0, le=MAX_VERSION, description="服务项目的版本号（GET /api/care/items 所读到的）"
    )
    result: str = Field(
        max_length=1000, pattern=TEXT, description="服务结果，至少 2 个字，最多 1000 字"
    )
    done_on: date | None = Field(None, description="完成日期，不晚于今天；不填为今天")


class CareItemOut(Schema):
    id: int = Field(description="服务项目编号")
    version: int = Field(description="版本号：办结时带上，他人先处理则返回 409")
    title: str = Field(description="服务事项")
    description: str = Field(description="具体内容")
    category: str = Field(description="类别代码")
    category_label: str = Field(description="类别名称，如 医疗健康")
    source: str = Field(description="来源代码：need 需求清单 / visit 网格走访 / direct 直接登记")
    source_label: str = Field(description="来源名称")
    person: str | None = Field(description="服务对象姓名；面向单位的服务为空")
    unit: str = Field(description="服务对象所在单位")
    owner: str = Field(description="责任人姓名")
    deadline: date = Field(description="完成期限")
    is_overdue: bool = Field(description="是否已超过完成期限仍未办结")
    state: str = Field(description="状态代码：open 服务中 / done 已完成 / cancelled 已取消")
    state_label: str = Field(description="状态名称")
    result: str = Field(description="服务结果；未办结为空")
    done_on: date | None = Field(description="完成日期")
    created_at: datetime = Field(description="登记时间")


class CareItemPage(Schema):
    count: int = Field(description="总条数")
    page: int = Field(description="当前页码，从 1 开始")
    pages: int = Field(description="总页数")
    items: list[CareItemOut] = Field(description="本页服务项目：服务中的在前，期限近的在前")


def item_out(item: ServiceItem) -> dict:
    return {
        **item_ref(item),
        "version": item.version,
        "description": item.description,
        "category": item.category,
        "category_label": str(item.get_category_display()),
        "source": item.source,
        "source_label": str(item.get_source_display()),
        "person": item.person.name if item.person_id else None,
        "unit": item.organisation.name,
        "is_overdue": item.is_overdue,
        "done_on": item.done_on,
        "created_at": item.created_at,
    }


@router.get(
    "/care/items",
    response={200: CareItemPage, **READ_ERRORS},
    summary="我负责的服务项目",
    description=(
        "本人作为责任人的服务项目：服务中的在前、期限近的在前，每页 50 条；"
        "state 可选 open、done 或 all。"
    ),
)
def my_items(
    request,
    state: Literal["open", "done", "all"] = Query(
        "all", description="open 服务中 / done 已完成 / all 全部"
    ),
    page: int = PageNo,
):
    qs = selectors.items_owned(request.auth)
    if state != "all":
        qs = qs.filter(state=state)
    meta, items = page_of(qs.select_related("owner"), page)
    return {**meta, "items": [item_out(i) for i in items]}


@router.post(
    "/care/items/{item_id}/complete",
    response={200: CareItemOut, **WRITE_ERRORS},
    summary="办结服务项目",
    description="责任人（或本单位工会）填写服务结果，办结服务项目，并告知服务对象。",
)
def item_complete(request, payload: CareCompleteIn, item_id: int = ItemId):
    person = request.auth
    if not selectors.items_owned(person).filter(pk=item_id).exists():
        if not items_managed_by(person).filter(pk=item_id).exists():
            raise Http404
    try:
        services.item_complete(
            actor=person,
            item_id=item_id,
            version=payload.version,
            result=payload.result,
            done_on=payload.done_on,
        )
    except SERVICE_ERRORS as exc:
        return refused(exc)
    item = ServiceItem.objects.select_related("person", "organisation", "owner").get(pk=item_id)
    return item_out(item)
