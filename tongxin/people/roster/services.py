"""Services: upload, check, confirm, apply, cancel; each a status transition claimed
with a conditional update, so two workers or two clicks never do the work twice.
"""

from __future__ import annotations

import io
import logging
import os
import uuid
from collections.abc import Callable
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit

from ..models import ImportStatus, Organisation, Person, Role, RosterImport, Tree
from ..scoping import reach_of
from .engine import Outcome, run
from .reading import EXTENSIONS, RosterFileError, open_table, sniff

logger = logging.getLogger(__name__)


def _require_admin_of(actor: Person, unit: Organisation) -> None:
    if not reach_of(actor, {Role.ADMIN}).covers(unit):
        raise ValidationError(
            _("您不是“%(unit)s”的系统管理员，不能导入该单位的花名册。") % {"unit": unit.name}
        )


@contextmanager
def _source(roster_import: RosterImport):
    """The stored file as a path where storage has one, otherwise its bytes."""
    try:
        path = roster_import.file.path
    except NotImplementedError:  # storage without local files
        with roster_import.file.open("rb") as fh:
            data = io.BytesIO(fh.read())
        yield data
    else:
        yield path


def _kind(roster_import: RosterImport) -> str:
    return EXTENSIONS[os.path.splitext(roster_import.file.name)[1].lower()]


@transaction.atomic
def roster_upload(
    *, actor: Person, scope_unit: Organisation, file: File, name: str
) -> RosterImport:
    """Keep an uploaded roster (a Django File) for checking; type, encoding, header checked here."""
    _require_admin_of(actor, scope_unit)
    if scope_unit.tree != Tree.UNIT:
        raise ValidationError(_("导入范围必须是行政单位。"))
    if file.size is not None and file.size > settings.ROSTER_MAX_UPLOAD_MB * 1024 * 1024:
        raise RosterFileError(
            _("文件超过%(mb)d MB的上限，请拆分后再上传。") % {"mb": settings.ROSTER_MAX_UPLOAD_MB}
        )
    kind = sniff(file, name)
    with open_table(file, kind) as table:
        estimate = table.estimate
    roster_import = RosterImport(
        uploaded_by=actor,
        scope_unit=scope_unit,
        original_name=os.path.basename(name)[:200],
        total_rows=estimate,
    )
    file.seek(0)
    # A random stored name: the original (often Chinese, with spaces) is kept for display.
    roster_import.file.save(f"{uuid.uuid4().hex}.{kind}", file, save=False)
    roster_import.save()
    audit.record(
        action="people.roster.uploaded",
        actor=actor,
        obj=roster_import,
        after={"file": roster_import.original_name, "scope_unit": scope_unit.pk, "rows": estimate},
    )
    return roster_import


def roster_start_check(*, roster_import: RosterImport, background: bool | None = None) -> None:
    """Check now, or in the task worker when the file is large (ROSTER_BACKGROUND_ROWS)."""
    if background is None:
        background = roster_import.total_rows > settings.ROSTER_BACKGROUND_ROWS
    if background:
        from ..tasks import check_roster_import

        transaction.on_commit(lambda: check_roster_import(roster_import.pk))
    else:
        roster_check(roster_import=roster_import)


def roster_check(*, roster_import: RosterImport) -> RosterImport:
    """PENDING → CHECKING → READY (every row good) or INVALID; the preview's figures."""
    pk = roster_import.pk
    claimed = RosterImport.objects.filter(pk=pk, status=ImportStatus.PENDING).update(
        status=ImportStatus.CHECKING, processed_rows=0
    )
    if not claimed:
        roster_import.refresh_from_db()
        return roster_import

    def saved(rows: int) -> None:
        # Outside any transaction, so the page polling this import sees it move.
        RosterImport.objects.filter(pk=pk, status=ImportStatus.CHECKING).update(processed_rows=rows)

    status = ImportStatus.READY
    try:
        with _source(roster_import) as source, open_table(source, _kind(roster_import)) as table:
            outcome = run(
                table,
                scope_unit=roster_import.scope_unit,
                actor=roster_import.uploaded_by,
                on_progress=saved,
            )
        if outcome.error_rows:
            status = ImportStatus.INVALID
        elif not outcome.rows:
            status, outcome = ImportStatus.INVALID, Outcome.failed(_("文件中没有数据行。"))
    except RosterFileError as exc:
        status, outcome = ImportStatus.INVALID, Outcome.failed(exc.messages[0])
    except Exception:
        logger.exception("roster import %s: check failed", pk)
        status = ImportStatus.FAILED
        outcome = Outcome.failed(_("检查时发生意外错误，没有导入任何数据。请联系系统维护人员。"))
    RosterImport.objects.filter(pk=pk, status=ImportStatus.CHECKING).update(
        status=status,
        errors=outcome.errors,
        summary=outcome.summary(),
        total_rows=outcome.rows,
        processed_rows=outcome.rows,
        finished_at=None if status == ImportStatus.READY else timezone.now(),
    )
    roster_import.refresh_from_db()
    return roster_import


def roster_confirm(
    *, actor: Person, roster_import: RosterImport, background: bool | None = None
) -> RosterImport:
    """READY → APPLYING, then apply now or in the task worker when the file is large."""
    _require_admin_of(actor, roster_import.scope_unit)
    with transaction.atomic():
        claimed = RosterImport.objects.filter(
            pk=roster_import.pk, status=ImportStatus.READY
        ).update(status=ImportStatus.APPLYING, processed_rows=0)
        if not claimed:
            raise ValidationError(_("这份花名册不在待确认状态，不能导入。"))
        audit.record(action="people.roster.confirmed", actor=actor, obj=roster_import)
        roster_import.refresh_from_db()
        if background is None:
            background = roster_import.total_rows > settings.ROSTER_BACKGROUND_ROWS
        if background:
            from ..tasks import apply_roster_import

            pk, actor_pk = roster_import.pk, actor.pk
            transaction.on_commit(lambda: apply_roster_import(pk, actor_pk))
            return roster_import
    return roster_apply(roster_import=roster_import, actor=actor)


class _RollBack(Exception):
    def __init__(self, outcome: Outcome):
        self.outcome = outcome


def roster_apply(
    *,
    roster_import: RosterImport,
    actor: Person,
    on_progress: Callable[[int], None] | None = None,
) -> RosterImport:
    """APPLYING → APPLIED, all rows in one transaction; or INVALID/FAILED with nothing written."""
    pk = roster_import.pk
    if roster_import.status != ImportStatus.APPLYING:
        raise ValidationError(_("这份花名册不在导入状态。"))
    note = _("花名册导入 #%(pk)d：%(file)s") % {"pk": pk, "file": roster_import.original_name}
    try:
        with transaction.atomic():
            _require_admin_of(actor, roster_import.scope_unit)
            with _source(roster_import) as source, open_table(source, _kind(roster_import)) as t:
                outcome = run(
                    t,
                    scope_unit=roster_import.scope_unit,
                    actor=actor,
                    write=True,
                    on_progress=on_progress,
                    note=note,
                )
            if outcome.error_rows:
                raise _RollBack(outcome)
            RosterImport.objects.filter(pk=pk, status=ImportStatus.APPLYING).update(
                status=ImportStatus.APPLIED,
                summary=outcome.summary(),
                errors=[],
                total_rows=outcome.rows,
                processed_rows=outcome.rows,
                finished_at=timezone.now(),
            )
            audit.record(
                action="people.roster.applied",
                actor=actor,
                obj=roster_import,
                after={k: getattr(outcome, k) for k in ("rows", "create", "update", "unchanged")},
            )
    except _RollBack as rollback:
        # The roster changed meaning since the preview (someone else's change): report.
        _finish(pk, ImportStatus.INVALID, rollback.outcome)
    except (RosterFileError, ValidationError) as exc:
        _finish(pk, ImportStatus.INVALID, Outcome.failed(exc.messages[0]))
    except Exception:
        logger.exception("roster import %s: apply failed", pk)
        _finish(
            pk,
            ImportStatus.FAILED,
            Outcome.failed(
                _("导入时发生意外错误，没有写入任何数据。请稍后重新上传，或联系系统维护人员。")
            ),
        )
    roster_import.refresh_from_db()
    return roster_import


def _finish(pk: int, status: str, outcome: Outcome) -> None:
    RosterImport.objects.filter(pk=pk, status=ImportStatus.APPLYING).update(
        status=status,
        errors=outcome.errors,
        summary=outcome.summary(),
        finished_at=timezone.now(),
    )


@transaction.atomic
def roster_cancel(*, actor: Person, roster_import: RosterImport) -> RosterImport:
    """A checked roster the administrator decides not to apply."""
    _require_admin_of(actor, roster_import.scope_unit)
    cancelled = RosterImport.objects.filter(pk=roster_import.pk, status=ImportStatus.READY).update(
        status=ImportStatus.CANCELLED, finished_at=timezone.now()
    )
    if not cancelled:
        raise ValidationError(_("只有待确认的花名册可以取消。"))
    audit.record(action="people.roster.cancelled", actor=actor, obj=roster_import)
    roster_import.refresh_from_db()
    return roster_import
