"""Proposals and congress motions after handling: whether a proposal is adopted (its
benefit and reward), and the public milestones of their implementation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.timeline import Conflict
from tongxin.people.models import Person

from ..access import actor_kinds
from ..models import Case, Channel, Milestone, State
from ..workflow import Actor
from .base import case_flow, required_text, tell_owner


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
    title = required_text(title, "title", _("请填写落实节点。"))[:80]
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
