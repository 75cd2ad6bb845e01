"""三会一课 pages: the secretary's desk and the missed view at branch, general-branch
and committee level (with query budgets), the meeting page with its QR code, the
member's phone check-in, the ledger export."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tongxin.learning.meetings import services
from tongxin.learning.models import Attendance, Meeting, MeetingState
from tongxin.people import services as people_services
from tongxin.people.models import OrgKind, Role

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
TODAY = datetime(2026, 12, 7, 10, 0, tzinfo=TZ)
FIRST = ("第一议题：学习习近平总书记关于安全生产的重要论述", True)


def hold_all_but_group_meeting_of_november(cast):
    """综采一队 held every meeting to November but November's 党小组会; 掘进二队 all."""
    for branch in (cast.branch_a, cast.branch_b):
        services.plan_year(branch=branch, year=2026)
    done = Meeting.objects.filter(period_end__lt=TODAY.date()).exclude(
        branch=cast.branch_a, type__code="group", period_start__month=11
    )
    done.update(state=MeetingState.FILED, starts_at=TODAY - timedelta(days=20))


@pytest.fixture
def general_branch(cast):
    """A general branch over 综采一队党支部's siblings: 掘进二队 moved under it would
    change paths, so a new branch under a new general branch, with its own secretary."""
    gb = people_services.org_create(
        actor=None,
        name="综采党总支",
        kind=OrgKind.GENERAL_BRANCH,
        parent=cast.committee,
        unit=cast.mine,
    )
    branch = people_services.org_create(
        actor=None, name="综采二队党支部", kind=OrgKind.BRANCH, parent=gb, unit=cast.district_a
    )
    people_services.role_assign(
        actor=None, person=cast.zhou_head, role=Role.BRANCH_SECRETARY, organisation=gb
    )
    return gb, branch


def test_the_branch_that_held_no_group_meeting_shows_as_missed_everywhere(
    cast, client_for, general_branch, django_assert_max_num_queries
):
    gb, branch_c = general_branch
    hold_all_but_group_meeting_of_november(cast)
    services.plan_year(branch=branch_c, year=2026)
    Meeting.objects.filter(branch=branch_c, period_end__lt=TODAY.date()).exclude(
        type__code="group", period_start__month=11
    ).update(state=MeetingState.HELD, starts_at=TODAY - timedelta(days=20))
    url = reverse("learning:meetings_missed")
    with time_machine.travel(TODAY, tick=False):
        # the branch's secretary
        client = client_for(cast.zhao_secretary)
        with django_assert_max_num_queries(12):
            page = client.get(url)
        rows = page.context["page"].object_list
        assert [(m.branch, m.type.code, m.period_start.month) for m in rows] == [
            (cast.branch_a, "group", 11)
        ]
        assert "党小组会" in page.content.decode()
        # the general branch sees its own branch, not 综采一队
        rows = client_for(cast.zhou_head).get(url).context["page"].object_list
        assert [(m.branch, m.type.code) for m in rows] == [(branch_c, "group")]
        # the mine's Party committee (its administrator): the whole mine
        admin = client_for(cast.feng_admin)
        with django_assert_max_num_queries(12):
            page = admin.get(url)
        missed = {(m.branch.name, m.type.code, m.period_start.month) for m in page.context["page"]}
        assert missed == {("综采一队党支部", "group", 11), ("综采二队党支部", "group", 11)}
        # 掘进二队's secretary sees none of it
        assert not list(client_for(cast.qian_outsider).get(url).context["page"])
        # a make-up 党小组会 in the period clears it
        services.meeting_create(
            actor=cast.zhao_secretary,
            branch=cast.party_group_a,
            type_code="group",
            title="第一党小组补开党小组会",
            starts_at=datetime(2026, 11, 30, 15, 0, tzinfo=TZ),
        )
        Meeting.objects.filter(title="第一党小组补开党小组会").update(state=MeetingState.FILED)
        assert not list(client_for(cast.zhao_secretary).get(url).context["page"])


def test_the_desk_shows_the_plan_due_missed_and_attendance(
    cast, client_for, django_assert_max_num_queries
):
    hold_all_but_group_meeting_of_november(cast)
    client = client_for(cast.zhao_secretary)
    with time_machine.travel(TODAY, tick=False):
        with django_assert_max_num_queries(14):
            page = client.get(reverse("learning:meetings_desk"))
        assert page.status_code == 200
        assert len(page.context["missed"]) == 1
        assert len(page.context["due"]) == 5  # December's three, the fourth quarter's two
        assert len(page.context["months"]) == 12
        # the due count links to exactly those
        listed = client.get(reverse("learning:meetings_list") + "?due=1")
        assert len(listed.context["page"].object_list) == 5
        # more meetings cost no more queries
        services.plan_year(branch=cast.branch_a, year=2027)
        with django_assert_max_num_queries(14):
            client.get(reverse("learning:meetings_desk"))
    # a worker has no desk
    assert client_for(cast.wang_worker).get(reverse("learning:meetings_desk")).status_code == 404


def test_secretary_plans_committee_members_check_in_by_qr_minutes_locked(cast, client_for):
    meeting = services.meeting_create(
        actor=cast.zhao_secretary,
        branch=cast.branch_a,
        type_code="committee",
        title="十二月支部委员会",
        starts_at=datetime(2026, 12, 8, 15, 0, tzinfo=TZ),
        place="综采一队会议室",
        agenda=(FIRST,),
    )
    secretary = client_for(cast.zhao_secretary)
    # the agenda edited on the page: a 支部委员会 without 第一议题 first is refused
    response = secretary.post(
        reverse("learning:meeting_edit", args=[meeting.pk]),
        {
            "version": meeting.version,
            "title": "十二月支部委员会",
            "starts_at": "2026-12-08T15:00",
            "place": "综采一队会议室",
            "agenda": "研究发展党员工作",
        },
    )
    assert response.status_code == 400 and "第一议题" in response.content.decode()
    response = secretary.post(
        reverse("learning:meeting_edit", args=[meeting.pk]),
        {
            "version": meeting.version,
            "title": "十二月支部委员会",
            "starts_at": "2026-12-08T15:00",
            "place": "综采一队会议室",
            "agenda": f"{FIRST[0]}\n研究发展党员工作",
            "first_topic": "on",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    with time_machine.travel(datetime(2026, 12, 8, 14, 45, tzinfo=TZ), tick=False):
        secretary = client_for(cast.zhao_secretary)  # signed in again: a day later
        page = secretary.get(reverse("learning:meeting_detail", args=[meeting.pk]))
        assert page.status_code == 200, page
        html = page.content.decode()
        checkin = reverse("learning:meeting_checkin", args=[meeting.pk, meeting.checkin_token])
        assert "<svg" in html and checkin in html
        assert html.index("第一议题：学习") < html.index("研究发展党员工作")
        # the member opens the QR link on their phone, then confirms
        member = client_for(cast.li_member)
        assert member.get(checkin).status_code == 200
        done = member.post(checkin)
        assert done.status_code == 200 and "签到成功" in done.content.decode()
        assert Attendance.objects.get(meeting=meeting, person=cast.li_member).status == "present"
        wrong = member.post(reverse("learning:meeting_checkin", args=[meeting.pk, "x" * 16]))
        assert wrong.status_code == 403 and "签到码无效" in wrong.content.decode()
        secretary.force_login(cast.zhao_secretary)
        secretary.post(
            reverse("learning:meeting_hold", args=[meeting.pk]), {"version": meeting.version}
        )
        meeting.refresh_from_db()
        assert meeting.state == "held"
    secretary = client_for(cast.zhao_secretary)
    meeting.refresh_from_db()
    assert meeting.state == "held"
    secretary.post(
        reverse("learning:meeting_file", args=[meeting.pk]),
        {
            "version": meeting.version,
            "minutes": "学习了重要论述，研究了发展党员工作。",
            "decisions": "",
        },
    )
    meeting.refresh_from_db()
    assert meeting.state == "minutes_filed"
    refused = secretary.post(
        reverse("learning:meeting_edit", args=[meeting.pk]),
        {"version": meeting.version, "title": "改", "agenda": FIRST[0], "first_topic": "on"},
    )
    assert refused.status_code == 409 and "纪要已归档" in refused.content.decode()
    secretary.post(
        reverse("learning:meeting_correct", args=[meeting.pk]),
        {"version": meeting.version, "note": "出席人数更正为 2 人。"},
    )
    page = secretary.get(reverse("learning:meeting_detail", args=[meeting.pk]))
    assert "出席人数更正为 2 人。" in page.content.decode()


def test_outside_the_window_and_not_a_member_are_refused_in_chinese(cast, client_for):
    meeting = services.meeting_create(
        actor=cast.zhao_secretary,
        branch=cast.branch_a,
        type_code="lecture",
        title="党课",
        starts_at=datetime(2026, 12, 8, 15, 0, tzinfo=TZ),
    )
    checkin = reverse("learning:meeting_checkin", args=[meeting.pk, meeting.checkin_token])
    with time_machine.travel(datetime(2026, 12, 8, 9, 0, tzinfo=TZ), tick=False):
        early = client_for(cast.li_member).post(checkin)
    assert early.status_code == 400 and "不在签到时间内" in early.content.decode()
    # the outsider does not see the meeting at all; the worker neither
    assert client_for(cast.qian_outsider).post(checkin).status_code == 404
    assert client_for(cast.wang_worker).get(checkin).status_code == 404
    # the committee's administrator sees it but is no member of the branch
    with time_machine.travel(datetime(2026, 12, 8, 15, 0, tzinfo=TZ), tick=False):
        admin = client_for(cast.feng_admin).post(checkin)
    assert admin.status_code == 403 and "不是本支部党员" in admin.content.decode()


def test_member_page_leave_request_and_the_ledger_export(cast, client_for):
    services.plan_year(branch=cast.branch_a, year=2026)
    with time_machine.travel(TODAY, tick=False):
        member = client_for(cast.li_member)
        page = member.get(reverse("learning:meetings_my"))
        assert len(page.context["upcoming"]) == 5
        meeting = page.context["upcoming"][0]
        member.post(reverse("learning:meeting_leave", args=[meeting.pk]), {"reason": "下井跟班"})
        assert Attendance.objects.get(meeting=meeting, person=cast.li_member).status == "leave"
        export = client_for(cast.zhao_secretary).get(
            reverse("learning:meetings_export") + "?type=committee&year=2026"
        )
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_home_panel_counts_link_to_exactly_what_they_count(cast, client_for):
    hold_all_but_group_meeting_of_november(cast)
    with time_machine.travel(TODAY, tick=False):
        client = client_for(cast.zhao_secretary)
        html = client.get(reverse("core:home")).content.decode()
        assert "三会一课" in html
        due_url = reverse("learning:meetings_list") + "?due=1"
        missed_url = reverse("learning:meetings_missed")
        assert f'href="{due_url}"' in html and f'href="{missed_url}"' in html
        assert len(client.get(due_url).context["page"].object_list) == 5
        assert len(client.get(missed_url).context["page"].object_list) == 1
        member = client_for(cast.li_member)
        assert "下次会议" in member.get(reverse("core:home")).content.decode()


def test_the_committee_edits_a_meeting_type_on_its_page(cast, client_for):
    client = client_for(cast.feng_admin)
    page = client.get(reverse("learning:meeting_types"))
    assert page.status_code == 200
    kind = next(r for r in page.context["rows"] if r.code == "theme_day")
    bad = client.post(
        reverse("learning:meeting_type_update", args=[kind.pk]),
        {"version": kind.version, "label": "主题党日", "cadence_months": "7"},
    )
    assert bad.status_code == 400 and "周期须为" in bad.content.decode()
    client.post(
        reverse("learning:meeting_type_update", args=[kind.pk]),
        {"version": kind.version, "label": "主题党日活动", "cadence_months": "1"},
    )
    kind.refresh_from_db()
    assert kind.label == "主题党日活动" and kind.version == 2
    assert client_for(cast.zhao_secretary).get(reverse("learning:meeting_types")).status_code == 404
