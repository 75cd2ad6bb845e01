"""Who acts on a report, and its transition table (run by core.timeline's runner)."""

from enum import Enum

from django.utils.translation import gettext_lazy as _

from tongxin.core.timeline import Transition, table

from .models import State


class Actor(Enum):
    INSPECTOR = "inspector"  # a 纪检监察 of the unit that handles it (or the level above)
    REPORTER = "reporter"  # by their account (named) or their receipt (anonymous)


INSPECTOR = (Actor.INSPECTOR,)
TRANSITIONS = table(
    Transition("accept", _("受理"), (State.RECEIVED,), State.ACCEPTED, INSPECTOR),
    Transition("decline", _("不予受理"), (State.RECEIVED,), State.DECLINED, INSPECTOR),
    Transition("verify", _("开始核实"), (State.ACCEPTED,), State.VERIFYING, INSPECTOR),
    Transition("conclude", _("办结并反馈"), (State.VERIFYING,), State.CONCLUDED, INSPECTOR),
)
