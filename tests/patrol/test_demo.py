"""The demo mine's video patrol: four calibrated cameras, a week of detections in every
state, one camera at fault, and what the README promises demo02 and demo05."""

import pytest

from tests.demo_fixture import seeded_demo
from tongxin.core.models import Notification
from tongxin.hazards.models import State
from tongxin.patrol.models import Camera, Detection
from tongxin.patrol.selectors import waiting_for_patrol
from tongxin.people.models import Person

pytestmark = pytest.mark.django_db

demo = seeded_demo("--only", "patrol")


def person(employee_no: str) -> Person:
    return Person.objects.get(employee_no=employee_no)


def test_four_cameras_calibrated_and_one_at_fault(demo):
    assert "视频巡检：4 台摄像头" in demo
    cameras = Camera.objects.select_related("calibration")
    assert cameras.count() == 4
    assert all(c.calibration and c.calibration.confirmed for c in cameras)
    assert [c.code for c in cameras if c.fault] == ["CAM-0202"]
    told = Notification.objects.filter(recipient=person("demo05"), title__contains="CAM-0202")
    assert told.exists()


def test_a_week_of_detections_in_every_state(demo):
    states = set(Detection.objects.values_list("hazard__state", flat=True))
    assert {State.PENDING, State.REPORTED, State.ASSIGNED, State.DISMISSED} <= states
    assert Detection.objects.filter(cleared_at__isnull=False).exists()
    assert Detection.objects.filter(cleared_at__isnull=True).count() == 3
    kinds = set(Detection.objects.values_list("kind", flat=True))
    assert kinds == {"deviation", "pileup"}


def test_demo02_finds_three_to_confirm(demo, client):
    demo02 = person("demo02")
    assert waiting_for_patrol(demo02).count() == 3
    client.force_login(demo02)
    page = client.get("/patrol/")
    assert page.status_code == 200 and page.text.count('id="detection-') >= 3


def test_demo05_sees_the_cameras(demo, client):
    client.force_login(person("demo05"))
    page = client.get("/patrol/cameras/")
    assert page.status_code == 200 and page.text.count('id="camera-') == 4


def test_two_routes_and_a_week_of_rounds(demo, client):
    from django.utils import timezone

    from tongxin.patrol.models import Route
    from tongxin.patrol.selectors import missed_rounds

    assert Route.objects.count() == 2
    demo03 = person("demo03")
    missed = list(missed_rounds(demo03, timezone.now()))
    assert {r.state for r in missed} == {"done", "planned"}  # one skipped a point, one unwalked
    client.force_login(person("demo02"))
    page = client.get("/patrol/rounds/")
    assert page.status_code == 200 and page.text.count('id="round-') == 4


def test_the_edited_route_keeps_its_past_rounds_points(demo):
    from tongxin.patrol.models import Checkpoint, Round

    route = Round.objects.filter(route__name="运输顺槽皮带巡检").first().route
    live = list(route.checkpoints.filter(retired=False).values_list("code", flat=True))
    assert live[-1] == "XJ1-05" and "XJ1-04" not in live
    assert Checkpoint.objects.get(code="XJ1-04").retired
    for walk in route.rounds.all():
        assert len(walk.points) == 4 and Checkpoint.objects.get(code="XJ1-04").pk in walk.points
