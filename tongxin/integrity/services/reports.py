"""Making a report and handling it on the shared runner (core.timeline).

Nothing here writes who a reporter is anywhere but the sealed column: the reporter's
own steps (the report, an answer) are written with no actor on the timeline and only
counted in the audit log, and nobody is notified of them now (sweep.py tells the
inspectors at the next hour, together with the hour's other reports).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core import audit
from tongxin.core.access import OutOfScope
from tongxin.core.anonymous.ids import is_block_id, new_block_id, next_in_block
from tongxin.core.anonymous.pages import anonymous_units
from tongxin.core.anonymous.receipts import new_receipt, receipt_hash
from tongxin.core.anonymous.times import hour_now, writer_time
from tongxin.core.images import clean_photos
from tongxin.core.timeline import Conflict, Visibility, Workflow
from tongxin.core.workdays import add_workdays

from ..access import actor_kinds, handling_path, reporter_key
from ..models import Category, Report, ReportAttachment, ReportEvent, State
from ..workflow import TRANSITIONS, Actor

REFUSALS = (ValidationError, PermissionDenied, Conflict)
REPORTER_LABEL = gettext_lazy("举报人")
# What the reporter does: kept to the hour on an anonymous report.
WRITER_ACTIONS = frozenset({"submit", "answer"})


def _now(report: Report, action: str):
    if report.is_anonymous and action in WRITER_ACTIONS:
        if report.pk is None or action == "submit":
            return hour_now()
        return writer_time(ReportEvent.objects.filter(report=report).aggregate(m=Max("at"))["m"])
    return timezone.now()


def _event_pk(report: Report):
    return next_in_block(ReportEvent, report.pk) if is_block_id(report.pk) else None


report_flow = Workflow(
    model=Report,
    transitions=TRANSITIONS,
    event_model=ReportEvent,
    event_fk="report",
    capacities=actor_kinds,
    noun=gettext_lazy("这件举报"),
    audit_prefix="integrity.report",
    # A stranger learns nothing of a report, not even that it exists.
    refusal=OutOfScope,
    now=_now,
    event_pk=_event_pk,
)


def _text(value: str, field: str, *, minimum: int, maximum: int, what: str) -> str:
    value = (value or "").strip()
    if len(value) < minimum:
        raise ValidationError(
            {field: _("请填写%(what)s（至少 %(n)s 个字）。") % {"what": what, "n": minimum}}
        )
    if len(value) > maximum:
        raise ValidationError(
            {field: _("%(what)s不能超过 %(n)s 个字。") % {"what": what, "n": maximum}}
        )
    return value


def _save_photos(report: Report, photos) -> None:
    for photo in photos:
        ReportAttachment.objects.create(
            pk=next_in_block(ReportAttachment, report.pk) if is_block_id(report.pk) else None,
            report=report,
            data=photo.read(),
        )


def report_submit(
    *,
    reporter,
    anonymous: bool,
    unit,
    about_leadership: bool,
    category: str,
    subject: str,
    content: str,
    photos=(),
) -> tuple[Report, str]:
    """A new report; returns it and, for an anonymous one, the receipt shown once."""
    errors: dict[str, list[str]] = {}
    cleaned = {}
    for field, what, lo, hi, value in (
        ("subject", _("被反映人或部门"), 2, 100, subject),
        ("content", _("反映的问题"), 10, 5000, content),
    ):
        try:
            cleaned[field] = _text(value, field, minimum=lo, maximum=hi, what=what)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if category not in Category.values:
        errors["category"] = [_("请选择问题类别。")]
    if unit is None or not anonymous_units().filter(pk=unit.pk).exists():
        errors["organisation"] = [_("请选择所涉单位（矿、区队或科室）。")]
    if not anonymous and not getattr(reporter, "is_authenticated", False):
        errors["general"] = [_("实名举报请先登录；不登录可以匿名举报。")]
    try:
        cleaned_photos = clean_photos(photos)
    except ValidationError as exc:
        errors.setdefault("photos", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    receipt = new_receipt() if anonymous else ""
    today = timezone.localdate()
    with transaction.atomic():
        report = Report(
            unit=unit,
            org_path=unit.path,
            about_leadership=bool(about_leadership),
            handler_path=handling_path(unit, about_leadership=bool(about_leadership)),
            category=category,
            subject=cleaned["subject"],
            content=cleaned["content"],
            is_anonymous=anonymous,
            ack_due=add_workdays(today, settings.INTEGRITY_ACK_WORKDAYS),
        )
        if anonymous:
            report.pk = new_block_id()
            report.receipt_hash = receipt_hash(receipt)
            report.created_at = hour_now()
        else:
            report.reporter_sealed = str(reporter.pk)
            report.reporter_key = reporter_key(reporter)
        report.save(force_insert=True)
        _save_photos(report, cleaned_photos)
        report_flow.write_event(
            report,
            action="submit",
            actor=None,
            to_state=report.state,
            label=str(REPORTER_LABEL),
            role=Actor.REPORTER.value,
        )
        # Counted, never a row: a row with its time would sit beside the sign-in.
        audit.count_anonymous(action="integrity.report.submit")
    return report, receipt


def report_accept(*, actor, report_id: int, version: int | None, note: str = "") -> Report:
    def apply(report):
        report.conclude_due = add_workdays(
            timezone.localdate(), settings.INTEGRITY_CONCLUDE_WORKDAYS
        )
        return ["conclude_due"]

    return report_flow.run(
        pk=report_id, name="accept", actor=actor, version=version, apply=apply, note=note.strip()
    )


def report_decline(*, actor, report_id: int, version: int | None, reason: str) -> Report:
    reason = _text(reason, "reason", minimum=4, maximum=1000, what=_("不予受理的理由"))

    def apply(report):
        report.decision = reason
        report.concluded_at = timezone.now()
        return ["decision", "concluded_at"]

    return report_flow.run(
        pk=report_id, name="decline", actor=actor, version=version, apply=apply, note=reason
    )


def report_verify(*, actor, report_id: int, version: int | None, note: str = "") -> Report:
    return report_flow.run(
        pk=report_id, name="verify", actor=actor, version=version, note=(note or "").strip()
    )


def report_conclude(*, actor, report_id: int, version: int | None, outcome: str) -> Report:
    outcome = _text(outcome, "outcome", minimum=4, maximum=2000, what=_("办理结果"))

    def apply(report):
        report.outcome = outcome
        report.concluded_at = timezone.now()
        report.question_open = False
        return ["outcome", "concluded_at", "question_open"]

    return report_flow.run(
        pk=report_id, name="conclude", actor=actor, version=version, apply=apply, note=outcome
    )


def report_ask(*, actor, report_id: int, version: int | None, question: str) -> Report:
    """The inspector asks the reporter (who reads it when following the report)."""
    question = _text(question, "question", minimum=2, maximum=1000, what=_("问题"))

    def apply(report):
        report.question_open = True
        return ["question_open"]

    return report_flow.run(
        pk=report_id,
        name="ask",
        actor=actor,
        version=version,
        apply=apply,
        note=question,
        to_state=lambda report: report.state,
    )


def report_answer(*, report_id: int, text: str, reporter_ok: bool, photos=()) -> Report:
    """The reporter answers (or adds to) their report, by account or receipt: written
    with no actor, as 举报人."""
    text = _text(text, "text", minimum=2, maximum=2000, what=_("答复内容"))
    cleaned = clean_photos(photos)
    with transaction.atomic():
        report, transition = report_flow.begin(
            pk=report_id, name="answer", actor=None, reporter_ok=reporter_ok
        )
        report.question_open = False
        _save_photos(report, cleaned)
        report_flow.finish(
            report,
            transition,
            actor=None,
            fields=["question_open"],
            to_state=report.state,
            note=text,
            label=str(REPORTER_LABEL),
            role=Actor.REPORTER.value,
        )
    return report


NOTE_KINDS = {"false": "note_false", "retaliation": "note_retaliation"}


def report_note(*, actor, report_id: int, kind: str, note: str) -> Report:
    """A false-report or retaliation concern on the case (inspectors only)."""
    if kind not in NOTE_KINDS:
        raise ValidationError({"kind": _("请选择记录类型。")})
    note = _text(note, "note", minimum=4, maximum=1000, what=_("记录内容"))
    with transaction.atomic():
        report = report_flow.lock(report_id)
        if Actor.INSPECTOR not in actor_kinds(actor, report):
            raise OutOfScope()
        report_flow.write_event(
            report,
            action=NOTE_KINDS[kind],
            actor=actor,
            note=note,
            visibility=Visibility.INTERNAL,
            role="inspector",
        )
        audit.record(action=f"integrity.report.{NOTE_KINDS[kind]}", actor=actor, obj=report)
    return report


__all__ = ["REFUSALS", "Conflict", "State"]
