"""The case lifecycle as one table: which action moves a case from which states to which.

    cosigning ─cosign(enough)→ submitted ─accept→ accepted ─assign→ assigned ─handle→ handled
    handled ─reply→ replied ─rate→ closed
    replied ─reopen (once)→ assigned, with a higher level watching
    submitted/accepted ─merge→ merged (gets the reply of the case it was merged into)
    submitted ─decline→ declined (congress proposals not filed, 不立案, with a reason)
    accepted/assigned ─request_info→ awaiting_info ─supplement→ back (clock paused between)
    replied ─auto_close→ closed (no rating within the configured working days)

`Actor` says who may take the step: the intake officers of the case's unit (union
chairs, branch secretaries, administrators), the department it is assigned to (its
head and the named handler), the owner (the submitter, the receipt holder, or the
officer who entered it), another congress representative (co-signing), or the system
(the periodic sweep). The runner (core.timeline, through services.base.case_flow)
checks the table, the actor and the version in one place.
"""

from __future__ import annotations

from enum import Enum

from django.utils.translation import gettext_lazy as _

from tongxin.core.timeline import Transition, table

from .models import State


class Actor(Enum):
    OFFICER = "officer"
    DEPARTMENT = "department"
    OWNER = "owner"
    REPRESENTATIVE = "representative"
    SYSTEM = "system"


_T = Transition
TRANSITIONS = table(
    _T("cosign", _("附议"), (State.COSIGNING,), None, (Actor.REPRESENTATIVE,)),
    _T("accept", _("受理归类"), (State.SUBMITTED,), State.ACCEPTED, (Actor.OFFICER,)),
    _T("decline", _("不予立案"), (State.SUBMITTED,), State.DECLINED, (Actor.OFFICER,)),
    _T(
        "merge",
        _("合并重复事项"),
        (State.SUBMITTED, State.ACCEPTED),
        State.MERGED,
        (Actor.OFFICER,),
    ),
    _T(
        "assign",
        _("交办"),
        (State.ACCEPTED, State.ASSIGNED),
        State.ASSIGNED,
        (Actor.OFFICER,),
    ),
    _T(
        "request_info",
        _("请提出人补充"),
        (State.ACCEPTED, State.ASSIGNED),
        State.AWAITING_INFO,
        (Actor.OFFICER, Actor.DEPARTMENT),
    ),
    _T("supplement", _("补充材料"), (State.AWAITING_INFO,), None, (Actor.OWNER,)),
    _T("handle", _("办理完毕"), (State.ASSIGNED,), State.HANDLED, (Actor.DEPARTMENT,)),
    _T(
        "reply",
        _("发布答复"),
        (State.HANDLED,),
        State.REPLIED,
        (Actor.DEPARTMENT, Actor.OFFICER),
    ),
    _T("rate", _("评价"), (State.REPLIED,), State.CLOSED, (Actor.OWNER,)),
    _T("reopen", _("不满意，重新办理"), (State.REPLIED,), State.ASSIGNED, (Actor.OWNER,)),
    _T("auto_close", _("逾期未评价，自动办结"), (State.REPLIED,), State.CLOSED, (Actor.SYSTEM,)),
)


def allowed(name: str, state: str) -> bool:
    return state in TRANSITIONS[name].sources
