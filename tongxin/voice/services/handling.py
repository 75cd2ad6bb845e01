"""What departments do with an assigned case: ask for more, handle, reply; and what the
owner does with the reply: rate it or reopen it once. Also internal notes. The steps
before are in triage.py and assignment.py, proposals and milestones in proposals.py."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.timeline import Conflict, Visibility
from tongxin.people.models import Person
from tongxin.people.selectors import mine_of

from .. import classify, hooks
from ..access import actor_kinds
from ..models import Case, State
from ..workflow import Actor
from .assignment import default_deadline
from .base import (
    ANONYMOUS_LABEL,
    case_flow,
    now_for,
    required_text,
    tell_about,
    tell_owner,
)


@transaction.atomic
def case_request_info(*, case_id: int, version: int | None, actor: Person, question: str) -> Case:
    """Ask the submitter for more; the deadline clock stops until they answer."""
    question = required_text(question, "question", _("请写明需要提出人补充什么。"), minimum=2)
    case, transition = case_flow.begin(
        pk=case_id, name="request_info", actor=actor, version=version
    )
    case.resume_state, case.paused_on = case.state, timezone.localdate()
    case_flow.finish(
        case, transition, actor=actor, fields=["resume_state", "paused_on"], note=question
    )
    tell_owner(case, _("请补充材料"), question)
    return case


@transaction.atomic
def case_handle(*, case_id: int, version: int | None, actor: Person, result: str) -> Case:
    """The department has done what it can. What it writes is the draft of the reply:
    the intake officer reviews it and releases it as it stands or edited (case_reply),
    so nobody types the answer twice."""
    result = required_text(result, "result", _("请填写办理结果（即答复草稿）。"), minimum=2)
    case, transition = case_flow.begin(pk=case_id, name="handle", actor=actor, version=version)
    case.handling_note = result
    case_flow.finish(
        case,
        transition,
        actor=actor,
        fields=["handling_note"],
        note=result,
        visibility=Visibility.INTERNAL,
    )
    return case


@transaction.atomic
def case_reply(*, case_id: int, version: int | None, actor: Person, text: str) -> Case:
    """Release the reply to the submitter and to every submitter merged into this case:
    `text`, or the department's draft (case_handle) when `text` is left empty."""
    case, transition = case_flow.begin(pk=case_id, name="reply", actor=actor, version=version)
    text = required_text(
        (text or "").strip() or case.handling_note, "text", _("请填写给提出人的答复。")
    )
    case.reply, case.replied_at = text, now_for(case, "reply")
    case_flow.finish(case, transition, actor=actor, fields=["reply", "replied_at"], note=text)
    tell_owner(case, _("已答复，请查看并评价"), text[:200])
    for child in case.merged_cases.select_for_update().filter(state=State.MERGED):
        child.reply, child.replied_at = text, now_for(child, "reply")
        case_flow.finish(
            child,
            "reply",
            actor=actor,
            fields=["reply", "replied_at"],
            to_state=State.REPLIED,
            note=_("%(code)s（已合并办理）的答复：%(text)s") % {"code": case.code, "text": text},
        )
        tell_owner(child, _("已答复，请查看并评价"), text[:200])
    hooks.replied(case)
    return case


def _owner_label(case: Case, actor: Person | None) -> str | None:
    return str(ANONYMOUS_LABEL) if case.is_anonymous else None


@transaction.atomic
def case_rate(
    *, case_id: int, actor: Person | None, rating: int, comment: str = "", receipt_ok: bool = False
) -> Case:
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": _("请选择 1 到 5 星。")})
    comment = (comment or "").strip()
    if len(comment) > 500:
        raise ValidationError({"comment": _("评价意见不能超过 500 字。")})
    case, transition = case_flow.begin(pk=case_id, name="rate", actor=actor, receipt_ok=receipt_ok)
    case.rating, case.rating_comment, case.closed_at = rating, comment, now_for(case, "rate")
    case_flow.finish(
        case,
        transition,
        actor=None if case.is_anonymous else actor,
        fields=["rating", "rating_comment", "closed_at"],
        note=_("%(n)s 星。%(c)s") % {"n": rating, "c": comment},
        label=_owner_label(case, actor),
        audit_after={"rating": rating},
    )
    classify.forget(case)
    tell_about(case, "department", _("提出人评价：%(n)s 星") % {"n": rating})
    return case


@transaction.atomic
def case_reopen(
    *, case_id: int, actor: Person | None, reason: str, receipt_ok: bool = False
) -> Case:
    """Not satisfied: back to the department once, with the mine's leadership watching."""
    reason = required_text(reason, "reason", _("请说明对答复哪里不满意。"), minimum=2)
    case, transition = case_flow.begin(
        pk=case_id, name="reopen", actor=actor, receipt_ok=receipt_ok
    )
    if case.reopened:
        raise Conflict(_("这件事已经重新办理过一次，不能再次退回；如仍不满意，请评价并写明意见。"))
    if case.department_id is None:
        raise Conflict(_("这件事没有承办部门，不能退回重办。"))
    watch = mine_of(case.department)
    case.reopened, case.watch_org = True, watch
    case.deadline = default_deadline(case.category, case.is_major)
    case.escalation_level = 0
    case.reply, case.replied_at = "", None
    case_flow.finish(
        case,
        transition,
        actor=None if case.is_anonymous else actor,
        fields=["reopened", "watch_org", "deadline", "escalation_level", "reply", "replied_at"],
        note=_("%(reason)s（已由%(org)s领导督办）") % {"reason": reason, "org": watch.name},
        label=_owner_label(case, actor),
        audit_after={"watch_org": watch.pk},
    )
    tell_about(case, "department_and_intake", _("提出人不满意，退回重办（上级督办）"))
    return case


@transaction.atomic
def case_note(*, case_id: int, actor: Person, text: str) -> None:
    """An internal note for those handling the case; the submitter never sees it."""
    text = required_text(text, "text", _("请填写备注内容。"))
    case = Case.objects.select_for_update(of=("self",)).select_related("department").get(pk=case_id)
    if not actor_kinds(actor, case) & {Actor.OFFICER, Actor.DEPARTMENT}:
        raise PermissionDenied(_("只有受理和承办人员可以写内部备注。"))
    case_flow.write_event(
        case, action="note", actor=actor, note=text, visibility=Visibility.INTERNAL
    )
    audit.record(action="voice.case.note", actor=actor, obj=case)
