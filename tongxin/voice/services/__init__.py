"""Every write of the worker-voice area. Views, tasks and the API call only these.

A module per stage of a case: intake (submitting, entering, congress motions), triage
(accept, decline, merge), assignment (to a department), handling (asking for more,
handling, replying, the owner's rating or reopening, notes), proposals (adoption and
milestones), escalation (the deadline sweep); base.py holds the workflow and whom each
step tells."""

from tongxin.core.timeline import Conflict

from .assignment import case_assign, case_assign_bulk, default_deadline
from .escalation import sweep
from .handling import (
    case_handle,
    case_note,
    case_rate,
    case_reopen,
    case_reply,
    case_request_info,
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
from .proposals import milestone_add, milestone_done, proposal_adopt
from .triage import case_accept, case_decline, case_merge

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
