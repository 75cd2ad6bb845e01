"""Recording a life event of the five musts (五必), which opens a task for the covering
member."""

from __future__ import annotations

from datetime import date
from typing import Literal

from ninja import Field, Router, Schema, Status

from tongxin.grid.models import LifeEvent
from tongxin.grid.services import events as event_services

from ..people import MAX_ID
from ..refusals import refused
from ..schemas import TEXT
from .common import SERVICE_ERRORS, WRITE_ERRORS, PersonRef, person_or_404, person_ref

router = Router()

EventKindCode = Literal[
    "illness_injury", "bereavement", "marriage_birth", "hardship", "conflict_discipline"
]


class EventIn(Schema):
    person: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="职工的人员编号；不填为本人（职工本人报告）",
    )
    kind: EventKindCode = Field(
        description=(
            "事由：illness_injury 生病或受伤 / bereavement 家庭丧事 / marriage_birth 结婚或生育 / "
            "hardship 生活困难 / conflict_discipline 矛盾纠纷或受到处分"
        )
    )
    occurred_on: date = Field(description="发生日期：不晚于今天，不早于 90 天前")
    description: str = Field("", max_length=500, pattern=TEXT, description="情况说明，最多 500 字")


class LifeEventOut(Schema):
    id: int = Field(description="事由编号")
    person: PersonRef = Field(description="职工")
    kind: str = Field(description="事由代码")
    kind_label: str = Field(description="事由名称")
    occurred_on: date = Field(description="发生日期")
    description: str = Field(description="情况说明")
    visit_kind: str = Field(description="谈话或走访：talk / visit")
    source: str = Field(
        description="来源代码：grid_member 网格员登记 / worker 职工本人报告 / import"
    )
    task_id: int | None = Field(description="派发的谈心或走访任务编号")
    task_owner: str | None = Field(description="负责谈心或走访的网格员姓名")
    task_due_on: date | None = Field(description="谈心或走访的完成期限")


def event_out(event: LifeEvent) -> dict:
    task = event.tasks.select_related("owner").order_by("pk").first()
    return {
        "id": event.pk,
        "person": person_ref(event.person),
        "kind": event.kind,
        "kind_label": str(event.get_kind_display()),
        "occurred_on": event.occurred_on,
        "description": event.description,
        "visit_kind": event.visit_kind,
        "source": event.source,
        "task_id": task.pk if task else None,
        "task_owner": task.owner.name if task else None,
        "task_due_on": task.due_on if task else None,
    }


@router.post(
    "/grid/events",
    response={201: LifeEventOut, **WRITE_ERRORS},
    summary="登记五必谈五必访事由",
    description=(
        "网格员登记所联系职工（或网格中下级联系的职工）的事由，支部书记登记本支部职工的事由；"
        "不填 person 为职工本人报告。登记后给联系该职工的网格员派发谈心或走访任务，期限按"
        "事由的工作日数；没有网格联系人的由支部书记负责。不在本人范围内的职工返回 404。"
    ),
)
def event_record(request, payload: EventIn):
    actor = request.auth
    try:
        if payload.person is None or payload.person == actor.pk:
            event = event_services.event_report_own(
                actor=actor,
                kind=payload.kind,
                occurred_on=payload.occurred_on,
                description=payload.description,
            )
        else:
            event = event_services.event_record(
                actor=actor,
                person=person_or_404(payload.person),
                kind=payload.kind,
                occurred_on=payload.occurred_on,
                description=payload.description,
            )
    except SERVICE_ERRORS as exc:
        return refused(exc)
    return Status(201, event_out(LifeEvent.objects.select_related("person").get(pk=event.pk)))
