"""Worker voice (SPEC §3) over the API: submit a matter, follow my cases, and the
anonymous suggestion box (意见箱) followed by its receipt code.

Named endpoints take a session or an API token like every other endpoint. The owner
of a case (its submitter, or the officer who entered it on workers' behalf) reads it
with its public timeline — internal notes never appear — and rates or reopens the
reply. Anyone else's case is a 404, exactly like one that does not exist.

Anonymous endpoints (`/voice/anonymous…`) take no authentication at all and never look
at who may be signed in: the service is called with no person, so the case stores no
account, no address and no device data. The receipt code travels only in request
bodies, never in a URL, so it cannot land in an access log. Anonymous submissions and
every receipt look-up are rate-limited by `core.anonymous.ratelimit` (a keyed hash of the
address that expires with the window; the address itself is never stored): over the
limit the answer is 429 with a Chinese message and `Retry-After`.

Bodies are JSON only. Photos are added on the web page (multipart forms with the
upload checks of `core.images`); the API neither takes nor returns them.

Errors: a service's `ValidationError` is 422 `{"detail", "errors"}` with its Chinese
messages; someone else's case is a 404 (never say what exists), and a step the owner
may not take is 403 with the reason (api/refusals.py); `services.Conflict`
(someone acted first, or the step is not open in the case's state) is 409.
"""

from __future__ import annotations

from ninja import Router

from . import anonymous, cases

router = Router(tags=["职工诉求"])
router.add_router("", cases.router)
router.add_router("", anonymous.router)
