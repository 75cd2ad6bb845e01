"""Who acts on a report, a reveal and a disclosure comment, and their transition tables
(run by core.timeline's runner)."""

from enum import Enum

from django.utils.translation import gettext_lazy as _

from tongxin.core.timeline import Transition, table

from .models import CommentState, RevealState, State


class Actor(Enum):
    INSPECTOR = "inspector"  # a 纪检监察 of the unit that handles it (or the level above)
    REPORTER = "reporter"  # by their account (named) or their receipt (anonymous)


INSPECTOR = (Actor.INSPECTOR,)
OPEN = (State.RECEIVED, State.ACCEPTED, State.VERIFYING)
TRANSITIONS = table(
    # Steps that keep the state (None: the report's own state is passed as the target).
    Transition("ask", _("向举报人提问"), OPEN, None, INSPECTOR),
    Transition("answer", _("举报人答复或补充"), OPEN, None, (Actor.REPORTER,)),
    Transition("accept", _("受理"), (State.RECEIVED,), State.ACCEPTED, INSPECTOR),
    Transition("decline", _("不予受理"), (State.RECEIVED,), State.DECLINED, INSPECTOR),
    Transition("verify", _("开始核实"), (State.ACCEPTED,), State.VERIFYING, INSPECTOR),
    Transition("conclude", _("办结并反馈"), (State.VERIFYING,), State.CONCLUDED, INSPECTOR),
)


# A request to see a named reporter's identity: another inspector than the one asking.
REVEAL_TRANSITIONS = table(
    Transition("approve", _("批准"), (RevealState.PENDING,), RevealState.APPROVED, INSPECTOR),
    Transition("refuse", _("不批准"), (RevealState.PENDING,), RevealState.REFUSED, INSPECTOR),
)


class Office(Enum):
    PUBLISHER = "publisher"  # the office that published the disclosure


PUBLISHER = (Office.PUBLISHER,)
COMMENT_TRANSITIONS = table(
    Transition(
        "publish", _("审核公开"), (CommentState.PENDING,), CommentState.PUBLISHED, PUBLISHER
    ),
    Transition("refuse", _("不予公开"), (CommentState.PENDING,), CommentState.REFUSED, PUBLISHER),
    Transition("answer", _("答复"), (CommentState.PUBLISHED,), CommentState.PUBLISHED, PUBLISHER),
)
