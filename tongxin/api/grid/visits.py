"""Logging a talk or visit (with its follow-up), and my visits."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Router, Schema, Status

from tongxin.grid import member
from tongxin.grid.models import Visit
from tongxin.grid.services import visits as visit_services

from ..people import MAX_ID, PageNo, page_of
from ..refusals import refused
from ..schemas import TEXT
from .common import READ_ERRORS, SERVICE_ERRORS, WRITE_ERRORS, PersonRef, person_or_404, person_ref

router = Router()

VisitKindCode = Literal["talk", "visit"]
FollowUpCode = Literal["none", "care", "case", "problem"]


CareCategoryCode = Literal[
    "living", "medical", "education", "housing", "mental", "legal", "skill", "other"
]


class VisitIn(Schema):
    person: int = Field(
        ge=1, le=MAX_ID, description="走访的职工的人员编号（见 GET /api/grid/covered）"
    )
    visited_on: date = Field(description="走访日期，不能晚于今天")
    kind: VisitKindCode = Field(description="方式：talk 谈心谈话 / visit 上门走访")
    content: str = Field(max_length=2000, pattern=TEXT, description="谈话内容，5 至 2000 个字")
    follow_up: FollowUpCode = Field(
        "none",
        description=(
            "跟进：none 无需跟进 / care 转关爱服务（工会服务项目）/ case 转诉求办理 / "
            "problem 列入支部问题清单"
        ),
    )
    follow_up_text: str = Field(
        "",
        max_length=500,
        pattern=TEXT,
        description="跟进事项（需要跟进时必填，2 至 500 个字；第一行作为标题）",
    )
    task: int | None = Field(
        None, ge=1, le=MAX_ID, description="对应的任务编号（本人的任务）；不填则自动匹配本月任务"
    )
    life_event: int | None = Field(
        None, ge=1, le=MAX_ID, description="对应的五必谈五必访事由编号；可不填"
    )
    care_category: CareCategoryCode = Field(
        "other",
        description=(
            "转关爱服务时的类别：living 生活保障 / medical 医疗健康 / education 子女教育 / "
            "housing 住房通勤 / mental 心理疏导 / legal 法律援助 / skill 技能提升 / other 其他"
        ),
    )


class VisitOut(Schema):
    id: int = Field(description="走访记录编号")
    person: PersonRef = Field(description="走访的职工")
    visited_on: date = Field(description="走访日期")
    kind: str = Field(description="方式代码：talk / visit")
    kind_label: str = Field(description="方式名称")
    content: str = Field(description="谈话内容")
    follow_up: str = Field(description="跟进代码：none / care / case / problem")
    follow_up_label: str = Field(description="跟进名称")
    follow_up_text: str = Field(description="跟进事项")
    task: int | None = Field(description="完成的任务编号")
    life_event: int | None = Field(description="对应的五必谈五必访事由编号")
    care_item: int | None = Field(description="转关爱服务时的服务项目编号")
    case: int | None = Field(description="转诉求办理时的事项编号")
    problem: int | None = Field(description="列入问题清单时的问题编号")
    created_at: datetime = Field(description="记录时间")


class VisitPage(Schema):
    count: int = Field(description="总条数")
    page: int = Field(description="当前页码，从 1 开始")
    pages: int = Field(description="总页数")
    items: list[VisitOut] = Field(description="本页走访记录，新的在前")


def visit_out(visit: Visit) -> dict:
    return {
        "id": visit.pk,
        "person": person_ref(visit.person),
        "visited_on": visit.visited_on,
        "kind": visit.kind,
        "kind_label": str(visit.get_kind_display()),
        "content": visit.content,
        "follow_up": visit.follow_up,
        "follow_up_label": str(visit.get_follow_up_display()),
        "follow_up_text": visit.follow_up_text,
        "task": visit.task_id,
        "life_event": visit.life_event_id,
        "care_item": visit.care_item_id,
        "case": visit.case_id,
        "problem": visit.problem_id,
        "created_at": visit.created_at,
    }


@router.post(
    "/grid/visits",
    response={201: VisitOut, **WRITE_ERRORS},
    summary="记录走访",
    description=(
        "记录与本人联系的职工（或本人任务的联系对象）的一次谈心或走访。同时完成对应的任务"
        "（指定的任务，或本月“走访联系职工”任务和该职工未完成的五必谈五必访任务）；"
        "需要跟进的，转为关爱服务项目、诉求事项或支部问题清单，全部保存或全部不保存。"
        "不在本人网格范围内的职工返回 404。"
    ),
)
def visit_log(request, payload: VisitIn):
    actor = request.auth
    try:
        visit = visit_services.visit_log(
            actor=actor,
            person=person_or_404(payload.person),
            visited_on=payload.visited_on,
            kind=payload.kind,
            content=payload.content,
            follow_up=payload.follow_up,
            follow_up_text=payload.follow_up_text,
            task_id=payload.task,
            life_event_id=payload.life_event,
            care_category=payload.care_category,
        )
    except SERVICE_ERRORS as exc:
        return refused(exc)
    return Status(201, visit_out(Visit.objects.select_related("person").get(pk=visit.pk)))


@router.get(
    "/grid/visits",
    response={200: VisitPage, **READ_ERRORS},
    summary="我的走访记录",
    description="本人记录的谈心和走访，新的在前，每页 50 条。",
)
def my_visits(request, page: int = PageNo):
    meta, items = page_of(member.my_visits(request.auth), page)
    return {**meta, "items": [visit_out(v) for v in items]}
