"""Reads for the pages: which imports an administrator may see, progress."""

from __future__ import annotations

from django.db.models import QuerySet

from tongxin.core.access import fetch

from ..models import ImportStatus, Organisation, OrgKind, Person, Role, RosterImport, Tree
from ..scoping import reach_of

RUNNING = (ImportStatus.PENDING, ImportStatus.CHECKING, ImportStatus.APPLYING)


def imports_visible_to(viewer: Person) -> QuerySet[RosterImport]:
    """Imports into units the viewer administers."""
    reach = reach_of(viewer, {Role.ADMIN})
    return RosterImport.objects.filter(reach.q("scope_unit__path"))


def import_for_admin(viewer: Person, pk: int) -> RosterImport:
    return fetch(imports_visible_to(viewer).select_related("uploaded_by", "scope_unit"), pk=pk)


def scope_choices(viewer: Person) -> QuerySet[Organisation]:
    """Units the viewer may import into; crews are too small to be a roster's scope."""
    reach = reach_of(viewer, {Role.ADMIN})
    return (
        Organisation.objects.filter(reach.q("path"), tree=Tree.UNIT, is_active=True)
        .exclude(kind=OrgKind.CREW)
        .order_by("path")
    )


def progress_of(roster_import: RosterImport) -> tuple[int, int, int]:
    """(rows done, rows in all, percent) for the progress bar."""
    done = roster_import.processed_rows
    if roster_import.status == ImportStatus.APPLYING:
        # Applying runs in one transaction, invisible to the page until it commits; the
        # worker publishes its count through the task queue's store instead.
        from ..tasks import applied_rows

        done = applied_rows(roster_import.pk)
    total = max(roster_import.total_rows, 1)
    return done, roster_import.total_rows, min(100, done * 100 // total)
