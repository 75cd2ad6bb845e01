"""The hazard lifecycle as one table.

    pending ─confirm→ reported ─assign→ assigned ─start→ rectifying ─rectify→ rectified
    pending ─dismiss→ dismissed                 assigned ─rectify→ rectified
    rectified ─recheck_pass→ closed      rectified ─recheck_fail→ rectifying

A hazard reported with its responsible person and deadline is assigned at once.
Re-checking is done by someone other than the person who rectified it (复查验收), which
services.hazard checks together with the runner's (core.timeline) checks of the state,
the version and the actor's capacity.
"""

from __future__ import annotations

from enum import Enum

from django.utils.translation import gettext_lazy as _

from tongxin.core.timeline import Transition, table

from .models import State


class Actor(Enum):
    # Heads of the unit and above, leadership, administrators of the mine.
    MANAGER = "manager"
    RESPONSIBLE = "responsible"
    # Who may re-check: managers and the person who found it, never the rectifier.
    CHECKER = "checker"
    # A Party-member patrol of the mine (党员巡检) confirming a video detection.
    PATROL = "patrol"


_T = Transition
TRANSITIONS = table(
    _T(
        "confirm",
        _("确认隐患"),
        (State.PENDING,),
        State.REPORTED,
        (Actor.PATROL, Actor.MANAGER),
    ),
    _T(
        "dismiss",
        _("排除误报"),
        (State.PENDING,),
        State.DISMISSED,
        (Actor.PATROL, Actor.MANAGER),
    ),
    _T(
        "assign",
        _("指派整改"),
        (State.REPORTED, State.ASSIGNED),
        State.ASSIGNED,
        (Actor.MANAGER,),
    ),
    _T("start", _("开始整改"), (State.ASSIGNED,), State.RECTIFYING, (Actor.RESPONSIBLE,)),
    _T(
        "rectify",
        _("整改完成"),
        (State.ASSIGNED, State.RECTIFYING),
        State.RECTIFIED,
        (Actor.RESPONSIBLE,),
    ),
    _T("recheck_pass", _("复查合格"), (State.RECTIFIED,), State.CLOSED, (Actor.CHECKER,)),
    _T("recheck_fail", _("复查不合格"), (State.RECTIFIED,), State.RECTIFYING, (Actor.CHECKER,)),
)
