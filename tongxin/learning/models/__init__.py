"""Learning and Party organisational life (SPEC §6): one app, one models module per part.

points.py     study points: the rules with their daily caps, each person's day
              totals (the cap's lock row) and every point as an event with its source
"""

from .library import Kind, Material, MaterialState, Module, RequiredCourse, StudyDay, StudyFlag, Who  # noqa: E501
from .points import PointDay, PointEvent, PointRule, RuleState

__all__ = ["PointDay", "PointEvent", "PointRule", "RuleState"]
__all__ += [
    "Kind",
    "Material",
    "MaterialState",
    "Module",
    "RequiredCourse",
    "StudyDay",
    "StudyFlag",
    "Who",
]  # noqa: E501
