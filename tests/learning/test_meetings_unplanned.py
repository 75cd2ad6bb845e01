"""A meeting outside the generated plan: recorded by the secretary with type, time,
place, agenda (the 第一议题 rule as for planned ones) and the members expected; held,
it fulfils its type's period (not due, not missed, no reminder) like a planned one."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from tongxin.core.access import OutOfScope
from tongxin.core.models import Notification
from tongxin.learning.meetings import selectors, services
from tongxin.learning.models import Attendance, Meeting, MeetingState

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
TODAY = datetime(2026, 12, 7, 10, 0, tzinfo=TZ)
AT = datetime(2026, 12, 9, 15, 0, tzinfo=TZ)
FIRST = ("第一议题：学习党的二十届三中全会精神", True)


def extra_committee(cast, **kw):
    return services.meeting_create(
        actor=kw.pop("actor", cast.zhao_secretary),
        branch=kw.pop("branch", cast.branch_a),
        type_code=kw.pop("type_code", "committee"),
        title=kw.pop("title", "增开支部委员会：研究冬季安全生产"),
        starts_at=kw.pop("starts_at", AT),
        place=kw.pop("place", "综采一队会议室"),
        agenda=kw.pop("agenda", (FIRST, ("研究冬季安全生产", False))),
        **kw,
    )


def test_the_chosen_members_are_expected_and_holding_adds_nobody(cast):
    meeting = extra_committee(cast, expected_ids=[cast.zhao_secretary.pk])
    assert not meeting.from_plan and meeting.expected_chosen
    assert (meeting.period_start, meeting.period_end) == (date(2026, 12, 1), date(2026, 12, 31))
    with time_machine.travel(AT, tick=False):
        services.meeting_hold(actor=cast.zhao_secretary, meeting_id=meeting.pk, version=1)
    expected = Attendance.objects.filter(meeting=meeting).values_list("person", flat=True)
    assert list(expected) == [cast.zhao_secretary.pk]
    # Without a choice, every Party member of the branch is expected once it is held.
    themed = extra_committee(cast, type_code="theme_day", title="主题党日", agenda=())
    with time_machine.travel(AT, tick=False):
        services.meeting_hold(actor=cast.zhao_secretary, meeting_id=themed.pk, version=1)
    people = set(Attendance.objects.filter(meeting=themed).values_list("person", flat=True))
    assert people == {cast.zhao_secretary.pk, cast.li_member.pk}


def test_bad_input_is_refused_in_chinese_and_nothing_is_saved(cast):
    with pytest.raises(ValidationError, match="第一项议程必须是第一议题"):
        extra_committee(cast, agenda=(("研究冬季安全生产", False),))
    with pytest.raises(ValidationError, match="请选择会议类型"):
        extra_committee(cast, type_code="dinner")
    with pytest.raises(ValidationError, match="请填写召开时间"):
        extra_committee(cast, starts_at=None)
    with pytest.raises(ValidationError, match="请至少选择一名应到党员"):
        extra_committee(cast, expected_ids=[])
    # 钱进 is of 掘进二队, 王强 no Party member: neither can be expected here.
    for outsider in (cast.qian_outsider, cast.wang_worker):
        with pytest.raises(ValidationError, match="只能是本支部"):
            extra_committee(cast, expected_ids=[cast.zhao_secretary.pk, outsider.pk])
    with pytest.raises(OutOfScope):
        extra_committee(cast, actor=cast.qian_outsider)
    assert not Meeting.objects.exists() and not Attendance.objects.exists()


def test_held_it_fulfils_the_period_like_a_planned_one(cast):
    services.plan_year(branch=cast.branch_a, year=2026)
    planned = Meeting.objects.get(
        branch=cast.branch_a, type__code="committee", period_start=date(2026, 12, 1)
    )
    scope = Meeting.objects.filter(branch=cast.branch_a)
    today = TODAY.date()
    assert planned in selectors.due(scope, today)
    extra = extra_committee(cast)
    with time_machine.travel(AT, tick=False):
        services.meeting_hold(actor=cast.zhao_secretary, meeting_id=extra.pk, version=1)
    assert planned not in selectors.due(scope, today)
    # No reminder for the fulfilled period; the other December meetings still get one.
    with time_machine.travel(datetime(2026, 12, 29, 7, 20, tzinfo=TZ), tick=False):
        services.remind_due()
    titles = list(Notification.objects.values_list("title", flat=True))
    assert not [t for t in titles if "支部委员会" in t]
    assert [t for t in titles if "党小组会" in t]
    # After the period: not missed, and it counts as held.
    assert planned not in selectors.missed(scope, date(2027, 1, 5))
    assert extra in Meeting.objects.filter(state__in=selectors.DONE)


def test_a_cancelled_extra_meeting_fulfils_nothing(cast):
    services.plan_year(branch=cast.branch_a, year=2026)
    extra = extra_committee(cast)
    services.meeting_cancel(actor=cast.zhao_secretary, meeting_id=extra.pk, version=1, note="改期")
    scope = Meeting.objects.filter(branch=cast.branch_a, type__code="committee")
    missed = selectors.missed(scope, date(2027, 1, 5))
    assert [m.period_start for m in missed if m.period_start.month == 12] == [date(2026, 12, 1)]


def test_the_page_records_it_and_the_desk_shows_the_period_fulfilled(
    cast, client_for, django_assert_max_num_queries
):
    services.plan_year(branch=cast.branch_a, year=2026)
    client = client_for(cast.zhao_secretary)
    url = reverse("learning:meeting_new") + f"?branch={cast.branch_a.pk}"
    with time_machine.travel(TODAY, tick=False):
        with django_assert_max_num_queries(14):
            page = client.get(url)
        body = page.content.decode()
        assert page.status_code == 200 and "李红" in body and "赵书文" in body
        form = {
            "branch": cast.branch_a.pk,
            "type": "committee",
            "title": "增开支部委员会",
            "starts_at": "2026-12-09T15:00",
            "place": "会议室",
            "agenda": "研究冬季安全生产\n第一议题：学习讲话",
            "expected": [cast.zhao_secretary.pk],
        }
        refused = client.post(url, form)
        assert refused.status_code == 400 and "第一议题" in refused.content.decode()
        assert 'value="增开支部委员会"' in refused.content.decode()
        form.update(agenda="第一议题：学习讲话\n研究冬季安全生产", first_topic="on")
        done = client.post(url, form)
        meeting = Meeting.objects.get(title="增开支部委员会")
        assert done.status_code == 302 and done.url == reverse(
            "learning:meeting_detail", args=[meeting.pk]
        )
        assert [a.is_first_topic for a in meeting.agenda.all()] == [True, False]
        assert list(meeting.attendance.values_list("person", flat=True)) == [cast.zhao_secretary.pk]
        meeting.state = MeetingState.HELD
        meeting.save(update_fields=["state"])
        desk = client.get(reverse("learning:meetings_desk"))
        assert "本期已由计划外会议完成" in desk.content.decode()
        assert "计划外" in desk.content.decode()
        assert not [m for m in desk.context["due"] if m.type.code == "committee"]
    # The outsider cannot record one for 综采一队 (the branch is not in his reach).
    outsider = client_for(cast.qian_outsider).post(url, {**form, "title": "外人的会"})
    assert outsider.status_code == 404 and not Meeting.objects.filter(title="外人的会").exists()
    assert client_for(cast.wang_worker).get(url).status_code == 404


def test_it_is_listed_for_the_member_like_a_planned_one(cast, client_for):
    extra_committee(cast, type_code="theme_day", title="十二月主题党日", agenda=())
    with time_machine.travel(TODAY, tick=False):
        page = client_for(cast.li_member).get(reverse("learning:meetings_my"))
    assert "十二月主题党日" in page.content.decode()


def test_moved_to_another_month_it_counts_there(cast):
    meeting = extra_committee(cast, starts_at=datetime(2026, 11, 28, 15, 0, tzinfo=TZ))
    assert meeting.period_start == date(2026, 11, 1)
    moved = services.meeting_edit(
        actor=cast.zhao_secretary,
        meeting_id=meeting.pk,
        version=meeting.version,
        title=meeting.title,
        starts_at=AT,
        place="综采一队会议室",
        agenda=(FIRST,),
    )
    assert (moved.period_start, moved.period_end) == (date(2026, 12, 1), date(2026, 12, 31))
    # A planned meeting keeps the period it was planned for, wherever its time goes.
    services.plan_year(branch=cast.branch_a, year=2026)
    slot = Meeting.objects.get(
        branch=cast.branch_a, type__code="committee", period_start=date(2026, 12, 1), from_plan=True
    )
    slot = services.meeting_edit(
        actor=cast.zhao_secretary,
        meeting_id=slot.pk,
        version=slot.version,
        title=slot.title,
        starts_at=datetime(2027, 1, 3, 9, 0, tzinfo=TZ),
        agenda=(FIRST,),
    )
    assert slot.period_start == date(2026, 12, 1)


def test_the_ledger_says_which_meetings_were_outside_the_plan(cast, client_for):
    import io

    from openpyxl import load_workbook

    services.plan_year(branch=cast.branch_a, year=2026)
    extra_committee(cast)
    export = client_for(cast.zhao_secretary).get(reverse("learning:meetings_export"))
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("来源")
    sources = [r[column] for r in rows[1:]]
    assert sources.count("计划外") == 1 and sources.count("年度计划") == 44
