"""Safety hazards (SPEC §4, §12) over the API: the phone pages' actions, and detections
from the video patrol.

At the work place: today's inspections with their checklists (`GET /hazards/today`),
recording one with every item marked (`POST /hazards/inspections`), reporting a hazard
seen on the way (`POST /hazards`), what waits on me (`GET /hazards/mine`), one hazard
with its timeline (`GET /hazards/{id}`), and the steps of its life: start, rectify
(with evidence photos), re-check by someone other than the rectifier; assign for the
unit's managers. For the video patrol (SPEC §12): `POST /hazards/detections` creates a
hazard awaiting a patrol, which confirms or dismisses it.

Who may see a hazard is `hazards.access.hazards_visible_to`; any other id is a 404,
exactly like one that does not exist. Who may act is the lifecycle table
(`hazards.workflow`) checked by the services.

Every step takes the hazard's `version` as last read (`GET /hazards/{id}`). Two people
acting on the same version never both succeed: the second gets 409 with the state the
hazard is in now. An inspection already done this period by someone else is a 409 too.

Bodies are JSON, except where pictures travel: rectifying (`multipart/form-data` with
the evidence photos in `photos`) and detections (`multipart/form-data` with the frame in
`photo`). Photos of hazards found during an inspection or reported on the way are taken
on the phone page (/hazards/), which uploads them with the form; the JSON endpoints take
no pictures. Pictures are checked by content, not by name: only real images, up to
PHOTO_MAX_UPLOAD_MB each and PHOTO_MAX_COUNT at a time, re-encoded without their
metadata (`core.images`); anything else is a 422 with the Chinese reason.

Detections take an API token only (`Authorization: Bearer tx_…`), never a session: the
token of an integration account holding a manager role (部门负责人, 班子成员 or 系统管理员)
over the unit the camera watches.

Errors: a service's `ValidationError` is 422 `{"detail", "errors"}` with its Chinese
messages; a hazard, plan or unit outside the caller's reach is 404; a hazard the caller
may see but not act on in this way (the rectifier re-checking their own work, a worker
assigning) is 403 with the reason; `services.Conflict` is 409.
"""

from __future__ import annotations

from ninja import Router

from . import detections, hazards, inspections

router = Router(tags=["隐患排查"])
router.add_router("", inspections.router)
# Before hazards: its /hazards/{hazard_id} would take "detections" for an id.
router.add_router("", detections.router)
router.add_router("", hazards.router)
