"""How matters arrive: a worker's submission (named or anonymous), a congress proposal
and its co-signatures, a forum meeting's matters, a case opened by another area, and
the information a submitter adds when asked."""

from __future__ import annotations

import os
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.images import clean_photos
from tongxin.core.workdays import add_workdays, workdays_between
from tongxin.people.models import Organisation, OrgKind, Person, Role, Tree
from tongxin.people.scoping import reach_of

from .. import classify
from ..models import (
    WORKER_CHANNELS,
    Case,
    CasePhoto,
    Channel,
    CongressSession,
    Cosign,
    ForumMeeting,
    State,
)
from ..receipts import new_receipt, receipt_hash
from ..workflow import Actor
from .base import (
    ANONYMOUS_LABEL,
    case_flow,
    department_people,
    intake_officers,
    now_for,
    tell,
)

# Units an anonymous submitter may name: big enough that naming one says nothing about
# who wrote (never a crew of ten).
ANONYMOUS_UNIT_KINDS = (OrgKind.MINE, OrgKind.DISTRICT, OrgKind.DEPARTMENT, OrgKind.COMPANY)


def _clean_text(title: str, body: str) -> tuple[str, str]:
    title, body = (title or "").strip(), (body or "").strip()
    errors = {}
    if len(title) < 2:
        errors["title"] = _("请填写标题（至少 2 个字）。")
    elif len(title) > 60:
        errors["title"] = _("标题不能超过 60 个字。")
    if len(body) < 5:
        errors["body"] = _("请把事情写清楚（至少 5 个字）。")
    elif len(body) > 2000:
        errors["body"] = _("内容不能超过 2000 个字。")
    if errors:
        raise ValidationError(errors)
    return title, body


def _save_photos(case: Case, photos, event=None) -> None:
    for content in photos:
        photo = CasePhoto.objects.create(case=case, event=event, image=content)
        if case.is_anonymous:
            _coarse_file_times(photo.image, now_for(case))


def _coarse_file_times(image, moment) -> None:
    """Give an anonymous photo's file (and its folder, whose time the newest file sets)
    the case's coarse time: the file system otherwise keeps the exact second of
    submission, which the database cuts to the hour. Storage that is not a local file
    system keeps no such times to set."""
    try:
        path = image.path
    except NotImplementedError:
        return
    stamp = moment.timestamp()
    os.utime(path, (stamp, stamp))
    os.utime(os.path.dirname(path), (stamp, stamp))


# Whom a notice about what a submitter did goes to, by name (a task carries only names).
NOTICE_RECIPIENTS = {
    "intake": intake_officers,
    "handlers": lambda case: department_people(case) or intake_officers(case),
}


def _tell_about(case: Case, whom: str, title: str) -> None:
    """Tell staff about what a submitter did: at once for a named case; for an anonymous
    one at the top of the next hour, from the task worker, with the hour's other
    anonymous notices. A notice written now would take its place in the notification
    sequence (and the webhook queue) right beside what the writer did under their name
    a moment before, and so point at them."""
    if not case.is_anonymous:
        tell(NOTICE_RECIPIENTS[whom](case), case, title)
        return
    from ..tasks import tell_about_anonymous

    eta = now_for(case) + timedelta(hours=1)
    transaction.on_commit(
        lambda: tell_about_anonymous.schedule(args=(case.pk, whom, str(title)), eta=eta)
    )


@transaction.atomic
def anonymous_notice(*, case_id: int, whom: str, title: str) -> None:
    """The deferred notice about an anonymous case (voice.tasks.tell_about_anonymous)."""
    case = Case.objects.select_related("organisation", "department").filter(pk=case_id).first()
    if case is not None:
        tell(NOTICE_RECIPIENTS[whom](case), case, title)


def _create(case: Case, photos, *, actor, label: str, note: str = "") -> Case:
    case.org_path = case.organisation.path
    case.created_at = case.updated_at = now_for(case)
    case.save()
    classify.index(case)
    event = case_flow.write_event(
        case,
        action="submit",
        actor=actor,
        to_state=case.state,
        note=note,
        label=label,
    )
    _save_photos(case, photos, event)
    audit.record(
        action="voice.case.submitted",
        actor=actor,
        obj=case,
        after={"channel": case.channel, "state": case.state, "anonymous": case.is_anonymous},
        at=now_for(case),
    )
    return case


@transaction.atomic
def case_submit(
    *,
    submitter: Person | None,
    channel: str,
    title: str,
    body: str,
    anonymous: bool = False,
    organisation: Organisation | None = None,
    photos=(),
) -> tuple[Case, str | None]:
    """A worker raises a matter. Returns the case and, for an anonymous one, its receipt.

    Anonymous: only the suggestion box; `submitter` must be None (the view passes none,
    whoever is signed in), and the unit is one the writer picks, never a crew.
    """
    if channel not in WORKER_CHANNELS:
        raise ValidationError({"channel": _("请选择提交渠道：职工诉求、意见箱或合理化建议。")})
    title, body = _clean_text(title, body)
    if anonymous:
        if channel != Channel.SUGGESTION:
            raise ValidationError({"channel": _("只有意见箱可以匿名提交。")})
        if submitter is not None:
            raise ValueError("anonymous cases are submitted without a person")
        if (
            organisation is None
            or organisation.tree != Tree.UNIT
            or organisation.kind not in ANONYMOUS_UNIT_KINDS
        ):
            raise ValidationError({"organisation": _("请选择事情所在的矿或区队、科室。")})
    else:
        if submitter is None:
            raise PermissionDenied(_("请先登录；不登录只能匿名投递意见箱。"))
        organisation = organisation or submitter.unit
        if organisation is None:
            raise ValidationError({"organisation": _("您的档案没有所在单位，请联系管理员。")})
    photos = clean_photos(photos)  # all checked before anything is written
    case = Case(
        channel=channel,
        title=title,
        body=body,
        organisation=organisation,
        submitter=None if anonymous else submitter,
        is_anonymous=anonymous,
        state=State.SUBMITTED,
    )
    receipt = None
    if anonymous:
        receipt = new_receipt()
        case.receipt_hash = receipt_hash(receipt)
    _create(
        case,
        photos,
        actor=None if anonymous else submitter,
        label=str(ANONYMOUS_LABEL) if anonymous else submitter.name,
    )
    _tell_about(case, "intake", _("收到新的%(channel)s") % {"channel": case.get_channel_display()})
    return case, receipt


@transaction.atomic
def case_open(
    *,
    actor: Person,
    channel: str,
    organisation: Organisation,
    title: str,
    body: str,
    source_app: str = "",
    source_ref: str = "",
    submitter: Person | None = None,
) -> Case:
    """Another area (the grid's problem list, hazards) passes a matter into the workflow.

    `actor` enters it on the workers' behalf and receives the reply; `source_app` is
    told of the reply through voice.hooks.
    """
    if channel not in (Channel.GRID, Channel.HAZARD, Channel.FORUM):
        raise ValidationError({"channel": _("该渠道不能由其他模块转入。")})
    title, body = _clean_text(title, body)
    if organisation.tree != Tree.UNIT:
        raise ValidationError({"organisation": _("请选择行政单位。")})
    if not (
        reach_of(actor).covers(organisation)
        or actor.unit_id == organisation.pk
        or _covers_in_grid(actor, submitter, organisation)
    ):
        raise PermissionDenied(_("该单位不在您的职责范围内。"))
    case = Case(
        channel=channel,
        title=title,
        body=body,
        organisation=organisation,
        submitter=submitter,
        entered_by=actor,
        source_app=source_app,
        source_ref=source_ref,
        state=State.SUBMITTED,
    )
    _create(case, (), actor=actor, label=actor.name)
    tell(
        intake_officers(case),
        case,
        _("收到新的%(channel)s") % {"channel": case.get_channel_display()},
        exclude=actor,
    )
    return case


def _covers_in_grid(actor: Person, submitter: Person | None, organisation: Organisation) -> bool:
    """A grid member enters a matter for a worker they cover (a visit's follow-up), at
    the worker's own unit: the worker's officers handle it, the worker gets the reply."""
    if submitter is None or submitter.unit_id != organisation.pk:
        return False
    from tongxin.grid.coverage import covering_member

    covering = covering_member(submitter)
    return covering is not None and covering.pk == actor.pk


@transaction.atomic
def forum_record(
    *,
    actor: Person,
    organisation: Organisation,
    held_on: date,
    place: str,
    attendees: str,
    attendee_count: int,
    matters: list[dict],
) -> ForumMeeting:
    """A union officer enters a forum meeting and the matters raised there, one case each."""
    if not reach_of(actor, {Role.UNION_CHAIR, Role.ADMIN}).covers(organisation):
        raise PermissionDenied(_("只有本单位的工会主席或管理员可以录入座谈会。"))
    errors = {}
    if held_on is None or held_on > timezone.localdate():
        errors["held_on"] = _("座谈会日期不能晚于今天。")
    if not (place or "").strip():
        errors["place"] = _("请填写地点。")
    if not (attendees or "").strip():
        errors["attendees"] = _("请填写参会人员。")
    if not attendee_count or attendee_count < 1:
        errors["attendee_count"] = _("参会人数至少 1 人。")
    matters = [
        m for m in matters if (m.get("title") or "").strip() or (m.get("body") or "").strip()
    ]
    if not matters:
        errors["matters"] = _("请至少录入一件职工提出的事项。")
    if errors:
        raise ValidationError(errors)
    cleaned = []
    for number, matter in enumerate(matters, start=1):
        try:
            cleaned.append(_clean_text(matter.get("title", ""), matter.get("body", "")))
        except ValidationError as exc:
            raise ValidationError(
                _("第 %(n)s 件事项：%(errors)s")
                % {
                    "n": number,
                    "errors": "；".join(m for msgs in exc.message_dict.values() for m in msgs),
                }
            ) from None
    meeting = ForumMeeting.objects.create(
        organisation=organisation,
        held_on=held_on,
        place=place.strip()[:80],
        attendees=attendees.strip(),
        attendee_count=attendee_count,
        entered_by=actor,
    )
    audit.record(
        action="voice.forum.recorded", actor=actor, obj=meeting, after={"matters": len(cleaned)}
    )
    for title, body in cleaned:
        case = Case(
            channel=Channel.FORUM,
            title=title,
            body=body,
            organisation=organisation,
            entered_by=actor,
            forum=meeting,
            state=State.SUBMITTED,
        )
        _create(
            case,
            (),
            actor=actor,
            label=actor.name,
            note=_("%(date)s 座谈会（%(place)s）提出") % {"date": held_on, "place": meeting.place},
        )
        tell(intake_officers(case), case, _("座谈会事项待受理"), exclude=actor)
    return meeting


@transaction.atomic
def congress_submit(*, submitter: Person, session: CongressSession, title: str, body: str) -> Case:
    """A representative tables a proposal; it is numbered within the session at once."""
    title, body = _clean_text(title, body)
    session = CongressSession.objects.select_for_update().get(pk=session.pk)
    today = timezone.localdate()
    if not (session.opens_on <= today <= session.closes_on):
        raise ValidationError(
            _("本届职代会提案征集时间为 %(a)s 至 %(b)s。")
            % {"a": session.opens_on, "b": session.closes_on}
        )
    if not session.representatives.filter(pk=submitter.pk).exists():
        raise PermissionDenied(_("只有本届职工代表可以提交职代会提案。"))
    number = session.next_number
    session.next_number += 1
    session.save(update_fields=["next_number"])
    case = Case(
        channel=Channel.CONGRESS,
        title=title,
        body=body,
        organisation=session.organisation,
        submitter=submitter,
        congress_session=session,
        congress_number=number,
        state=State.COSIGNING if session.cosign_required else State.SUBMITTED,
    )
    _create(case, (), actor=submitter, label=submitter.name)
    if case.state == State.SUBMITTED:
        tell(intake_officers(case), case, _("职代会提案待立案审查"))
    return case


@transaction.atomic
def congress_cosign(*, case_id: int, representative: Person) -> Case:
    """Another representative seconds a proposal; enough of them send it for review."""
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("congress_session", "organisation")
        .get(pk=case_id)
    )
    session = case.congress_session
    if case.channel != Channel.CONGRESS or session is None:
        raise ValidationError(_("只有职代会提案需要附议。"))
    if not session.representatives.filter(pk=representative.pk).exists():
        raise PermissionDenied(_("只有本届职工代表可以附议。"))
    if case.submitter_id == representative.pk:
        raise ValidationError(_("提案人本人不能附议自己的提案。"))
    if Cosign.objects.filter(case=case, representative=representative).exists():
        raise ValidationError(_("您已经附议过这件提案。"))
    case, transition = case_flow.begin(
        pk=case.pk, name="cosign", actor=representative, kinds={Actor.REPRESENTATIVE}
    )
    Cosign.objects.create(case=case, representative=representative)
    case.cosign_count += 1
    enough = case.cosign_count >= session.cosign_required
    case_flow.finish(
        case,
        transition,
        actor=representative,
        fields=["cosign_count"],
        to_state=State.SUBMITTED if enough else State.COSIGNING,
        note=_("附议 %(n)s/%(need)s") % {"n": case.cosign_count, "need": session.cosign_required},
    )
    if enough:
        tell(intake_officers(case), case, _("职代会提案附议已满，待立案审查"))
    return case


@transaction.atomic
def case_supplement(
    *, case_id: int, actor: Person | None, text: str, receipt_ok: bool = False, photos=()
) -> Case:
    """The submitter adds what was asked for; the case goes back and its clock restarts."""
    text = (text or "").strip()
    if len(text) < 2:
        raise ValidationError({"text": _("请填写补充的内容。")})
    photos = clean_photos(photos)
    case, transition = case_flow.begin(
        pk=case_id, name="supplement", actor=actor, receipt_ok=receipt_ok
    )
    fields = ["resume_state", "paused_on"]
    target = case.resume_state or State.ACCEPTED
    if case.deadline and case.paused_on:
        paused = workdays_between(case.paused_on, timezone.localdate())
        if paused > 0:
            case.deadline = add_workdays(case.deadline, paused)
            fields.append("deadline")
    case.resume_state, case.paused_on = "", None
    event = case_flow.finish(
        case,
        transition,
        actor=None if case.is_anonymous else actor,
        fields=fields,
        to_state=target,
        note=text,
        label=str(ANONYMOUS_LABEL) if case.is_anonymous else None,
    )
    _save_photos(case, photos, event)
    _tell_about(case, "handlers", _("提出人已补充材料"))
    return case
