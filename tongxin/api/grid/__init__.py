"""The grid (SPEC §2) over the API: what a grid member does on the phone pages.

The people I cover with my last visit to each (`GET /grid/covered`), my tasks of a
month (`GET /grid/tasks?month=2026-03`; this month by default, with tasks still open
from earlier months), one task (`GET /grid/tasks/{id}`), completing it with a note
(`POST /grid/tasks/{id}/complete`), logging a talk or visit (`POST /grid/visits`, which
completes the task it answers and opens its follow-up: a care service item, a
worker-voice case or a line on the branch's problem list), my visits
(`GET /grid/visits`), and recording a life event of the five musts
(`POST /grid/events`: for a covered worker, or with no `person` for oneself), which
opens a talk or visit task for the covering member.

Scope: a task is visible to its owner and to those who run or read its branch; a
person is within reach of a grid member who covers them (or is above them in the
network) or of a branch manager whose office covers their unit. Anything else is a
404, exactly like an id that does not exist. A task the caller may see but not complete
(a secretary completing a member's task) is 403 with the reason.

Completing takes the task's `version` as last read: two completions of the same
version never both succeed; the second, and any completion of a task already done, is
409 with a Chinese message. Bodies are JSON, except completing a task, which is
multipart/form-data so that photos can go with it.

Errors: a service's `ValidationError` is 422 `{"detail", "errors"}` with its Chinese
messages; out of scope 404; not yours to do 403; `Conflict` 409.
"""

from __future__ import annotations

from ninja import Router

from . import covered, events, tasks, visits

router = Router(tags=["网格化管理"])
router.add_router("", covered.router)
router.add_router("", tasks.router)
router.add_router("", visits.router)
router.add_router("", events.router)
