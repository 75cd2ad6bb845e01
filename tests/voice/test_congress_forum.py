"""Congress proposals are numbered per session and need co-signatures; a forum meeting's
matters each become a case entered by the union officer."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tongxin.voice import services
from tongxin.voice.models import Case, CongressSession, ForumMeeting, State


@pytest.fixture
def session(cast):
    today = timezone.localdate()
    s = CongressSession.objects.create(
        organisation=cast.mine,
        name="第三届职代会第二次会议",
        opens_on=today - datetime.timedelta(days=5),
        closes_on=today + datetime.timedelta(days=5),
        cosign_required=2,
    )
    s.representatives.add(cast.wang_worker, cast.li_member, cast.zhao_secretary)
    return s


def test_proposals_are_numbered_and_filed_after_enough_cosigns(cast, session, canteen):
    first = services.congress_submit(
        submitter=cast.wang_worker,
        session=session,
        title="增加班车",
        body="早班通勤车次不足，建议增加。",
    )
    second = services.congress_submit(
        submitter=cast.li_member, session=session, title="改善食堂", body="建议二食堂增加夜班餐。"
    )
    assert (first.congress_number, second.congress_number) == (1, 2)
    assert first.state == State.COSIGNING and first.code == "提案第1号"
    with pytest.raises(ValidationError, match="本人"):
        services.congress_cosign(case_id=first.pk, representative=cast.wang_worker)
    with pytest.raises(PermissionDenied):
        services.congress_cosign(case_id=first.pk, representative=cast.qian_outsider)
    services.congress_cosign(case_id=first.pk, representative=cast.li_member)
    with pytest.raises(ValidationError, match="已经附议"):
        services.congress_cosign(case_id=first.pk, representative=cast.li_member)
    case = services.congress_cosign(case_id=first.pk, representative=cast.zhao_secretary)
    assert case.state == State.SUBMITTED and case.cosign_count == 2
    with pytest.raises(ValidationError, match="理由"):
        services.case_decline(
            case_id=case.pk, version=case.version, actor=cast.feng_admin, reason=""
        )
    case = services.case_accept(
        case_id=case.pk, version=case.version, actor=cast.feng_admin, category=canteen
    )
    assert case.state == State.ACCEPTED


def test_only_representatives_table_proposals(cast, session):
    with pytest.raises(PermissionDenied):
        services.congress_submit(
            submitter=cast.zhou_head, session=session, title="提案标题", body="提案内容足够长"
        )
    assert Case.objects.count() == 0


def test_a_forum_meeting_becomes_one_case_per_matter(cast):
    meeting = services.forum_record(
        actor=cast.sun_chair,
        organisation=cast.district_a,
        held_on=timezone.localdate(),
        place="综采一队会议室",
        attendees="王强、李红等",
        attendee_count=12,
        matters=[
            {"title": "浴室热水不足", "body": "夜班下井后浴室没有热水。"},
            {"title": "", "body": ""},
            {"title": "劳保鞋不合脚", "body": "新发的劳保鞋尺码偏小。"},
        ],
    )
    cases = list(meeting.cases.all())
    assert len(cases) == 2 and all(
        c.entered_by == cast.sun_chair and c.channel == "forum" for c in cases
    )


def test_a_bad_forum_entry_saves_nothing(cast):
    with pytest.raises(ValidationError, match="第 2 件"):
        services.forum_record(
            actor=cast.sun_chair,
            organisation=cast.district_a,
            held_on=timezone.localdate(),
            place="会议室",
            attendees="王强",
            attendee_count=3,
            matters=[{"title": "热水", "body": "浴室热水不足的问题"}, {"title": "鞋", "body": ""}],
        )
    with pytest.raises(PermissionDenied):
        services.forum_record(
            actor=cast.qian_outsider,
            organisation=cast.district_a,
            held_on=timezone.localdate(),
            place="会议室",
            attendees="王强",
            attendee_count=3,
            matters=[{"title": "热水", "body": "浴室热水不足"}],
        )
    assert ForumMeeting.objects.count() == 0 and Case.objects.count() == 0
