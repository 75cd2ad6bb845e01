"""Background work for the people app: checking and applying large rosters.

The tasks are thin: they load the import by id and call the service in roster/services.py.
They are queued with transaction.on_commit by those services, so a worker never looks
for an import whose row has not been committed yet.
"""

from __future__ import annotations

from huey.contrib.djhuey import HUEY, db_task

from .models import Person, RosterImport
from .roster import roster_apply, roster_check


def _progress_key(import_id: int) -> str:
    return f"people.roster.applied_rows.{import_id}"


def publish_applied_rows(import_id: int, rows: int) -> None:
    """Applying is one long transaction, so its progress cannot go through the database
    (the page would not see it before the commit, and SQLite has one writer); it goes
    through the queue's own store, which the web workers can read."""
    HUEY.put(_progress_key(import_id), rows)


def applied_rows(import_id: int) -> int:
    return HUEY.get(_progress_key(import_id), peek=True) or 0


# retries=0: a check or an apply that failed has already recorded why on the import;
# running it again would only repeat that. The tasks return nothing, so that the queue
# keeps no result for them; the import row is the result.
@db_task(retries=0)
def check_roster_import(import_id: int) -> None:
    roster_import = RosterImport.objects.filter(pk=import_id).first()
    if roster_import is not None:
        roster_check(roster_import=roster_import)


@db_task(retries=0)
def apply_roster_import(import_id: int, actor_id: int) -> None:
    roster_import = RosterImport.objects.filter(pk=import_id).select_related("scope_unit").first()
    actor = Person.objects.filter(pk=actor_id).first()
    if roster_import is None or actor is None:
        return
    try:
        roster_apply(
            roster_import=roster_import,
            actor=actor,
            on_progress=lambda rows: publish_applied_rows(import_id, rows),
        )
    finally:
        HUEY.delete(_progress_key(import_id))
