"""Care (SPEC §5) over the API: the phone pages' actions.

A worker raises their own need (`POST /care/needs`) and follows it (`GET /care/needs`);
whoever owns service items lists them (`GET /care/items`) and completes one with its
result (`POST /care/items/{item_id}/complete`). Counselling: the free slots of the
counsellors serving my unit (`GET /care/counselling/slots`), booking one
(`POST /care/counselling/bookings`), my bookings (`GET /care/counselling/bookings`) and
cancelling (`POST /care/counselling/bookings/{booking_id}/cancel`, by the person who
booked or by the counsellor).

A counselling note (`GET`/`PUT /care/counselling/bookings/{booking_id}/note`) answers
only the counsellor of that booking; for anyone else — the booked worker, another
counsellor, leadership, administrators and superusers — it is a 404, exactly like a
booking that does not exist. The note is read through `care.selectors.note_for_counsellor`
and nowhere else.

Errors: a service's `ValidationError` is 422 `{"detail", "errors"}` with its Chinese
messages; anything outside the caller's reach is 404; someone acting first (the item
changed since its `version` was read, the slot booked a moment ago) is 409.
"""

from __future__ import annotations

from ninja import Router

from . import counselling, items, needs

router = Router(tags=["职工关爱"])
router.add_router("", needs.router)
router.add_router("", items.router)
router.add_router("", counselling.router)
