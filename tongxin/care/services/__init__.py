"""Every write of care (SPEC §5). Views, tasks, the API and the grid's visits call only these.

needs.py        surveys; needs collected, declined, turned into service items
items.py        service items: direct, from a grid visit, completed, cancelled, reassigned
hardship.py     hardship files and their yearly review; assistance; the review reminder
counselling.py  counsellors' slots, bookings, the counsellor's note
"""

from .base import Conflict
from .counselling import (
    SlotSpec,
    booking_cancel,
    booking_make,
    note_write,
    slot_cancel,
    slot_publish,
)
from .hardship import assistance_record, file_open, file_review, send_review_reminders
from .items import item_cancel, item_complete, item_create, item_from_visit, item_reassign
from .needs import need_collect, need_decline, need_to_item, survey_open

__all__ = [
    "Conflict",
    "SlotSpec",
    "assistance_record",
    "booking_cancel",
    "booking_make",
    "file_open",
    "file_review",
    "item_cancel",
    "item_complete",
    "item_create",
    "item_from_visit",
    "item_reassign",
    "need_collect",
    "need_decline",
    "need_to_item",
    "note_write",
    "send_review_reminders",
    "slot_cancel",
    "slot_publish",
    "survey_open",
]
