"""The branch's quarterly grid meeting (季度例会): date, attendance, minutes, and the
problems it puts on the branch's problem list, all in one transaction."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.grid.reports_helpers import link
from tongxin.core.models import AuditEvent
from tongxin.grid.models import GridMeeting, Problem
from tongxin.grid.services import reports as services

MINUTES = "书记通报本季度网格工作情况，各网格员汇报走访情况，讨论职工反映的问题并明确责任人。"


@pytest.fixture
def grid(cast, crew):
    link(cast.li_member, cast.wang_worker, branch=cast.branch_a)
    link(crew.chen_member, crew.he_worker, branch=cast.branch_a)
    return crew


def _record(cast, grid, **changes):
    args = dict(
        actor=cast.zhao_secretary,
        branch=cast.branch_a,
        held_on=datetime.date(2026, 9, 28),
        place="综采一队会议室",
        attendee_ids=[cast.li_member.pk, grid.chen_member.pk, grid.ma_cadre.pk],
        absent_note="无",
        minutes=MINUTES,
        problems=[
            {"title": "夜班没有热饭", "body": "一班夜班职工反映食堂夜间不供应热饭。"},
            {"title": "", "body": ""},
            {"title": "澡堂热水不足", "body": "交接班时澡堂热水不够用，排队时间长。"},
        ],
    )
    return services.meeting_record(**(args | changes))


def test_a_meeting_with_its_problems(cast, grid, client_for):
    meeting = _record(cast, grid)
    assert (meeting.year, meeting.quarter) == (2026, 3)
    assert set(meeting.attendees.values_list("name", flat=True)) == {"李红", "陈党", "马队"}
    problems = list(Problem.objects.order_by("pk"))
    assert [p.title for p in problems] == ["夜班没有热饭", "澡堂热水不足"]
    assert all(
        (p.source, p.meeting, p.branch, p.state, p.raised_by, p.raised_on)
        == ("meeting", meeting, cast.branch_a, "open", cast.zhao_secretary, meeting.held_on)
        for p in problems
    )
    assert AuditEvent.objects.filter(action="grid.meeting.recorded").count() == 1
    assert AuditEvent.objects.filter(action="grid.problem.raised").count() == 2

    desk = client_for(cast.zhao_secretary)
    page = desk.get(f"/grid/meetings/{meeting.pk}/").content.decode()
    assert "2026年第3季度网格例会" in page and "澡堂热水不足" in page and "马队" in page
    listing = desk.get(f"/grid/branch/{cast.branch_a.pk}/meetings/")
    row = listing.context["page"].object_list[0]
    assert (row.attendee_count, row.problem_count) == (3, 2)
    # The meeting's problems are on the branch's list.
    problems_page = desk.get(f"/grid/branch/{cast.branch_a.pk}/problems/").content.decode()
    assert "2026年第3季度例会" in problems_page


def test_a_refused_meeting_saves_nothing(cast, grid):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    cases = [
        (dict(held_on=tomorrow), "不能晚于今天"),
        (dict(held_on=None), "召开日期"),
        (dict(minutes="开了个会"), "至少 20 个字"),
        (dict(attendee_ids=[]), "请勾选参会人员"),
        (dict(attendee_ids=[cast.li_member.pk, cast.qian_outsider.pk]), "本支部的党员或网格员"),
        (dict(attendee_ids=[cast.li_member.pk, cast.wang_worker.pk]), "本支部的党员或网格员"),
        (dict(attendee_ids=["1", "x"]), "本支部的党员或网格员"),
        (dict(problems=[{"title": "热饭", "body": "冷"}]), "第 1 个问题"),
        (dict(place="会" * 61), "地点不能超过 60 个字"),
    ]
    for changes, message in cases:
        with pytest.raises(ValidationError, match=message):
            _record(cast, grid, **changes)
    with pytest.raises(PermissionDenied):
        _record(cast, grid, actor=cast.qian_outsider)
    with pytest.raises(PermissionDenied):
        _record(cast, grid, actor=cast.li_member)
    assert not GridMeeting.objects.exists() and not Problem.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="grid.").exists()


def test_recording_through_the_page(cast, grid, client_for):
    desk = client_for(cast.zhao_secretary)
    url = f"/grid/meetings/new/{cast.branch_a.pk}/"
    page = desk.get(url).content.decode()
    # The attendee choice: the branch's Party members and grid members, no one else.
    for name in ("李红", "陈党", "马队", "赵书文"):
        assert name in page
    assert "王强" not in page and "钱进" not in page
    form = {
        "held_on": "2026-09-28",
        "place": "会议室",
        "attendees": [str(cast.li_member.pk), str(grid.chen_member.pk)],
        "absent_note": "马队下井",
        "minutes": "太短",
        "problem_title": ["夜班没有热饭", ""],
        "problem_body": ["一班夜班职工反映食堂夜间不供应热饭。", ""],
    }
    response = desk.post(url, form)
    assert response.status_code == 400
    page = response.content.decode()
    # What was typed is kept.
    assert "至少 20 个字" in page and "马队下井" in page and "夜班没有热饭" in page
    assert not GridMeeting.objects.exists()
    response = desk.post(url, form | {"minutes": MINUTES})
    meeting = GridMeeting.objects.get()
    assert response.status_code == 302 and response.url == f"/grid/meetings/{meeting.pk}/"
    assert meeting.problems.count() == 1 and meeting.attendees.count() == 2


def test_meetings_outside_the_branch_are_404(cast, grid, client_for):
    meeting = _record(cast, grid)
    outsider = client_for(cast.qian_outsider)
    assert outsider.get(f"/grid/branch/{cast.branch_a.pk}/meetings/").status_code == 404
    assert outsider.get(f"/grid/meetings/{meeting.pk}/").status_code == 404
    assert outsider.get(f"/grid/meetings/new/{cast.branch_a.pk}/").status_code == 404
    response = outsider.post(f"/grid/meetings/new/{cast.branch_a.pk}/", {"minutes": MINUTES})
    assert response.status_code == 404
    # Leadership and inspectors read the meetings but do not record them.
    assert client_for(cast.wu_leader).get(f"/grid/meetings/{meeting.pk}/").status_code == 200
    assert (
        client_for(cast.zheng_inspector).get(f"/grid/meetings/new/{cast.branch_a.pk}/").status_code
        == 404
    )
    assert GridMeeting.objects.count() == 1


def test_the_meetings_list_takes_the_same_queries_as_it_grows(cast, grid, client_for):
    url = f"/grid/branch/{cast.branch_a.pk}/meetings/"
    desk = client_for(cast.zhao_secretary)
    _record(cast, grid)
    desk.get(url)
    with CaptureQueriesContext(connection) as few:
        desk.get(url)
    for month in range(1, 9):
        _record(cast, grid, held_on=datetime.date(2026, month, 15))
    with CaptureQueriesContext(connection) as many:
        response = desk.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert response.context["quarters"] == [(1, True), (2, True), (3, True), (4, False)]
