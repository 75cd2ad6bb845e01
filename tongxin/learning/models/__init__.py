"""Learning and Party organisational life (SPEC §6): one app, one models module per part.

points.py     study points: the rules with their daily caps, each person's day
              totals (the cap's lock row) and every point as an event with its source
"""

from .meetings import (  # noqa: F401
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingEvent,
    MeetingPhoto,
    MeetingState,
    MeetingType,
)
from .points import PointDay, PointEvent, PointRule, RuleState

__all__ = ["PointDay", "PointEvent", "PointRule", "RuleState"]
