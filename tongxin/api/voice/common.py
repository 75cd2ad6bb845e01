"""What the named and the anonymous voice endpoints share: a case and its public
timeline as an answer, the bodies of rating, reopening and adding to a reply, and the
errors of the services."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy
from ninja import Field, Path, Schema

from tongxin.voice import selectors, services
from tongxin.voice.models import Case, CaseEvent, State
from tongxin.voice.workflow import TRANSITIONS

from ..people import MAX_ID
from ..schemas import TEXT, Error, ValidationErrorOut

READ_ERRORS = {401: Error, 403: Error, 404: Error, 422: ValidationErrorOut}
WRITE_ERRORS = {400: Error, 409: Error, **READ_ERRORS}


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


class RateIn(Schema):
    rating: int = Field(ge=1, le=5, description="评价：1 至 5 星")
    comment: str = Field("", max_length=500, pattern=TEXT, description="评价意见，最多 500 字")


class ReopenIn(Schema):
    reason: str = Field(
        max_length=500, pattern=TEXT, description="对答复哪里不满意，至少 4 个字，最多 500 字"
    )


class SupplementIn(Schema):
    text: str = Field(max_length=2000, pattern=TEXT, description="补充的内容，最多 2000 字")


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


def reload(case: Case) -> Case:
    return Case.objects.select_related("category", "organisation", "department").get(pk=case.pk)
