"""Who made a named report: sealed, shown to the inspector who asked only once a second
inspector approved, with the reason; every such showing and every read of a report is
logged (ReportRead), and the reporter sees on their report that it was revealed."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core import audit
from tongxin.core.access import OutOfScope
from tongxin.core.timeline import Conflict, Visibility, Workflow
from tongxin.people.models import Person

from ..access import actor_kinds, reports_visible_to
from ..models import Report, ReportRead, Reveal, RevealState
from ..workflow import REVEAL_TRANSITIONS, Actor
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


def _second_inspector(actor, reveal: Reveal, **context) -> set:
    """Any inspector of the report but the one who asked."""
    report = reveal.report
    if actor is None or reveal.requested_by_id == actor.pk:
        return set()
    return {Actor.INSPECTOR} & actor_kinds(actor, report)


def _note_on_report(reveal: Reveal, transition, event) -> None:
    """The decision on the report's own (internal) timeline, in the same transaction."""
    report_flow.write_event(
        reveal.report,
        action=f"reveal_{transition.name}",
        actor=reveal.decided_by,
        note=reveal.reason,
        visibility=Visibility.INTERNAL,
        role="inspector",
    )


reveal_flow = Workflow(
    model=Reveal,
    transitions=REVEAL_TRANSITIONS,
    capacities=_second_inspector,
    noun=gettext_lazy("这项查看身份的申请"),
    audit_prefix="integrity.reveal",
    version_field=None,
    related=("report",),
    refusal_reason=lambda actor, reveal, transition: _(
        "查看举报人身份须由另一位纪检监察人员批准，不能自己批准。"
    ),
    after_finish=(_note_on_report,),
)


def reveal_decide(*, actor, reveal_id: int, approve: bool) -> Reveal:
    """A second inspector (never the one who asked) approves or refuses."""
    if not Reveal.objects.filter(pk=reveal_id, report__in=reports_visible_to(actor)).exists():
        raise OutOfScope()

    def apply(reveal):
        reveal.decided_by = actor
        reveal.decided_at = timezone.now()
        return ["decided_by", "decided_at"]

    return reveal_flow.run(
        pk=reveal_id,
        name="approve" if approve else "refuse",
        actor=actor,
        version=None,
        apply=apply,
    )


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
