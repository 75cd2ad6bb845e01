"""Integrity and democratic supervision (SPEC §10): misconduct reports (举报) that only
discipline inspectors read, with their reporters sealed; a module per part."""

from .disclosure import (
    Comment,
    CommentState,
    Disclosure,
    DisclosureCategory,
    DisclosureFile,
    DisclosureRead,
    Kind,
    Rhythm,
)
from .procurement import Procurement, ProcurementCheck, ProcurementDocument
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
    "Comment",
    "CommentState",
    "Disclosure",
    "DisclosureCategory",
    "DisclosureFile",
    "DisclosureRead",
    "Kind",
    "Procurement",
    "ProcurementCheck",
    "ProcurementDocument",
    "Rhythm",
    "Category",
    "Report",
    "ReportAttachment",
    "ReportEvent",
    "ReportRead",
    "Reveal",
    "RevealState",
    "State",
]
