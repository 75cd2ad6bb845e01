"""The people I cover, with my last visit to each."""

from __future__ import annotations

from datetime import date

from ninja import Field, Router, Schema

from tongxin.grid import member
from tongxin.people.selectors import unit_labels

from ..people import PageNo, page_of
from .common import READ_ERRORS

router = Router()


class CoveredOut(Schema):
    id: int = Field(description="人员编号")
    employee_no: str = Field(description="工号")
    name: str = Field(description="姓名")
    unit: str = Field(description="所在单位（班组连同区队，如 综采一队 一班）")
    post: str = Field(description="岗位")
    phone: str = Field(description="手机号（网格员联系职工所需，不脱敏）")
    level: str = Field(description="联系层级代码：member_worker / cadre_member / secretary_cadre")
    level_label: str = Field(description="联系层级名称")
    last_visit: date | None = Field(description="本人最近一次走访或谈心的日期；没有为空")


class CoveredPage(Schema):
    count: int = Field(description="总人数")
    page: int = Field(description="当前页码，从 1 开始")
    pages: int = Field(description="总页数")
    items: list[CoveredOut] = Field(description="本页人员，按单位和工号排列")


@router.get(
    "/grid/covered",
    response={200: CoveredPage, **READ_ERRORS},
    summary="我联系的职工",
    description=("本人当前作为网格责任人联系的人员，及本人最近一次走访或谈心的日期，每页 50 人。"),
)
def covered(request, page: int = PageNo):
    meta, links = page_of(member.my_covered(request.auth), page)
    labels = unit_labels({link.person.unit for link in links})
    return {
        **meta,
        "items": [
            {
                "id": link.person.pk,
                "employee_no": link.person.employee_no,
                "name": link.person.name,
                "unit": labels.get(link.person.unit_id, ""),
                "post": link.person.post,
                "phone": link.person.phone,
                "level": link.level,
                "level_label": str(link.get_level_display()),
                "last_visit": link.last_visit,
            }
            for link in links
        ],
    }
