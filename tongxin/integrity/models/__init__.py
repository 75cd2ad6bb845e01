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
