"""The spine every area's records move along: the event row (`TimelineEvent`), the
transition table (`Transition`) and the one runner (`Workflow`). See runner.py for the
order of a step; `core/_timeline.html` renders any record's events."""

from tongxin.core.workflow import SYSTEM_LABEL, Conflict, actor_label

from .models import TimelineEvent, TimelineQuerySet, Visibility
from .runner import SYSTEM_ROLE, Transition, Workflow, table

__all__ = [
    "SYSTEM_LABEL",
    "SYSTEM_ROLE",
    "Conflict",
    "TimelineEvent",
    "TimelineQuerySet",
    "Transition",
    "Visibility",
    "Workflow",
    "actor_label",
    "table",
]
