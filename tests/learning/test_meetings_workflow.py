"""三会一课: the plan from the cadence, a 支部委员会 with its 第一议题, QR check-in,
minutes filed and locked (a correction is an event), refusals in Chinese, the
reminder sent once, a stale version refused."""

import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from tongxin.core.access import OutOfScope
from tongxin.core.models import Notification
from tongxin.core.timeline import Conflict
from tongxin.learning.meetings import services
from tongxin.learning.models import (
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingEvent,
    MeetingState,
    MeetingType,
)

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
MEETING_AT = datetime(2026, 12, 8, 15, 0, tzinfo=TZ)
FIRST = ("第一议题：学习习近平总书记关于安全生产的重要论述", True)


def committee_meeting(cast, agenda=(FIRST, ("研究十二月份发展党员工作", False))):
    return services.meeting_create(
        actor=cast.zhao_secretary,
        branch=cast.branch_a,
        type_code="committee",
        title="十二月支部委员会",
        starts_at=MEETING_AT,
        place="综采一队会议室",
        agenda=agenda,
    )


def test_the_plan_has_one_meeting_per_required_period_and_is_idempotent(cast):
    added = services.plan_year(branch=cast.branch_a, year=2026)
    # 支部党员大会 4 + 支部委员会 12 + 党小组会 12 + 党课 4 + 主题党日 12
    assert added == 44
    assert services.plan_year(branch=cast.branch_a, year=2026) == 0
    assert Meeting.objects.filter(branch=cast.branch_a).count() == 44
    q3 = Meeting.objects.get(branch=cast.branch_a, type__code="assembly", period_start__month=7)
    assert (q3.period_start, q3.period_end) == (date(2026, 7, 1), date(2026, 9, 30))
    assert q3.title == "2026年第3季度支部党员大会"


def test_the_committee_edits_the_cadence_and_the_next_plan_follows(cast):
    services.types_of(cast.mine)
    kind = MeetingType.objects.get(mine=cast.mine, code="lecture")
    with pytest.raises(OutOfScope):
        services.type_update(
            actor=cast.zhao_secretary, type_id=kind.pk, version=1, label="党课", cadence_months=1
        )
    with pytest.raises(ValidationError, match="周期须为"):
        services.type_update(
            actor=cast.feng_admin, type_id=kind.pk, version=1, label="党课", cadence_months=5
        )
    services.type_update(
        actor=cast.feng_admin, type_id=kind.pk, version=1, label="党课", cadence_months=1
    )
    services.plan_year(branch=cast.branch_a, year=2027)
    assert Meeting.objects.filter(type=kind, period_start__year=2027).count() == 12


def test_a_committee_agenda_must_open_with_the_first_topic(cast):
    with pytest.raises(ValidationError, match="第一议题"):
        committee_meeting(cast, agenda=(("研究发展党员", False), FIRST))
    with pytest.raises(ValidationError, match="第一项议程必须是第一议题"):
        committee_meeting(cast, agenda=(("研究发展党员", False),))
    assert not Meeting.objects.exists()
    meeting = committee_meeting(cast)
    assert [a.is_first_topic for a in meeting.agenda.all()] == [True, False]


def test_secretary_plans_members_check_in_minutes_are_filed_and_locked(cast):
    meeting = committee_meeting(cast)
    with time_machine.travel(MEETING_AT - timedelta(minutes=10), tick=False):
        row = services.check_in(
            person=cast.li_member, meeting_id=meeting.pk, token=meeting.checkin_token
        )
        assert row.status == AttendanceStatus.PRESENT
        meeting = services.meeting_hold(
            actor=cast.zhao_secretary, meeting_id=meeting.pk, version=meeting.version
        )
    assert meeting.state == MeetingState.HELD
    statuses = dict(Attendance.objects.filter(meeting=meeting).values_list("person", "status"))
    assert statuses == {cast.li_member.pk: "present", cast.zhao_secretary.pk: "expected"}
    meeting = services.meeting_file(
        actor=cast.zhao_secretary,
        meeting_id=meeting.pk,
        version=meeting.version,
        minutes="会议传达学习了总书记关于安全生产的重要论述，研究了发展党员工作。",
        decisions="同意确定两名入党积极分子。",
    )
    assert meeting.state == MeetingState.FILED and meeting.filed_at
    assert Attendance.objects.get(meeting=meeting, person=cast.zhao_secretary).status == "absent"
    with pytest.raises(Conflict, match="纪要已归档"):
        services.meeting_edit(
            actor=cast.zhao_secretary,
            meeting_id=meeting.pk,
            version=meeting.version,
            title="改过的主题",
            starts_at=MEETING_AT,
            agenda=(FIRST,),
        )
    with pytest.raises(Conflict):
        services.meeting_file(
            actor=cast.zhao_secretary,
            meeting_id=meeting.pk,
            version=meeting.version,
            minutes="另一份纪要内容，试图覆盖。",
        )
    minutes = meeting.minutes
    meeting = services.meeting_correct(
        actor=cast.zhao_secretary,
        meeting_id=meeting.pk,
        version=meeting.version,
        note="决议中“两名”应为“三名”。",
    )
    meeting.refresh_from_db()
    assert meeting.minutes == minutes and meeting.title == "十二月支部委员会"
    correction = MeetingEvent.objects.get(meeting=meeting, action="correct")
    assert correction.note == "决议中“两名”应为“三名”。"


def test_check_in_refusals_are_in_chinese(cast):
    meeting = committee_meeting(cast)
    with time_machine.travel(MEETING_AT, tick=False):
        with pytest.raises(PermissionDenied, match="签到码无效"):
            services.check_in(person=cast.li_member, meeting_id=meeting.pk, token="wrong")
        with pytest.raises(PermissionDenied, match="不是本支部党员"):
            services.check_in(
                person=cast.qian_outsider, meeting_id=meeting.pk, token=meeting.checkin_token
            )
    for at in (MEETING_AT - timedelta(minutes=31), datetime(2026, 12, 9, 0, 0, tzinfo=TZ)):
        with time_machine.travel(at, tick=False), pytest.raises(ValidationError, match="签到时间"):
            services.check_in(
                person=cast.li_member, meeting_id=meeting.pk, token=meeting.checkin_token
            )
    assert not Attendance.objects.filter(status="present").exists()


def test_leave_before_the_meeting_and_absence_recorded_by_the_secretary(cast):
    meeting = committee_meeting(cast)
    with time_machine.travel(MEETING_AT - timedelta(days=1), tick=False):
        with pytest.raises(ValidationError, match="请假原因"):
            services.leave_request(person=cast.li_member, meeting_id=meeting.pk, reason=" ")
        row = services.leave_request(
            person=cast.li_member, meeting_id=meeting.pk, reason="下井跟班"
        )
        assert (row.status, row.reason) == ("leave", "下井跟班")
    with time_machine.travel(MEETING_AT + timedelta(minutes=5), tick=False):
        with pytest.raises(ValidationError, match="会议已开始"):
            services.leave_request(person=cast.li_member, meeting_id=meeting.pk, reason="有事")
        with pytest.raises(PermissionDenied):
            services.attendance_mark(
                actor=cast.qian_outsider,
                meeting_id=meeting.pk,
                person_id=cast.li_member.pk,
                status="absent",
                reason="x",
            )
        with pytest.raises(ValidationError, match="原因"):
            services.attendance_mark(
                actor=cast.zhao_secretary,
                meeting_id=meeting.pk,
                person_id=cast.li_member.pk,
                status="absent",
            )
        row = services.attendance_mark(
            actor=cast.zhao_secretary,
            meeting_id=meeting.pk,
            person_id=cast.li_member.pk,
            status="absent",
            reason="未请假未到会",
        )
        assert row.status == "absent"


def test_a_stale_version_is_a_conflict(cast):
    meeting = committee_meeting(cast)
    services.meeting_edit(
        actor=cast.zhao_secretary,
        meeting_id=meeting.pk,
        version=meeting.version,
        title="十二月支部委员会（改期）",
        starts_at=MEETING_AT,
        agenda=(FIRST,),
    )
    with pytest.raises(Conflict, match="刚刚已被他人处理"):
        services.meeting_hold(
            actor=cast.zhao_secretary, meeting_id=meeting.pk, version=meeting.version
        )


def test_the_reminder_goes_to_the_secretary_once(cast):
    services.plan_year(branch=cast.branch_a, year=2026)
    with time_machine.travel(datetime(2026, 12, 28, 7, 0, tzinfo=TZ), tick=False):
        sent = services.remind_due()
        assert services.remind_due() == 0
    # December's monthly meetings (3) and the fourth quarter's (2): all end on the 31st.
    assert sent == 5
    mine = Notification.objects.filter(recipient=cast.zhao_secretary)
    assert mine.count() == 5 and "尚未召开" in mine.first().title
    assert MeetingEvent.objects.filter(action="remind").count() == 5


def test_the_periodic_task_reminds(cast):
    from tongxin.learning.meetings import tasks

    services.plan_year(branch=cast.branch_a, year=2026)
    with time_machine.travel(datetime(2026, 12, 30, 7, 0, tzinfo=TZ), tick=False):
        tasks.remind_meetings_due.call_local()
    assert Notification.objects.filter(recipient=cast.zhao_secretary).count() == 5


@pytest.mark.django_db(transaction=True)
def test_two_secretaries_filing_at_once_one_wins(cast):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    meeting = committee_meeting(cast)
    with time_machine.travel(MEETING_AT, tick=False):
        meeting = services.meeting_hold(
            actor=cast.zhao_secretary, meeting_id=meeting.pk, version=meeting.version
        )
    barrier = threading.Barrier(2)
    outcomes = []

    def file(actor):
        try:
            barrier.wait()
            services.meeting_file(
                actor=actor,
                meeting_id=meeting.pk,
                version=meeting.version,
                minutes=f"{actor.name}整理的会议纪要，内容完整。",
            )
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=file, args=(p,)) for p in (cast.zhao_secretary, cast.feng_admin)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "ok"]
    assert MeetingEvent.objects.filter(meeting=meeting, action="file").count() == 1
