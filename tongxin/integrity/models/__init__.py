"""Integrity and democratic supervision (SPEC §10): misconduct reports (举报) that only
discipline inspectors read, with their reporters sealed; a module per part."""

from .reports import (
    Category,
    Report,
    ReportAttachment,
    ReportEvent,
    ReportRead,
    Reveal,
    RevealState,
    State,
)

__all__ = [
    "Category",
    "Report",
    "ReportAttachment",
    "ReportEvent",
    "ReportRead",
    "Reveal",
    "RevealState",
    "State",
]
