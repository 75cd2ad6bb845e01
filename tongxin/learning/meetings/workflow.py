"""Who acts on a meeting and the transition table (run by core.timeline.Workflow)."""

from enum import Enum

from django.utils.translation import gettext_lazy as _

from tongxin.core.timeline import Transition, table

from ..models import MeetingState as S


class Actor(Enum):
    SECRETARY = "secretary"  # the branch's secretary, or an officer over it


_DENIED = _("只有本支部书记或上级党组织可以操作这次会议。")

TRANSITIONS = table(
    Transition("edit", _("修改"), (S.PLANNED, S.HELD), None, (Actor.SECRETARY,), denied=_DENIED),
    Transition("hold", _("召开"), (S.PLANNED,), S.HELD, (Actor.SECRETARY,), denied=_DENIED),
    Transition("file", _("归档纪要"), (S.HELD,), S.FILED, (Actor.SECRETARY,), denied=_DENIED),
    Transition("correct", _("更正"), (S.FILED,), S.FILED, (Actor.SECRETARY,), denied=_DENIED),
    Transition("cancel", _("取消"), (S.PLANNED,), S.CANCELLED, (Actor.SECRETARY,), denied=_DENIED),
)
