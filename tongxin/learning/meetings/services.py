"""Every write of 三会一课: the year's plan, a meeting's agenda, holding it, filing and
correcting its minutes, cancelling it, check-in, leave and absences, the committee's
edits of the meeting types, and the reminder before a period ends."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from enum import Enum

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core.access import OutOfScope
from tongxin.core.notify import notify
from tongxin.core.timeline import Transition, Workflow, table
from tongxin.people.models import Organisation, OrgKind, Person, Role, Tree
from tongxin.people.selectors import mine_of

from ..access import edits_learning_setup, members_q, party_reach, setup_reach
from ..models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingEvent,
    MeetingState,
    MeetingType,
)
from . import types as T
from .access import actor_kinds
from .selectors import held_in_period
from .workflow import TRANSITIONS

CHECKIN_EARLY = timedelta(minutes=30)
REMIND_DAYS = 3
MAX_AGENDA = 20

meeting_flow = Workflow(
    model=Meeting,
    transitions=TRANSITIONS,
    event_model=MeetingEvent,
    event_fk="meeting",
    capacities=actor_kinds,
    noun=gettext_lazy("这次会议"),
    audit_prefix="learning.meeting",
)


# --- meeting types ------------------------------------------------------------------


def mine_of_branch(branch: Organisation) -> Organisation | None:
    if branch.unit_id is None:
        return None
    return mine_of(branch.unit)


def slot_path_of(org: Organisation) -> str:
    """The branch whose plan a meeting of `org` fulfils: a Party group's is its branch."""
    if org.kind == OrgKind.PARTY_GROUP:
        return org.path[: -org.steplen]
    return org.path


def types_of(mine) -> list[MeetingType]:
    """The mine's meeting types, made from the defaults the first time they are asked."""
    found = list(MeetingType.objects.filter(mine=mine))
    if len(found) < len(T.DEFAULT_TYPES):
        T.ensure_types(MeetingType, mine)
        found = list(MeetingType.objects.filter(mine=mine))
    return found


class SetupActor(Enum):
    COMMITTEE = "committee"


type_flow = Workflow(
    model=MeetingType,
    transitions=table(
        Transition(
            "edit",
            gettext_lazy("修改"),
            ("active",),
            "active",
            (SetupActor.COMMITTEE,),
            denied=gettext_lazy("只有本矿党委可以修改会议类型。"),
        )
    ),
    capacities=lambda actor, row, **c: (
        {SetupActor.COMMITTEE} if edits_learning_setup(actor, row.org_path) else set()
    ),
    noun=gettext_lazy("这个会议类型"),
    audit_prefix="learning.meeting_type",
    refusal=OutOfScope,
)


def type_update(*, actor, type_id: int, version: int, label: str, cadence_months) -> MeetingType:
    """The mine's Party committee changes a type's name or cadence; later plans use it."""
    if not MeetingType.objects.filter(setup_reach(actor).q("org_path"), pk=type_id).exists():
        raise OutOfScope()
    label = (label or "").strip()
    errors = {}
    if not label or len(label) > 30:
        errors["label"] = _("请填写会议类型名称（不超过 30 字）。")
    try:
        months = int(str(cadence_months).strip())
    except (TypeError, ValueError):
        months = 0
    if months not in T.CADENCES:
        errors["cadence_months"] = _("周期须为 1、2、3、4、6 或 12 个月。")
    if errors:
        raise ValidationError(errors)

    def apply(row):
        row.label, row.cadence_months = label, months
        row.updated_by, row.updated_at = actor, timezone.now()
        return ["label", "cadence_months", "updated_by", "updated_at"]

    return type_flow.run(
        pk=type_id,
        name="edit",
        actor=actor,
        version=version,
        apply=apply,
        audit_after={"label": label, "cadence_months": months},
    )


# --- the plan -----------------------------------------------------------------------


def _title(year: int, start, months: int, label: str) -> str:
    if months == 1:
        return _("%(y)d年%(m)d月%(label)s") % {"y": year, "m": start.month, "label": label}
    if months == 3:
        return _("%(y)d年第%(q)d季度%(label)s") % {
            "y": year,
            "q": (start.month - 1) // 3 + 1,
            "label": label,
        }
    return _("%(y)d年%(m)d月起%(label)s") % {"y": year, "m": start.month, "label": label}


def plan_year(*, branch: Organisation, year: int) -> int:
    """One planned meeting per required period of each type for the branch's year;
    what is already planned stays (idempotent). Returns how many were added."""
    if branch.tree != Tree.PARTY or branch.kind != OrgKind.BRANCH:
        raise ValidationError(_("只能为党支部制定会议计划。"))
    mine = mine_of_branch(branch)
    if mine is None:
        return 0
    kinds = types_of(mine)
    have = set(
        Meeting.objects.filter(branch=branch, from_plan=True, period_start__year=year).values_list(
            "type_id", "period_start"
        )
    )
    new = planned_meetings(branch, year, kinds, have)
    with transaction.atomic():
        Meeting.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def planned_meetings(branch, year: int, kinds, have=frozenset()) -> list[Meeting]:
    """The plan's meetings for the branch's year (unsaved), but those in `have`
    ((type id, period start) pairs already planned)."""
    return [
        Meeting(
            branch=branch,
            org_path=branch.path,
            slot_path=branch.path,
            type=kind,
            period_start=start,
            period_end=end,
            from_plan=True,
            title=_title(year, start, kind.cadence_months, kind.label)[:80],
            checkin_token=secrets.token_urlsafe(12),
        )
        for kind in kinds
        for start, end in T.periods(year, kind.cadence_months)
        if (kind.pk, start) not in have
    ]


def plan_all(*, year: int) -> int:
    """Every active branch's plan for the year (the new year's sweep)."""
    return sum(
        plan_year(branch=b, year=year)
        for b in Organisation.objects.filter(tree=Tree.PARTY, kind=OrgKind.BRANCH, is_active=True)
    )


# --- one meeting --------------------------------------------------------------------


def _clean_agenda(kind: MeetingType, agenda) -> list[tuple[str, bool]]:
    items = []
    for title, first in agenda or ():
        title = (title or "").strip()
        if title:
            items.append((title[:120], bool(first)))
    if len(items) > MAX_AGENDA:
        raise ValidationError({"agenda": _("议题不能超过 20 项。")})
    if sum(1 for _t, first in items if first) > 1:
        raise ValidationError({"agenda": _("第一议题只能有一项。")})
    if any(first for _t, first in items[1:]):
        raise ValidationError({"agenda": _("第一议题必须排在议程的第一项。")})
    if kind.code == T.COMMITTEE and items and not items[0][1]:
        raise ValidationError({"agenda": _("支部委员会的第一项议程必须是第一议题。")})
    return items


def _write_agenda(meeting: Meeting, items) -> None:
    meeting.agenda.all().delete()
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(meeting=meeting, order=i, title=title, is_first_topic=first)
            for i, (title, first) in enumerate(items, start=1)
        ]
    )


def _clean_details(title: str, place: str, starts_at) -> dict:
    errors = {}
    title, place = (title or "").strip(), (place or "").strip()
    if not title:
        errors["title"] = _("请填写会议主题。")
    elif len(title) > 80:
        errors["title"] = _("会议主题不能超过 80 字。")
    if len(place) > 60:
        errors["place"] = _("地点不能超过 60 字。")
    if starts_at is not None and not isinstance(starts_at, datetime):  # a garbled field
        errors["starts_at"] = _("请填写正确的召开时间。")
    if errors:
        raise ValidationError(errors)
    return {"title": title, "place": place, "starts_at": starts_at}


def _clean_expected(branch: Organisation, expected_ids) -> set[int] | None:
    """The members chosen as expected, all of the branch; None when none were chosen."""
    if expected_ids is None:
        return None
    try:
        chosen = {int(pk) for pk in expected_ids}
    except (TypeError, ValueError):
        chosen = {0}
    if not chosen:
        raise ValidationError({"expected": _("请至少选择一名应到党员。")})
    members = set(
        Person.objects.filter(members_q(branch.path), pk__in=chosen).values_list("pk", flat=True)
    )
    if members != chosen:
        raise ValidationError({"expected": _("应到人员只能是本支部（党小组）的党员。")})
    return chosen


def meeting_create(
    *,
    actor,
    branch: Organisation,
    type_code: str,
    title: str,
    starts_at: datetime | None,
    place: str = "",
    agenda=(),
    expected_ids=None,
) -> Meeting:
    """A meeting outside the plan (an extra 支部委员会, a 主题党日, a party group's own
    meeting). It fulfils its type's required period as a planned one would. With
    `expected_ids`, only those members are expected (a committee's members); without,
    every Party member of the branch is, once it is held."""
    if branch is None or branch.tree != Tree.PARTY:
        raise OutOfScope()
    if branch.kind not in (OrgKind.BRANCH, OrgKind.PARTY_GROUP) or not party_reach(
        actor
    ).covers_path(branch.path):
        raise OutOfScope()
    mine = mine_of_branch(branch)  # a party group hangs on a crew of the same mine
    kind = next((k for k in types_of(mine) if k.code == type_code), None) if mine else None
    if kind is None:
        raise ValidationError({"type": _("请选择会议类型。")})
    if branch.kind == OrgKind.PARTY_GROUP and kind.code != T.GROUP:
        raise ValidationError({"type": _("党小组只能召开党小组会。")})
    values = _clean_details(title, place, starts_at)
    if starts_at is None:
        raise ValidationError({"starts_at": _("请填写召开时间。")})
    items = _clean_agenda(kind, agenda)
    expected = _clean_expected(branch, expected_ids)
    start, end = T.period_of(timezone.localdate(starts_at), kind.cadence_months)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            branch=branch,
            org_path=branch.path,
            slot_path=slot_path_of(branch),
            type=kind,
            period_start=start,
            period_end=end,
            secretary=actor,
            checkin_token=secrets.token_urlsafe(12),
            expected_chosen=expected is not None,
            **values,
        )
        _write_agenda(meeting, items)
        if expected:
            Attendance.objects.bulk_create(
                [Attendance(meeting=meeting, person_id=pk) for pk in sorted(expected)]
            )
        meeting_flow.write_event(meeting, action="create", actor=actor, to_state=meeting.state)
    return meeting


def meeting_edit(
    *,
    actor,
    meeting_id: int,
    version: int,
    title: str,
    starts_at: datetime | None,
    place: str = "",
    agenda=(),
) -> Meeting:
    """Title, time, place and agenda, until the minutes are filed (then only corrections)."""
    values = _clean_details(title, place, starts_at)
    kind = Meeting.objects.select_related("type").get(pk=meeting_id).type
    items = _clean_agenda(kind, agenda)

    def apply(meeting):
        for name, value in values.items():
            setattr(meeting, name, value)
        _write_agenda(meeting, items)
        changed = list(values)
        if not meeting.from_plan and meeting.starts_at is not None:
            # A meeting outside the plan fulfils the period it is held in: moved to
            # another month (or quarter), it counts there.
            day = timezone.localdate(meeting.starts_at)
            start, end = T.period_of(day, kind.cadence_months)
            if (start, end) != (meeting.period_start, meeting.period_end):
                meeting.period_start, meeting.period_end = start, end
                changed += ["period_start", "period_end"]
        return changed

    return meeting_flow.run(
        pk=meeting_id,
        name="edit",
        actor=actor,
        version=version,
        apply=apply,
        to_state=lambda m: m.state,
    )


def ensure_expected(meeting: Meeting) -> None:
    """The branch's (or party group's) Party members as expected attendees; those
    already recorded stay as they are. A meeting whose expected members were chosen
    keeps to them."""
    if meeting.expected_chosen:
        return
    people = Person.objects.filter(members_q(meeting.org_path)).values_list("pk", flat=True)
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, person_id=pk) for pk in people], ignore_conflicts=True
    )


def meeting_hold(*, actor, meeting_id: int, version: int) -> Meeting:
    """The meeting took place (the secretary opens it; members check in)."""

    def apply(meeting):
        if meeting.starts_at is None:
            raise ValidationError({"starts_at": _("请先填写召开时间。")})
        if meeting.type.code == T.COMMITTEE:
            first = meeting.agenda.first()
            if first is None or not first.is_first_topic:
                raise ValidationError(
                    {"agenda": _("支部委员会须以第一议题为第一项议程，请先编排议程。")}
                )
        ensure_expected(meeting)
        meeting.held_at = timezone.now()
        if meeting.secretary_id is None:
            meeting.secretary = actor
        return ["held_at", "secretary"]

    return meeting_flow.run(pk=meeting_id, name="hold", actor=actor, version=version, apply=apply)


def meeting_file(
    *, actor, meeting_id: int, version: int, minutes: str, decisions: str = ""
) -> Meeting:
    """File the minutes: the meeting is locked from now on; who did not come and gave
    no reason is recorded absent."""
    minutes, decisions = (minutes or "").strip(), (decisions or "").strip()
    if len(minutes) < 10:
        raise ValidationError({"minutes": _("请填写会议纪要（至少 10 字）。")})
    if len(minutes) > 20000 or len(decisions) > 5000:
        raise ValidationError({"minutes": _("纪要或决议过长。")})

    def apply(meeting):
        meeting.minutes, meeting.decisions = minutes, decisions
        meeting.filed_at = timezone.now()
        Attendance.objects.filter(meeting=meeting, status=AttendanceStatus.EXPECTED).update(
            status=AttendanceStatus.ABSENT
        )
        return ["minutes", "decisions", "filed_at"]

    return meeting_flow.run(pk=meeting_id, name="file", actor=actor, version=version, apply=apply)


def meeting_correct(*, actor, meeting_id: int, version: int, note: str) -> Meeting:
    """A correction of filed minutes: an event with the note; the minutes stay as filed."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("请填写更正内容。")})
    return meeting_flow.run(
        pk=meeting_id, name="correct", actor=actor, version=version, note=note[:1000]
    )


def meeting_cancel(*, actor, meeting_id: int, version: int, note: str) -> Meeting:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("请填写取消原因。")})
    return meeting_flow.run(
        pk=meeting_id, name="cancel", actor=actor, version=version, note=note[:500]
    )


# --- attendance ---------------------------------------------------------------------


def checkin_window(meeting: Meeting) -> tuple[datetime, datetime] | None:
    if meeting.starts_at is None:
        return None
    local = timezone.localtime(meeting.starts_at)
    day_end = local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    return meeting.starts_at - CHECKIN_EARLY, day_end


def _is_member(person, meeting) -> bool:
    return Person.objects.filter(members_q(meeting.org_path), pk=person.pk).exists()


def check_in(*, person, meeting_id: int, token: str, at: datetime | None = None) -> Attendance:
    """A member scanned the meeting's QR code on arrival."""
    at = at or timezone.now()
    with transaction.atomic():
        meeting = Meeting.objects.get(pk=meeting_id)
        if not secrets.compare_digest(str(token or "").encode(), meeting.checkin_token.encode()):
            raise PermissionDenied(_("签到码无效，请扫描会场展示的二维码。"))
        if not _is_member(person, meeting):
            raise PermissionDenied(_("您不是本支部党员，无需在此签到。"))
        if meeting.state not in (MeetingState.PLANNED, MeetingState.HELD):
            raise ValidationError(_("这次会议已结束签到。"))
        window = checkin_window(meeting)
        if window is None or not window[0] <= at < window[1]:
            raise ValidationError(_("不在签到时间内：会前 30 分钟至会议当天结束可以签到。"))
        row, _created = Attendance.objects.get_or_create(meeting=meeting, person=person)
        if row.status != AttendanceStatus.PRESENT:
            row.status, row.checked_in_at, row.reason = AttendanceStatus.PRESENT, at, ""
            row.save(update_fields=["status", "checked_in_at", "reason"])
    return row


def leave_request(*, person, meeting_id: int, reason: str) -> Attendance:
    """A member asks for leave, with a reason, before the meeting starts."""
    reason = (reason or "").strip()
    with transaction.atomic():
        meeting = Meeting.objects.get(pk=meeting_id)
        if not _is_member(person, meeting):
            raise PermissionDenied(_("您不是本支部党员，无需请假。"))
        if not reason:
            raise ValidationError({"reason": _("请填写请假原因。")})
        if meeting.state != MeetingState.PLANNED or (
            meeting.starts_at is not None and timezone.now() >= meeting.starts_at
        ):
            raise ValidationError(_("会议已开始，不能再请假，请联系支部书记。"))
        row, _created = Attendance.objects.get_or_create(meeting=meeting, person=person)
        if row.status == AttendanceStatus.PRESENT:
            raise ValidationError(_("您已签到，不能请假。"))
        row.status, row.reason = AttendanceStatus.LEAVE, reason[:200]
        row.save(update_fields=["status", "reason"])
    return row


def attendance_mark(*, actor, meeting_id: int, person_id: int, status: str, reason: str = ""):
    """The secretary records a member's attendance (an absence with its reason)."""
    reason = (reason or "").strip()
    if status not in AttendanceStatus.values:
        raise ValidationError({"status": _("请选择出勤情况。")})
    if status in (AttendanceStatus.ABSENT, AttendanceStatus.LEAVE) and not reason:
        raise ValidationError({"reason": _("请填写请假或缺席原因。")})
    with transaction.atomic():
        meeting = Meeting.objects.get(pk=meeting_id)
        if not actor_kinds(actor, meeting):
            raise PermissionDenied(_("只有本支部书记或上级党组织可以登记出勤。"))
        if meeting.state in (MeetingState.FILED, MeetingState.CANCELLED):
            raise ValidationError(_("纪要已归档，出勤不能再修改；如有错误请提交更正。"))
        if not Person.objects.filter(members_q(meeting.org_path), pk=person_id).exists():
            raise ValidationError({"person": _("此人不是本支部党员。")})
        row, _created = Attendance.objects.get_or_create(meeting=meeting, person_id=person_id)
        row.status, row.reason = status, reason[:200]
        if status == AttendanceStatus.PRESENT and row.checked_in_at is None:
            row.checked_in_at = timezone.now()
        row.save(update_fields=["status", "reason", "checked_in_at"])
    return row


# --- reminders ----------------------------------------------------------------------


def secretaries_of(org_paths) -> dict[str, list]:
    from tongxin.people.models import RoleAssignment

    found: dict[str, list] = {}
    for a in RoleAssignment.objects.filter(
        role=Role.BRANCH_SECRETARY, organisation__path__in=list(org_paths)
    ).select_related("person", "organisation"):
        if a.person.is_active:
            found.setdefault(a.organisation.path, []).append(a.person)
    return found


def remind_due(*, today=None, days: int = REMIND_DAYS) -> int:
    """Tell each branch's secretary of every planned meeting whose period ends within
    `days` days and that has not been held. Each meeting is claimed by a conditional
    update, so a reminder goes out once, whatever two workers do."""
    today = today or timezone.localdate()
    due = list(
        Meeting.objects.filter(
            state=MeetingState.PLANNED,
            reminded_at__isnull=True,
            period_end__gte=today,
            period_end__lte=today + timedelta(days=days),
        )
        # A period already fulfilled (by a meeting outside the plan) needs no reminder.
        .exclude(held_in_period())
        .values_list("pk", "org_path")
    )
    if not due:
        return 0
    secretaries = secretaries_of({path for _pk, path in due})
    sent = 0
    now = timezone.now()
    for pk, path in due:
        with transaction.atomic():
            if not Meeting.objects.filter(pk=pk, reminded_at__isnull=True).update(reminded_at=now):
                continue
            meeting = Meeting.objects.get(pk=pk)
            notify(
                recipients=secretaries.get(path, []),
                title=_("%(title)s尚未召开，本期将于 %(end)s 截止")
                % {
                    "title": meeting.title,
                    "end": meeting.period_end.strftime("%m-%d"),
                },
                url=reverse("learning:meeting_detail", kwargs={"pk": pk}),
            )
            meeting_flow.write_event(meeting, action="remind", actor=None)
            sent += 1
    return sent
