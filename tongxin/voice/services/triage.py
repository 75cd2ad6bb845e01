"""An officer's first decision on a case: accept and classify it (file a congress
proposal), decline a congress proposal, or merge a duplicate into another case."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.timeline import Visibility
from tongxin.people.models import Person
from tongxin.people.selectors import mine_of

from .. import classify
from ..access import cases_visible_to
from ..models import Case, Category, Channel, State
from .base import case_flow, leadership, now_for, required_text, tell, tell_owner


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
    reason = required_text(reason, "reason", _("请写明不予立案的理由。"), minimum=5)
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
        case.reply, case.replied_at, to_state = target.reply, now_for(case, "merge"), State.REPLIED
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
