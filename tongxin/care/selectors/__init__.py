"""Reads of care, scoped through access.py; every list filtered in the database and its
query count flat however many rows there are.

Counselling notes have exactly one reader, `counselling.note_for_counsellor`: nothing
else in the codebase reads a note's text.

A module per subject, as in `services/`: needs.py, items.py (the ledger), hardship.py
(files, reviews, assistance and its totals), counselling.py; common.py holds what they
share. Every reader is importable from here.
"""

from .common import units_for
from .counselling import (
    booking_filters,
    booking_for_counsellor,
    counsellor_bookings,
    counsellor_slots,
    free_slots,
    my_bookings,
    note_for_counsellor,
)
from .hardship import (
    FileFilter,
    assistance_by_year,
    assistance_list,
    assistance_totals,
    file_counts,
    file_reviews,
    hardship_files,
    person_assistance,
    review_horizon,
)
from .items import LedgerFilter, items_for_person, items_owned, ledger, ledger_counts
from .needs import NeedFilter, my_needs, need_counts, needs_list, surveys_list

__all__ = [
    "FileFilter",
    "LedgerFilter",
    "NeedFilter",
    "assistance_by_year",
    "assistance_list",
    "assistance_totals",
    "booking_for_counsellor",
    "booking_filters",
    "counsellor_bookings",
    "counsellor_slots",
    "file_counts",
    "file_reviews",
    "free_slots",
    "hardship_files",
    "items_for_person",
    "items_owned",
    "ledger",
    "ledger_counts",
    "my_bookings",
    "my_needs",
    "need_counts",
    "needs_list",
    "note_for_counsellor",
    "person_assistance",
    "review_horizon",
    "surveys_list",
    "units_for",
]
