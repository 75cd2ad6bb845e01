"""Every write of the worker-voice area. Views, tasks and the API call only these."""

from tongxin.core.timeline import Conflict

from .escalation import sweep
from .handling import (
    case_accept,
    case_assign,
    case_assign_bulk,
    case_decline,
    case_handle,
    case_merge,
    case_note,
    case_rate,
    case_reopen,
    case_reply,
    case_request_info,
    default_deadline,
    milestone_add,
    milestone_done,
    proposal_adopt,
)
from .intake import (
    anonymous_notice,
    case_open,
    case_submit,
    case_supplement,
    congress_cosign,
    congress_submit,
    forum_record,
)

__all__ = [
    "Conflict",
    "anonymous_notice",
    "case_accept",
    "case_assign",
    "case_assign_bulk",
    "case_decline",
    "case_handle",
    "case_merge",
    "case_note",
    "case_open",
    "case_rate",
    "case_reopen",
    "case_reply",
    "case_request_info",
    "case_submit",
    "case_supplement",
    "congress_cosign",
    "congress_submit",
    "default_deadline",
    "forum_record",
    "milestone_add",
    "milestone_done",
    "proposal_adopt",
    "sweep",
]
