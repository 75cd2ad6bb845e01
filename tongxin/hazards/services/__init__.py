"""Every write of the hazards area. Views, tasks and the API call only these."""

from tongxin.core.timeline import Conflict

from .config import category_department_add
from .escalation import sweep
from .hazard import (
    Finding,
    default_deadline,
    detection_create,
    hazard_assign,
    hazard_confirm,
    hazard_dismiss,
    hazard_recheck,
    hazard_rectify,
    hazard_report,
    hazard_start,
    union_supervise,
)
from .inspection import (
    Mark,
    checklist_publish,
    current_version,
    inspection_record,
    may_inspect,
    plan_create,
)

__all__ = [
    "Conflict",
    "Finding",
    "Mark",
    "category_department_add",
    "checklist_publish",
    "current_version",
    "default_deadline",
    "detection_create",
    "hazard_assign",
    "hazard_confirm",
    "hazard_dismiss",
    "hazard_rectify",
    "hazard_recheck",
    "hazard_report",
    "hazard_start",
    "inspection_record",
    "may_inspect",
    "plan_create",
    "sweep",
    "union_supervise",
]
