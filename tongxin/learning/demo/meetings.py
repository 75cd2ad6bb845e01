"""三会一课 in the demo mine: every branch's plan for the year (and for last year's
December when it is January, so that "last month" is always planned), with the past
periods held and their minutes filed, a few meetings missed, a few with minutes still
to file, attendance with leaves and absences, and the 第一议题 on every committee
meeting. Deterministic for a seed and a date; bulk writes only (a 600-person mine in
well under a second or two).

The stories the checks rely on (tests/learning/demo_checks_meetings.py):
- 综采一队党支部 held no 党小组会 last month: it shows as missed to the branch, its
  general branch and the mine's Party committee;
- its 支部委员会 of last month was held but its minutes are still to be filed;
- its 支部委员会 of this month is arranged (time, place, 第一议题 first) for demo03 to
  open, with the QR code for the members' check-in;
- it held a 支部委员会 outside the plan eight days ago (its committee expected, minutes
  filed, photos), which counts toward its period like a planned one;
- last month's 支部委员会 (minutes still to file) has a photo demo03 may still remove,
  and an earlier filed meeting a photo added after filing (an event on its timeline).
"""

from __future__ import annotations

import io
import random
from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from tongxin.core.workflow import actor_label
from tongxin.people.models import Organisation, OrgKind, Person, Role, RoleAssignment, Tree

from ..access import members_q
from ..meetings import services
from ..meetings import types as T
from ..models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingEvent,
    MeetingPhoto,
    MeetingState,
)

STORY_BRANCH = "综采一队党支部"
FIRST_TOPICS = (
    "第一议题：学习习近平总书记关于安全生产的重要论述",
    "第一议题：学习习近平总书记在全国煤矿安全生产工作会议上的重要指示精神",
    "第一议题：学习党的二十届四中全会精神",
    "第一议题：学习《中国共产党纪律处分条例》",
)
ITEMS = {
    T.COMMITTEE: (
        "研究本月发展党员工作",
        "研究党员积分管理",
        "研究困难职工帮扶",
        "部署安全生产宣传",
    ),
    T.ASSEMBLY: ("通报支部工作", "讨论接收预备党员", "民主评议党员", "选举支部委员"),
    T.GROUP: ("学习安全规程", "交流岗位建功", "排查身边隐患"),
    T.LECTURE: ("书记讲党课：从严治党在基层", "党课：煤矿安全红线意识", "党课：传承矿工精神"),
    T.THEME_DAY: ("重温入党誓词", "党员先锋岗义务劳动", "走访慰问困难职工", "安全警示教育"),
}
PLACES = ("区队会议室", "党员活动室", "矿调度楼三楼会议室", "井口学习室")
LEAVE = ("下井跟班", "轮休外出", "家中有事", "参加培训")
ABSENT = ("未请假未到会", "夜班未通知到")


def _at(day, hour=15) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def seed(*, seed: int, progress=None):
    if Meeting.objects.exists():
        return None
    now = timezone.now()
    today = timezone.localdate()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    years = sorted({last_month.year, today.year})
    rng = random.Random(f"{seed}-meetings-{today.isoformat()}")
    branches = list(
        Organisation.objects.filter(tree=Tree.PARTY, kind=OrgKind.BRANCH, is_active=True).order_by(
            "path"
        )
    )
    kinds_of: dict[int, list] = {}
    plan: list[Meeting] = []
    for branch in branches:
        mine = services.mine_of_branch(branch)
        if mine is None:
            continue
        if mine.pk not in kinds_of:
            kinds_of[mine.pk] = services.types_of(mine)
        for year in years:
            plan += services.planned_meetings(branch, year, kinds_of[mine.pk])
    secretaries = {
        a.organisation_id: a.person
        for a in RoleAssignment.objects.filter(
            role=Role.BRANCH_SECRETARY, organisation__in=branches
        ).select_related("person__unit")
    }
    members: dict[str, list[int]] = {}
    for pk, path in Person.objects.filter(members_q(""), party_org__isnull=False).values_list(
        "pk", "party_org__path"
    ):
        for b in branches:
            if path.startswith(b.path):
                members.setdefault(b.path, []).append(pk)
                break
    labels = {pk: actor_label(p) for pk, p in secretaries.items()}

    held, agenda, attendance, events = [], [], [], []
    for m in plan:
        if m.period_start > today:
            continue
        code = m.type.code
        story = m.branch.name == STORY_BRANCH
        last = m.period_start <= last_month <= m.period_end and m.period_end < today
        secretary = secretaries.get(m.branch_id)
        if m.period_end >= today:  # the period runs now: planned, some arranged
            if code == T.COMMITTEE and (story or rng.random() < 0.5):
                day = min(today + timedelta(days=2), m.period_end)
                m.starts_at, m.place = _at(day), rng.choice(PLACES)
                agenda += _agenda(m, rng)
            continue
        if story and code == T.GROUP and last:
            continue  # the story: no 党小组会 last month
        if not story and rng.random() < 0.04:
            continue  # missed elsewhere, now and then
        span = max((min(m.period_end, today - timedelta(days=1)) - m.period_start).days, 0)
        day = m.period_start + timedelta(days=rng.randint(0, span))
        m.starts_at = _at(day, rng.choice((9, 14, 15, 16)))
        if m.starts_at >= now:
            m.starts_at = now - timedelta(hours=2)
        m.place = rng.choice(PLACES)
        m.held_at = m.starts_at + timedelta(hours=1)
        m.secretary = secretary
        items = _agenda(m, rng)
        agenda += items
        to_file = (story and code == T.COMMITTEE and last) or (last and rng.random() < 0.08)
        if to_file:
            m.state = MeetingState.HELD
        else:
            m.state = MeetingState.FILED
            m.filed_at = min(m.held_at + timedelta(days=rng.randint(1, 3)), now)
            topics = "；".join(a.title for a in items)
            m.minutes = f"会议由支部书记主持。{topics}。与会党员结合岗位实际作了发言。"
            m.decisions = rng.choice(("无", "按期完成会议部署的各项工作。", "确定下月重点工作。"))
        m.version = 2 if to_file else 3
        held.append(m)
        who = secretary.pk if secretary else None
        label = labels.get(m.branch_id, "")
        events.append(
            _event(m, "hold", MeetingState.PLANNED, MeetingState.HELD, m.held_at, who, label)
        )
        if not to_file:
            events.append(
                _event(m, "file", MeetingState.HELD, MeetingState.FILED, m.filed_at, who, label)
            )
        for pk in members.get(m.branch.path, []):
            draw = rng.random()
            if draw < 0.06:
                status, reason, at = AttendanceStatus.LEAVE, rng.choice(LEAVE), None
            elif draw < 0.08:
                status, reason, at = AttendanceStatus.ABSENT, rng.choice(ABSENT), None
            else:
                minutes = rng.randint(-25, 5)
                status, reason, at = (
                    AttendanceStatus.PRESENT,
                    "",
                    m.starts_at + timedelta(minutes=minutes),
                )
            attendance.append(
                Attendance(meeting=m, person_id=pk, status=status, reason=reason, checked_in_at=at)
            )
    Meeting.objects.bulk_create(plan, batch_size=500)  # the pks are set (RETURNING)
    # The year's plan was generated on its first morning (services.plan_all), not today.
    for year in years:
        Meeting.objects.filter(pk__in=[m.pk for m in plan if m.period_start.year == year]).update(
            created_at=min(_at(date(year, 1, 1), 8), now)
        )
    for row in (*agenda, *attendance, *events):
        row.meeting_id = row.meeting.pk
    AgendaItem.objects.bulk_create(agenda, batch_size=1000)
    Attendance.objects.bulk_create(attendance, batch_size=2000)
    MeetingEvent.objects.bulk_create(events, batch_size=1000)
    story = next((b for b in branches if b.name == STORY_BRANCH), None)
    if story is not None and secretaries.get(story.pk) is not None:
        _story_extras(story, secretaries[story.pk], members.get(story.path, []), today, now)
    return len(held)


def demo_photo(label: str, hue: int) -> SimpleUploadedFile:
    """A small invented photo (a meeting room with a red banner), made with Pillow."""
    image = Image.new("RGB", (480, 320), (200 - hue % 60, 190, 170 + hue % 40))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 30, 440, 90), fill=(190, 20, 30))  # the banner
    draw.rectangle((60, 200, 420, 260), fill=(120, 80, 50))  # the table
    for i in range(6):  # people at the table
        x = 80 + i * 58
        draw.ellipse((x, 150, x + 30, 180), fill=(60, 50, 40))
        draw.rectangle((x - 4, 180, x + 34, 215), fill=(30, 60, 120))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return SimpleUploadedFile(f"{label}.jpg", out.getvalue(), content_type="image/jpeg")


def _backdate(meeting: Meeting, held_at: datetime, filed_at: datetime | None) -> None:
    """The services stamp the present; the demo's story happened days ago."""
    Meeting.objects.filter(pk=meeting.pk).update(
        created_at=held_at - timedelta(days=3), held_at=held_at, filed_at=filed_at
    )
    MeetingEvent.objects.filter(meeting=meeting, action__in=("create", "hold")).update(at=held_at)
    if filed_at:
        MeetingEvent.objects.filter(meeting=meeting, action="file").update(at=filed_at)
    MeetingPhoto.objects.filter(meeting=meeting).update(uploaded_at=held_at + timedelta(hours=1))


def _story_extras(branch, secretary, member_ids, today, now) -> None:
    """The story branch's meeting outside the plan, and photos on its meetings, made
    through the services (photos checked and stripped as any upload is)."""
    from ..meetings import photos

    # An extra 支部委员会 eight days ago: the committee (the secretary and two members).
    at = _at(today - timedelta(days=8), 9)
    others = [pk for pk in member_ids if pk != secretary.pk][:2]
    committee = ([secretary.pk] if secretary.pk in member_ids else []) + others
    if not committee:
        return
    extra = services.meeting_create(
        actor=secretary,
        branch=branch,
        type_code=T.COMMITTEE,
        title="增开支部委员会：研究冬季安全生产和困难职工帮扶",
        starts_at=at,
        place="区队会议室",
        agenda=(
            ("第一议题：学习习近平总书记关于安全生产的重要论述", True),
            ("研究冬季“四防”安全生产措施", False),
            ("研究春节前困难职工走访名单", False),
        ),
        expected_ids=committee,
    )
    extra = services.meeting_hold(actor=secretary, meeting_id=extra.pk, version=extra.version)
    Attendance.objects.filter(meeting=extra).update(
        status=AttendanceStatus.PRESENT, checked_in_at=at - timedelta(minutes=5)
    )
    photos.photos_add(
        actor=secretary,
        meeting_id=extra.pk,
        photos=[demo_photo("支委会-1", 10), demo_photo("支委会-2", 35)],
        caption="支部委员会现场",
    )
    extra = services.meeting_file(
        actor=secretary,
        meeting_id=extra.pk,
        version=extra.version,
        minutes="会议学习了总书记关于安全生产的重要论述，研究部署冬季“四防”工作，"
        "确定春节前走访困难职工六户。",
        decisions="冬季“四防”措施由各班组长落实；走访由支部委员分片负责。",
    )
    _backdate(extra, at + timedelta(hours=1), min(at + timedelta(days=1), now))

    # Last month's committee meeting, minutes still to file: a photo demo03 may remove.
    last = (
        Meeting.objects.filter(
            branch=branch, type__code=T.COMMITTEE, from_plan=True, state=MeetingState.HELD
        )
        .order_by("-period_start")
        .first()
    )
    if last is not None:
        photos.photos_add(actor=secretary, meeting_id=last.pk, photos=[demo_photo("会场", 50)])
        MeetingPhoto.objects.filter(meeting=last).update(uploaded_at=last.held_at)
    # An earlier filed meeting with a photo added after filing: an event on its timeline.
    filed = (
        Meeting.objects.filter(branch=branch, type__code=T.THEME_DAY, state=MeetingState.FILED)
        .order_by("-period_start")
        .first()
    )
    if filed is not None:
        photos.photos_add(
            actor=secretary,
            meeting_id=filed.pk,
            photos=[demo_photo("主题党日", 70)],
            caption="重温入党誓词",
        )
        later = min(filed.filed_at + timedelta(days=1), now)
        MeetingEvent.objects.filter(meeting=filed, action="photo").update(at=later)
        MeetingPhoto.objects.filter(meeting=filed).update(uploaded_at=later)


def _agenda(m: Meeting, rng) -> list[AgendaItem]:
    code = m.type.code
    items = []
    if code == T.COMMITTEE:
        items.append((rng.choice(FIRST_TOPICS), True))
    items += [(t, False) for t in rng.sample(ITEMS[code], 2 if code != T.LECTURE else 1)]
    return [
        AgendaItem(meeting=m, order=i, title=title, is_first_topic=first)
        for i, (title, first) in enumerate(items, start=1)
    ]


def _event(m, action, before, after, at, actor_id, label) -> MeetingEvent:
    return MeetingEvent(
        meeting=m,
        at=at,
        actor_id=actor_id,
        actor_label=label or "系统",
        actor_role="secretary",
        action=action,
        from_state=before,
        to_state=after,
    )
