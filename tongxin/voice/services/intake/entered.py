"""Matters entered on the workers' behalf: a case another area passes in (the grid's
problem list, hazards, a grid member's visit), and a forum meeting's matters."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.people.models import Organisation, Person, Tree
from tongxin.people.scoping import reach_of
from tongxin.voice.access import FORUM_ROLES

from ...models import Case, Channel, ForumMeeting, State
from ..base import intake_officers, tell
from .common import clean_text, create_case


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
    title, body = clean_text(title, body)
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
    create_case(case, (), actor=actor, label=actor.name)
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
    if not reach_of(actor, FORUM_ROLES).covers(organisation):
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
            cleaned.append(clean_text(matter.get("title", ""), matter.get("body", "")))
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
        create_case(
            case,
            (),
            actor=actor,
            label=actor.name,
            note=_("%(date)s 座谈会（%(place)s）提出") % {"date": held_on, "place": meeting.place},
        )
        tell(intake_officers(case), case, _("座谈会事项待受理"), exclude=actor)
    return meeting
