"""Learning and Party organisational life (SPEC §6) over the API, one module per
resource, all under /api/learning/.

    points.py   my points today against each rule's cap (`GET /learning/points`)
    contests.py my contests, start, answer, submit, review (`/learning/contests/...`)
    meetings.py 三会一课: my meetings, one meeting, QR check-in, leave
    library.py  the study library: materials (search), one material, its heartbeat,
                my study summary (`/learning/materials`, `/learning/study`)

Errors as in every area: a service's `ValidationError` is 422 with its Chinese
messages; anything outside the caller's reach is 404; someone acting first is 409.
"""

from __future__ import annotations

from ninja import Router

from . import contests, library, meetings, points

router = Router(tags=["学习与组织生活"])
router.add_router("", points.router)
router.add_router("", contests.router)
router.add_router("", meetings.router)
router.add_router("", library.router)
