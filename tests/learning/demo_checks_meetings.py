"""The demo mine's 三会一课 (gathered into test_demo.py, also run at five awkward dates
by tests/core/test_demo_any_date.py)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tongxin.learning.meetings import selectors
from tongxin.learning.models import Attendance, Meeting, MeetingState
from tongxin.people.models import Organisation, OrgKind, Person, Role, RoleAssignment

STORY = "综采一队党支部"


def _last_month():
    today = timezone.localdate()
    return today, (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def test_every_branch_has_this_years_plan_and_past_meetings_held(demo):
    today, _last = _last_month()
    branches = Organisation.objects.filter(kind=OrgKind.BRANCH, tree="party")
    assert branches.exists()
    for branch in branches:
        plan = Meeting.objects.filter(branch=branch, from_plan=True, period_start__year=today.year)
        assert plan.count() == 44
    past = Meeting.objects.filter(period_end__lt=today)
    if past.exists():
        assert past.filter(state=MeetingState.FILED).count() > past.count() * 0.8


def test_the_story_branch_missed_last_months_group_meeting(demo, client):
    today, last = _last_month()
    branch = Organisation.objects.get(name=STORY, kind=OrgKind.BRANCH)
    missed = selectors.missed(Meeting.objects.filter(org_path__startswith=branch.path), today)
    assert [(m.type.code, m.period_start) for m in missed] == [("group", last)]
    viewers = [Person.objects.get(employee_no="demo03"), Person.objects.get(employee_no="demo08")]
    parent = Organisation.objects.get(path=branch.path[: -Organisation.steplen])
    if parent.kind == OrgKind.GENERAL_BRANCH:
        above = RoleAssignment.objects.filter(role=Role.BRANCH_SECRETARY, organisation=parent)
        viewers += [a.person for a in above[:1]]
    for viewer in viewers:
        client.force_login(viewer)
        page = client.get(reverse("learning:meetings_missed") + f"?branch={branch.pk}")
        assert page.status_code == 200, viewer
        rows = [(m.branch.name, m.type.code, m.period_start) for m in page.context["page"]]
        assert (STORY, "group", last) in rows, viewer


def test_minutes_to_file_and_a_committee_meeting_arranged_with_the_first_topic(demo, client):
    today, last = _last_month()
    branch = Organisation.objects.get(name=STORY, kind=OrgKind.BRANCH)
    held = Meeting.objects.get(
        branch=branch, type__code="committee", period_start=last, from_plan=True
    )
    assert held.state == MeetingState.HELD and not held.minutes
    now = Meeting.objects.get(
        branch=branch, type__code="committee", period_start=today.replace(day=1), from_plan=True
    )
    assert now.state == MeetingState.PLANNED and now.starts_at is not None
    for m in Meeting.objects.filter(type__code="committee").exclude(starts_at=None)[:50]:
        first = m.agenda.first()
        assert first is not None and first.is_first_topic
    client.force_login(Person.objects.get(employee_no="demo03"))
    page = client.get(reverse("learning:meeting_detail", args=[now.pk]))
    assert page.status_code == 200 and "<svg" in page.content.decode()
    desk = client.get(reverse("learning:meetings_desk"))
    assert desk.status_code == 200 and desk.context["branch"] == branch
    assert desk.context["missed"] and desk.context["to_file"]


def test_attendance_has_leaves_and_absences_with_reasons(demo, client):
    rows = Attendance.objects.filter(meeting__state=MeetingState.FILED)
    if not rows.exists():  # seeded on the first days of a year: nothing past yet
        return
    assert rows.filter(status="leave").exclude(reason="").exists()
    assert rows.filter(status="absent").exclude(reason="").exists()
    client.force_login(Person.objects.get(employee_no="demo02"))
    page = client.get(reverse("learning:meetings_my"))
    assert page.status_code == 200 and page.context["rate"]["expected"] > 0


def test_an_unplanned_committee_meeting_with_photos_counts_for_its_period(demo, client):
    branch = Organisation.objects.get(name=STORY, kind=OrgKind.BRANCH)
    extra = Meeting.objects.get(branch=branch, from_plan=False)
    assert extra.state == MeetingState.FILED and extra.expected_chosen
    assert extra.type.code == "committee" and extra.agenda.first().is_first_topic
    assert 1 <= extra.attendance.count() <= 3 and extra.photos.count() == 2
    slot = Meeting.objects.get(
        branch=branch, type=extra.type, period_start=extra.period_start, from_plan=True
    )
    scope = Meeting.objects.filter(org_path__startswith=branch.path)
    assert slot not in selectors.due(scope, timezone.localdate())
    client.force_login(Person.objects.get(employee_no="demo03"))
    page = client.get(reverse("learning:meeting_detail", args=[extra.pk]))
    assert page.content.decode().count('class="tx-thumb"') == 2
    # (The files were written under the seeding test's media folder, not this one's.)
    assert all(p.image.name.endswith(".jpg") for p in extra.photos.all())


def test_photos_to_remove_before_filing_and_one_added_after(demo, client):
    from tongxin.learning.models import MeetingEvent

    branch = Organisation.objects.get(name=STORY, kind=OrgKind.BRANCH)
    to_file = Meeting.objects.get(
        branch=branch, type__code="committee", state=MeetingState.HELD, from_plan=True
    )
    assert to_file.photos.count() == 1 and to_file.photos.first().event_id is None
    added = MeetingEvent.objects.get(meeting__branch=branch, action="photo")
    assert added.meeting.state == MeetingState.FILED and added.photos.count() == 1
    client.force_login(Person.objects.get(employee_no="demo03"))
    page = client.get(reverse("learning:meeting_detail", args=[to_file.pk]))
    assert "删除</button>" in page.content.decode()
