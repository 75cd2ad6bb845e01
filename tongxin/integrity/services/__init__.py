"""Every write of the integrity area, one function per action (a module per part):
reports.py (making and handling a report), reveal.py (who reported, with a second
inspector's approval, and the read log), sweep.py (telling inspectors, escalation)."""

from .disclosure import (
    comment_answer,
    comment_moderate,
    comment_post,
    disclosure_publish,
    disclosure_read,
)
from .procurement import (
    check_add,
    document_add,
    opinion_record,
    outcome_record,
    procurement_create,
)
from .reports import (
    REFUSALS,
    Conflict,
    report_accept,
    report_answer,
    report_ask,
    report_conclude,
    report_decline,
    report_flow,
    report_note,
    report_submit,
    report_verify,
)
from .reveal import log_read, reporter_of, reveal_decide, reveal_request
from .sweep import sweep

__all__ = [
    "check_add",
    "document_add",
    "opinion_record",
    "outcome_record",
    "procurement_create",
    "comment_answer",
    "comment_moderate",
    "comment_post",
    "disclosure_publish",
    "disclosure_read",
    "REFUSALS",
    "Conflict",
    "log_read",
    "report_accept",
    "report_answer",
    "report_ask",
    "report_conclude",
    "report_decline",
    "report_flow",
    "report_note",
    "report_submit",
    "report_verify",
    "reporter_of",
    "reveal_decide",
    "reveal_request",
    "sweep",
]
