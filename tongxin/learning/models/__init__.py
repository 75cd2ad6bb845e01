"""Learning and Party organisational life (SPEC §6): one app, one models module per part.

points.py     study points: the rules with their daily caps, each person's day
              totals (the cap's lock row) and every point as an event with its source
contests.py   the question bank, timed contests and their papers, the daily quiz
meetings.py   三会一课: meeting types and their cadence, meetings, agenda, attendance
"""

from .contests import (
    Contest,
    ContestEvent,
    ContestState,
    Paper,
    PaperAnswer,
    PracticeAnswer,
    PracticeDay,
    Question,
    QuestionImport,
)
from .library import (
    CourseCompletion,
    Kind,
    Material,
    MaterialState,
    Module,
    RequiredCourse,
    StudyDay,
    StudyFlag,
    Who,
)
from .meetings import (
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

__all__ = [
    "CourseCompletion",
    "Kind",
    "Material",
    "MaterialState",
    "Module",
    "RequiredCourse",
    "StudyDay",
    "StudyFlag",
    "Who",
    "AgendaItem",
    "Attendance",
    "AttendanceStatus",
    "Meeting",
    "MeetingEvent",
    "MeetingPhoto",
    "MeetingState",
    "MeetingType",
    "Contest",
    "ContestEvent",
    "ContestState",
    "Paper",
    "PaperAnswer",
    "PracticeAnswer",
    "PracticeDay",
    "Question",
    "QuestionImport",
    "PointDay",
    "PointEvent",
    "PointRule",
    "RuleState",
]
