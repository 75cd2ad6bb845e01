"""What officers and departments do with a case: classify, merge, assign, ask for more,
handle, reply; and what the owner does with the reply: rate it or reopen it once.
Also internal notes, adoption of proposals and their public milestones."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.timeline import Conflict, Visibility
from tongxin.core.workdays import add_workdays
from tongxin.people.models import Organisation, OrgKind, Person, Tree
from tongxin.people.selectors import mine_of

from .. import classify, hooks
from ..access import actor_kinds, cases_visible_to
from ..models import Case, Category, Channel, Milestone, State
from ..workflow import Actor
from .base import (
    ANONYMOUS_LABEL,
    case_flow,
    department_people,
    intake_officers,
    leadership,
    now_for,
    tell,
    tell_owner,
)

DEPARTMENT_KINDS = (OrgKind.DISTRICT, OrgKind.DEPARTMENT, OrgKind.MINE, OrgKind.COMPANY)


def _required(text: str, field: str, message: str, *, minimum: int = 2) -> str:
    text = (text or "").strip()
    if len(text) < minimum:
        raise ValidationError({field: message})
    return text


def default_deadline(category: Category | None, is_major: bool, start: date | None = None) -> date:
    start = start or timezone.localdate()
    if category is None:
        return add_workdays(start, 10)
    return add_workdays(start, category.major_deadline_days if is_major else category.deadline_days)


@transaction.atomic
def case_accept(
    *,
    case_id: int,
    version: int | None,
    actor: Person,
    category: Category | None,
    is_major: bool = False,
    note: str = "",
) -> Case:
    """Accept and classify (for a congress proposal: file it, 立案)."""
    if category is None or not category.is_active:
        raise ValidationError({"category": _("请选择有效的分类。")})
    case, transition = case_flow.begin(pk=case_id, name="accept", actor=actor, version=version)
    case.category, case.is_major = category, bool(is_major)
    case_flow.finish(
        case,
        transition,
        actor=actor,
        fields=["category", "is_major"],
        note=(note or "").strip(),
        audit_after={"category": category.pk, "is_major": case.is_major},
    )
    classify.learn(case)
    word = _("已立案") if case.channel == Channel.CONGRESS else _("已受理")
    tell_owner(case, word, _("分类：%(c)s") % {"c": category.name})
    if case.is_major:
        tell(leadership(case), case, _("重大事项：涉及职工切身利益，请关注"))
    return case


@transaction.atomic
def case_decline(*, case_id: int, version: int | None, actor: Person, reason: str) -> Case:
    """A congress proposal is not filed (不立案), with the reason the proposer reads."""
    reason = _required(reason, "reason", _("请写明不予立案的理由。"), minimum=5)
    case, transition = case_flow.begin(pk=case_id, name="decline", actor=actor, version=version)
    if case.channel != Channel.CONGRESS:
        raise ValidationError(_("只有职代会提案可以不予立案；其他事项请受理后答复。"))
    case.decision_reason = reason
    case.closed_at = timezone.now()
    case_flow.finish(
        case, transition, actor=actor, fields=["decision_reason", "closed_at"], note=reason
    )
    classify.forget(case)
    tell_owner(case, _("不予立案"), reason)
    return case


@transaction.atomic
def case_merge(*, case_id: int, version: int | None, actor: Person, into_id: int) -> Case:
    """Merge a duplicate into another case; its submitter will get that case's reply."""
    if into_id == case_id:
        raise ValidationError({"into": _("不能把事项合并到它自己。")})
    target = cases_visible_to(actor).filter(pk=into_id).select_related("organisation").first()
    if target is None:
        raise ValidationError({"into": _("找不到要合并到的事项，或它不在您的职责范围内。")})
    if target.state in (State.MERGED, State.DECLINED):
        raise ValidationError({"into": _("目标事项已合并或不予立案，不能再合并到它。")})
    case, transition = case_flow.begin(pk=case_id, name="merge", actor=actor, version=version)
    if mine_of(case.organisation).pk != mine_of(target.organisation).pk:
        raise ValidationError({"into": _("只能合并同一个矿的事项。")})
    case.merged_into = target
    fields = ["merged_into"]
    to_state = State.MERGED
    if target.state in (State.REPLIED, State.CLOSED) and target.reply:
        # The answer already exists: the submitter gets it now.
        case.reply, case.replied_at, to_state = target.reply, now_for(case), State.REPLIED
        fields += ["reply", "replied_at"]
    case_flow.finish(
        case,
        transition,
        actor=actor,
        fields=fields,
        to_state=to_state,
        note=_("与 %(code)s 内容相同，合并办理") % {"code": target.code},
        audit_after={"merged_into": target.pk},
    )
    classify.forget(case)
    case_flow.write_event(
        target,
        action="merged_in",
        actor=actor,
        note=_("%(code)s 已合并到本事项，答复时一并告知其提出人") % {"code": case.code},
        visibility=Visibility.INTERNAL,
    )
    tell_owner(case, _("已与相同事项合并办理"), _("答复将同时告知您。"))
    return case


def _check_department(case: Case, department: Organisation | None, handler: Person | None) -> None:
    if (
        department is None
        or department.tree != Tree.UNIT
        or department.kind not in DEPARTMENT_KINDS
    ):
        raise ValidationError({"department": _("请选择承办部门（区队或科室）。")})
    if not department.path.startswith(mine_of(case.organisation).path):
        raise ValidationError({"department": _("承办部门必须是本矿的区队或科室。")})
    if handler is not None and (
        not handler.is_active
        or handler.unit is None
        or not handler.unit.path.startswith(department.path)
    ):
        raise ValidationError({"handler": _("承办人必须是承办部门在职人员。")})


def _assign(case: Case, transition, *, actor, department, handler, deadline, note) -> Case:
    today = timezone.localdate()
    deadline = deadline or default_deadline(case.category, case.is_major)
    if deadline < today:
        raise ValidationError({"deadline": _("办理期限不能早于今天。")})
    if deadline > today.replace(year=today.year + 1):
        raise ValidationError({"deadline": _("办理期限不能超过一年。")})
    again = case.state == State.ASSIGNED
    case.department, case.handler, case.deadline = department, handler, deadline
    case.escalation_level = 0
    case_flow.finish(
        case,
        transition,
        actor=actor,
        fields=["department", "handler", "deadline", "escalation_level"],
        note=_("交办%(dept)s%(who)s，%(date)s 前办结。%(note)s")
        % {
            "dept": department.name,
            "who": f" {handler.name}" if handler else "",
            "date": deadline,
            "note": note,
        },
        audit_after={
            "department": department.pk,
            "handler": handler.pk if handler else None,
            "deadline": str(deadline),
        },
    )
    tell(department_people(case), case, _("新交办事项，%(date)s 前办结") % {"date": deadline})
    if not again:
        tell_owner(case, _("已交办%(dept)s办理") % {"dept": department.name})
    return case


@transaction.atomic
def case_assign(
    *,
    case_id: int,
    version: int | None,
    actor: Person,
    department: Organisation | None,
    handler: Person | None = None,
    deadline: date | None = None,
    note: str = "",
) -> Case:
    case, transition = case_flow.begin(pk=case_id, name="assign", actor=actor, version=version)
    _check_department(case, department, handler)
    return _assign(
        case,
        transition,
        actor=actor,
        department=department,
        handler=handler,
        deadline=deadline,
        note=(note or "").strip(),
    )


@transaction.atomic
def case_assign_bulk(
    *,
    case_ids: list[int],
    actor: Person,
    department: Organisation | None,
    handler: Person | None = None,
    deadline: date | None = None,
) -> list[Case]:
    """Assign several accepted cases at once: all of them, or none and the reasons why."""
    if not case_ids:
        raise ValidationError(_("请先勾选要交办的事项。"))
    if len(case_ids) > 200:
        raise ValidationError(_("一次最多交办 200 件。"))
    done, problems = [], []
    for case_id in sorted(set(case_ids)):
        try:
            case, transition = case_flow.begin(pk=case_id, name="assign", actor=actor)
            _check_department(case, department, handler)
            done.append(
                _assign(
                    case,
                    transition,
                    actor=actor,
                    department=department,
                    handler=handler,
                    deadline=deadline,
                    note="",
                )
            )
        except Case.DoesNotExist:
            problems.append(_("编号 %(id)s：不存在") % {"id": case_id})
        except (Conflict, PermissionDenied) as exc:
            problems.append(f"{case_id}：{exc}")
        except ValidationError as exc:
            problems.append(f"{case_id}：{'；'.join(exc.messages)}")
    if problems:
        raise ValidationError(_("没有交办任何事项。") + " " + "；".join(problems))
    return done


@transaction.atomic
def case_request_info(*, case_id: int, version: int | None, actor: Person, question: str) -> Case:
    """Ask the submitter for more; the deadline clock stops until they answer."""
    question = _required(question, "question", _("请写明需要提出人补充什么。"), minimum=2)
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
    """The department has done what it can; the result is recorded before the reply."""
    result = _required(result, "result", _("请填写办理情况。"), minimum=2)
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
    """Release the reply to the submitter and to every submitter merged into this case."""
    text = _required(text, "text", _("请填写给提出人的答复。"))
    case, transition = case_flow.begin(pk=case_id, name="reply", actor=actor, version=version)
    case.reply, case.replied_at = text, now_for(case)
    case_flow.finish(case, transition, actor=actor, fields=["reply", "replied_at"], note=text)
    tell_owner(case, _("已答复，请查看并评价"), text[:200])
    for child in case.merged_cases.select_for_update().filter(state=State.MERGED):
        child.reply, child.replied_at = text, now_for(child)
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
    case.rating, case.rating_comment, case.closed_at = rating, comment, now_for(case)
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
    tell(department_people(case), case, _("提出人评价：%(n)s 星") % {"n": rating})
    return case


@transaction.atomic
def case_reopen(
    *, case_id: int, actor: Person | None, reason: str, receipt_ok: bool = False
) -> Case:
    """Not satisfied: back to the department once, with the mine's leadership watching."""
    reason = _required(reason, "reason", _("请说明对答复哪里不满意。"), minimum=2)
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
    tell(
        department_people(case) + intake_officers(case),
        case,
        _("提出人不满意，退回重办（上级督办）"),
    )
    return case


@transaction.atomic
def case_note(*, case_id: int, actor: Person, text: str) -> None:
    """An internal note for those handling the case; the submitter never sees it."""
    text = _required(text, "text", _("请填写备注内容。"))
    case = Case.objects.select_for_update(of=("self",)).select_related("department").get(pk=case_id)
    if not actor_kinds(actor, case) & {Actor.OFFICER, Actor.DEPARTMENT}:
        raise PermissionDenied(_("只有受理和承办人员可以写内部备注。"))
    case_flow.write_event(
        case, action="note", actor=actor, note=text, visibility=Visibility.INTERNAL
    )
    audit.record(action="voice.case.note", actor=actor, obj=case)


@transaction.atomic
def proposal_adopt(
    *,
    case_id: int,
    version: int | None,
    actor: Person,
    adopted: bool,
    benefit: str = "",
    benefit_amount: Decimal | None = None,
    reward_amount: Decimal | None = None,
) -> Case:
    """Record whether a rationalisation proposal is adopted, its benefit and the reward."""
    case = Case.objects.select_for_update(of=("self",)).get(pk=case_id)
    if case.channel != Channel.PROPOSAL:
        raise ValidationError(_("只有合理化建议可以采纳。"))
    if Actor.OFFICER not in actor_kinds(actor, case):
        raise PermissionDenied(_("只有受理人员可以认定采纳。"))
    if version is not None and version != case.version:
        raise Conflict(_("这件建议刚刚已被他人修改，请刷新后再试。您填写的内容保留在下方。"))
    if case.state not in (State.HANDLED, State.REPLIED, State.CLOSED):
        raise ValidationError(_("建议办理后才能认定是否采纳。"))
    for amount, field in ((benefit_amount, "benefit_amount"), (reward_amount, "reward_amount")):
        if amount is not None and amount < 0:
            raise ValidationError({field: _("金额不能为负数。")})
    if adopted and not (benefit or "").strip():
        raise ValidationError({"benefit": _("采纳的建议请填写实施效益。")})
    case.adopted, case.benefit = bool(adopted), (benefit or "").strip()[:300]
    case.benefit_amount, case.reward_amount = benefit_amount, reward_amount
    case.version += 1
    case.save(update_fields=["adopted", "benefit", "benefit_amount", "reward_amount", "version"])
    word = _("采纳") if adopted else _("未采纳")
    case_flow.write_event(
        case,
        action="adopt",
        actor=actor,
        note=_("%(w)s。%(b)s 奖励 %(r)s 元")
        % {"w": word, "b": case.benefit, "r": reward_amount or 0},
    )
    audit.record(
        action="voice.proposal.adopted" if adopted else "voice.proposal.not_adopted",
        actor=actor,
        obj=case,
        after={
            "benefit_amount": str(benefit_amount or ""),
            "reward_amount": str(reward_amount or ""),
        },
    )
    tell_owner(case, _("您的合理化建议已被%(w)s") % {"w": word}, case.benefit)
    return case


def _progress_case(case_id: int, actor: Person) -> Case:
    case = Case.objects.select_for_update(of=("self",)).select_related("department").get(pk=case_id)
    public = (case.channel == Channel.PROPOSAL and case.adopted) or (
        case.channel == Channel.CONGRESS
        and case.state not in (State.COSIGNING, State.SUBMITTED, State.DECLINED)
    )
    if not public:
        raise ValidationError(_("只有已采纳的合理化建议和已立案的职代会提案公示落实进度。"))
    if not actor_kinds(actor, case) & {Actor.OFFICER, Actor.DEPARTMENT}:
        raise PermissionDenied(_("只有受理和承办人员可以维护落实进度。"))
    return case


@transaction.atomic
def milestone_add(
    *, case_id: int, actor: Person, title: str, due_on: date | None = None
) -> Milestone:
    title = _required(title, "title", _("请填写落实节点。"))[:80]
    case = _progress_case(case_id, actor)
    milestone = Milestone.objects.create(case=case, title=title, due_on=due_on)
    case_flow.write_event(
        case, action="milestone", actor=actor, note=_("落实节点：%(t)s") % {"t": title}
    )
    audit.record(action="voice.milestone.added", actor=actor, obj=case, after={"title": title})
    return milestone


@transaction.atomic
def milestone_done(
    *, milestone_id: int, actor: Person, note: str = "", done_on: date | None = None
) -> Milestone:
    milestone = Milestone.objects.select_for_update().get(pk=milestone_id)
    case = _progress_case(milestone.case_id, actor)
    if milestone.done_on is not None:
        raise Conflict(_("该节点已标记完成。"))
    milestone.done_on = done_on or timezone.localdate()
    milestone.note = (note or "").strip()[:300]
    milestone.save(update_fields=["done_on", "note"])
    case_flow.write_event(
        case,
        action="milestone_done",
        actor=actor,
        note=_("完成：%(t)s %(n)s") % {"t": milestone.title, "n": milestone.note},
    )
    audit.record(
        action="voice.milestone.done", actor=actor, obj=case, after={"milestone": milestone.pk}
    )
    tell_owner(case, _("落实进度更新：%(t)s 已完成") % {"t": milestone.title})
    return milestone
