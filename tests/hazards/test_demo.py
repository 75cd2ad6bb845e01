"""The demo mine shows hazard inspection in motion: every state, overdue and supervised
hazards, thirty days of inspections with a few missed, and something for each demo
sign-in to look at."""

import pytest
from django.utils import timezone

from tests.demo_fixture import seeded_demo
from tongxin.hazards import selectors
from tongxin.hazards.models import (
    CLOCK_STATES,
    OPEN_STATES,
    Hazard,
    HazardEvent,
    HazardPhoto,
    Inspection,
    InspectionResult,
    Source,
    State,
    Workplace,
)
from tongxin.hazards.periods import period_of
from tongxin.hazards.selectors import BoardFilter
from tongxin.people.models import Person

pytestmark = pytest.mark.django_db

# Seeded once for the module; every test reads it inside a savepoint of its own.
demo = seeded_demo("--only", "hazards")


def person(employee_no: str) -> Person:
    return Person.objects.get(employee_no=employee_no)


def test_the_demo_mine_has_hazards_in_every_state(demo):
    assert "隐患排查：" in demo
    total = Hazard.objects.count()
    assert 280 <= total <= 330
    assert set(Hazard.objects.values_list("state", flat=True)) == set(State.values)
    assert set(Hazard.objects.values_list("source", flat=True)) == set(Source.values)
    today = timezone.localdate()
    overdue = Hazard.objects.filter(state__in=CLOCK_STATES, deadline__lt=today)
    assert overdue.count() >= 10
    # The sweep has escalated them, at the times the deadlines called for.
    assert HazardEvent.objects.filter(action="escalate_1", hazard__in=overdue).exists()
    assert HazardEvent.objects.filter(action="escalate_2", hazard__severity="major").exists()
    major = Hazard.objects.filter(severity="major")
    assert major.filter(state__in=OPEN_STATES, supervised=True).count() >= 3
    assert HazardEvent.objects.filter(action="recheck_fail").exists()
    assert HazardEvent.objects.filter(action__in=("union_note", "urge")).count() >= 5
    assert HazardEvent.objects.filter(action="urge").exists()
    # Re-checked by someone other than the rectifier, with evidence photos.
    closed = Hazard.objects.filter(state=State.CLOSED)
    assert closed.count() >= 100
    assert not closed.filter(rechecked_by__isnull=True).exists()
    assert HazardPhoto.objects.filter(kind="rectified").count() >= closed.count()
    # Some rectified on time, some late; the ledger's figures have both.
    late = [h for h in closed if timezone.localdate(h.rectified_at) > h.deadline]
    assert 5 <= len(late) < closed.count() // 2
    # Every event in the past and in its hazard's life, in timeline order.
    now = timezone.now()
    assert not HazardEvent.objects.filter(at__gt=now).exists()
    assert not Hazard.objects.filter(created_at__gt=now).exists()
    for hazard in Hazard.objects.prefetch_related("events"):
        events = sorted(hazard.events.all(), key=lambda e: e.pk)
        workflow = [e.at for e in events if not e.action.startswith("escalate_")]
        assert workflow[0] == hazard.created_at, hazard
        assert workflow == sorted(workflow), hazard
        if hazard.closed_at:
            assert hazard.closed_at >= hazard.created_at
        if hazard.rectified_at and hazard.state == State.CLOSED:
            assert hazard.created_at <= hazard.rectified_at <= hazard.closed_at
    # A deadline named on the timeline is the hazard's deadline.
    for event in HazardEvent.objects.filter(action="assign").select_related("hazard")[:50]:
        assert str(event.hazard.deadline) in event.note


def test_thirty_days_of_inspections_with_some_missed(demo):
    today = timezone.localdate()
    assert Workplace.objects.filter(name__contains="综采工作面").exists()
    inspections = Inspection.objects.all()
    assert inspections.count() >= 1000
    assert not inspections.filter(started_at__gt=timezone.now()).exists()
    # Every inspection marked every item of its checklist version.
    sample = inspections.order_by("?")[:20]
    for inspection in sample:
        assert InspectionResult.objects.filter(inspection=inspection).count() == (
            inspection.version.items.count()
        )
    leader = person("demo06")
    missed = selectors.missed_inspections(leader, None, today - timezone.timedelta(days=30))
    assert 3 <= len(missed) <= 60
    assert any(m["plan"].level == "crew_daily" for m in missed)
    # Hazards found at an inspection point at it, and it was on the day they were found.
    for hazard in Hazard.objects.filter(source=Source.INSPECTION).select_related(
        "inspection__plan"
    )[:50]:
        assert hazard.inspection.started_at <= hazard.created_at
        day = timezone.localdate(hazard.created_at)
        assert hazard.inspection.period == period_of(hazard.inspection.plan.level, day)


def test_each_demo_login_finds_something(demo, client):
    readme_story(client)


def readme_story(client) -> None:
    """What the README promises this area's demo sign-ins; also checked at other dates
    (tests/core/test_demo_any_date.py)."""
    demo01, demo03, demo04, demo05, demo06 = (person(f"demo0{n}") for n in (1, 3, 4, 5, 6))
    # demo01: today's daily check of his crew, not yet done; a hazard to re-check.
    today = selectors.today_for(demo01)
    assert any(row["plan"].level == "crew_daily" and row["done"] is None for row in today)
    assert selectors.my_hazards(demo01).filter(state=State.RECTIFIED).exists()
    # demo03 / demo04: the open hazards of 综采一队; demo04's own supervision notes; a miss.
    for officer in (demo03, demo04):
        assert selectors.board(officer, BoardFilter()).count() >= 10
        assert selectors.board(officer, BoardFilter(overdue=True)).exists()
        assert selectors.missed_inspections(
            officer, None, timezone.localdate() - timezone.timedelta(days=30)
        )
    assert HazardEvent.objects.filter(actor=demo04, action__in=("union_note", "urge")).exists()
    # demo05: hazards to rectify (one overdue), 机电科's to assign, his own to re-check.
    mine = selectors.my_hazards(demo05)
    assert mine.filter(responsible=demo05, state__in=CLOCK_STATES).count() >= 2
    assert mine.filter(responsible=demo05, deadline__lt=timezone.localdate()).exists()
    assert mine.filter(reported_by=demo05, state=State.RECTIFIED).exists()
    assert selectors.board(demo05, BoardFilter(state=State.REPORTED)).exists()
    # demo06: the major hazards under supervision, and the video detections to confirm.
    assert selectors.board(demo06, BoardFilter(supervised=True)).count() >= 3
    assert selectors.board(demo06, BoardFilter(state=State.PENDING)).exists()
    counts = selectors.board_counts(demo06)
    assert counts["open"] >= 100 and counts["overdue"] >= 10 and counts["major"] >= 3
    # And the desk pages show it.
    for login, urls in {
        "demo04": ["/hazards/board/", "/hazards/supervision/", "/hazards/stats/",
                   "/hazards/inspections/", "/hazards/workplaces/print/"],
        "demo06": ["/hazards/board/?supervised=1", "/hazards/stats/", "/hazards/board/export/"],
    }.items():  # fmt: skip
        client.force_login(person(login))
        for url in urls:
            assert client.get(url).status_code == 200, (login, url)
    client.force_login(person("demo04"))
    page = client.get("/hazards/supervision/").content.decode()
    assert "督促整改" in page and "工会已监督" in page


def test_a_crews_hazard_has_its_assigner_and_a_larger_one_its_right_level_checker(demo, client):
    """Issue #13: 机电科's head (demo05) sees and assigns a 机电 hazard a crew of 综采一队
    reported; the district's 安全副队长 (demo10) assigns the district's hazards and
    re-checks the 较大 one demo01 found, which demo01 may not re-check."""
    from tongxin.hazards.access import actor_kinds
    from tongxin.hazards.workflow import Actor
    from tongxin.people.models import Organisation, OrgKind

    demo01, demo05, demo10 = person("demo01"), person("demo05"), person("demo10")
    district_path = demo01.unit.path[: -Organisation.steplen]  # 综采一队
    crew_hazard = (
        selectors.board(demo05, BoardFilter(state=State.REPORTED))
        .filter(category__name="机电", unit__kind=OrgKind.CREW)
        .filter(unit_path__startswith=district_path)
        .first()
    )
    assert crew_hazard is not None
    assert Actor.MANAGER in actor_kinds(demo05, crew_hazard)
    client.force_login(demo05)
    page = client.get(f"/hazards/h/{crew_hazard.pk}/").content.decode()
    assert f"/hazards/h/{crew_hazard.pk}/act/assign/" in page
    assert selectors.board(demo10, BoardFilter(state=State.REPORTED)).exists()
    larger = Hazard.objects.get(reported_by=demo01, severity="larger", state=State.RECTIFIED)
    assert Actor.CHECKER not in actor_kinds(demo01, larger)
    assert Actor.CHECKER in actor_kinds(demo10, larger)
    assert selectors.my_hazards(demo10, "recheck").filter(pk=larger.pk).exists()
    assert not selectors.my_hazards(demo01, "recheck").filter(pk=larger.pk).exists()


def test_seeding_twice_adds_nothing(demo):
    from tongxin.hazards import demo as hazards_demo

    before = (Hazard.objects.count(), Inspection.objects.count())
    assert hazards_demo.seed(seed=1) is None
    assert (Hazard.objects.count(), Inspection.objects.count()) == before
