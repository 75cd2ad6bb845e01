"""Who made a named report: sealed, shown to the inspector who asked only once a second
inspector approved, with the reason; every such showing and every read of a report is
logged (ReportRead), and the reporter sees on their report that it was revealed."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.access import OutOfScope
from tongxin.core.timeline import Conflict, Visibility
from tongxin.people.models import Person

from ..access import actor_kinds, reports_visible_to
from ..models import Report, ReportRead, Reveal, RevealState
from ..workflow import Actor
from .reports import report_flow


def log_read(*, reader, report: Report, identity: bool = False) -> None:
    ReportRead.objects.create(report=report, reader=reader, identity=identity)


def reveal_request(*, actor, report_id: int, reason: str) -> Reveal:
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ValidationError({"reason": _("请写明查看举报人身份的理由（至少 4 个字）。")})
    with transaction.atomic():
        report = report_flow.lock(report_id)
        if Actor.INSPECTOR not in actor_kinds(actor, report):
            raise OutOfScope()
        if report.is_anonymous:
            raise PermissionDenied(_("匿名举报没有可查看的身份。"))
        if report.reveals.filter(requested_by=actor, state=RevealState.PENDING).exists():
            raise Conflict(_("您已申请过，正在等待另一位纪检监察人员批准。"))
        reveal = Reveal.objects.create(report=report, requested_by=actor, reason=reason[:500])
        report_flow.write_event(
            report,
            action="reveal_request",
            actor=actor,
            note=reason[:500],
            visibility=Visibility.INTERNAL,
            role="inspector",
        )
        audit.record(action="integrity.reveal.request", actor=actor, obj=report)
    return reveal


def reveal_decide(*, actor, reveal_id: int, approve: bool) -> Reveal:
    """A second inspector (never the one who asked) approves or refuses."""
    with transaction.atomic():
        reveal = (
            Reveal.objects.select_for_update()
            .filter(report__in=reports_visible_to(actor))
            .filter(pk=reveal_id)
            .first()
        )
        if reveal is None:
            raise OutOfScope()
        report = report_flow.lock(reveal.report_id)
        if Actor.INSPECTOR not in actor_kinds(actor, report):
            raise OutOfScope()
        if reveal.requested_by_id == actor.pk:
            raise PermissionDenied(_("查看举报人身份须由另一位纪检监察人员批准，不能自己批准。"))
        if reveal.state != RevealState.PENDING:
            raise Conflict(_("这项申请已经处理过了。"))
        reveal.state = RevealState.APPROVED if approve else RevealState.REFUSED
        reveal.decided_by = actor
        reveal.decided_at = timezone.now()
        reveal.save(update_fields=["state", "decided_by", "decided_at"])
        action = "reveal_approve" if approve else "reveal_refuse"
        report_flow.write_event(
            report,
            action=action,
            actor=actor,
            note=reveal.reason,
            visibility=Visibility.INTERNAL,
            role="inspector",
        )
        audit.record(action=f"integrity.{action}", actor=actor, obj=report)
    return reveal


def reporter_of(*, actor, report: Report) -> Person | None:
    """The reporter, for the inspector whose request was approved (logged each time)."""
    if report.is_anonymous or not report.reporter_sealed:
        return None
    approved = report.reveals.filter(requested_by=actor, state=RevealState.APPROVED).exists()
    if not approved:
        return None
    person = Person.objects.filter(pk=int(report.reporter_sealed)).select_related("unit").first()
    log_read(reader=actor, report=report, identity=True)
    return person
