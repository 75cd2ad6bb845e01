"""Frames in: levels, K of N, one detection per persisting alarm, faults to the
camera's maintainer, a patrol confirming or dismissing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tongxin.core.models import Notification
from tongxin.core.timeline import Conflict
from tongxin.hazards.models import Hazard, State
from tongxin.patrol import services, synth
from tongxin.patrol.models import Camera, Detection


def test_a_reference_frame_makes_a_calibration_version(cast, calibrated):
    first = calibrated.calibration
    assert first.number == 1 and not first.confirmed
    assert first.data["left"][0] == pytest.approx(0.364, abs=0.01)
    second = services.calibration_adjust(
        actor=cast.wu_leader, camera=calibrated, drawn_from=calibrated.calibration.number,
        roi=first.data["roi"], left=(0.36, 0.31), right=first.data["right"],
        zone=first.data["zone"],
    )  # fmt: skip
    assert second.number == 2 and second.confirmed and second.note == "人工调整"
    with pytest.raises(Conflict):  # drawn from the page before the adjustment
        services.calibration_adjust(
            actor=cast.wu_leader, camera=calibrated, drawn_from=calibrated.calibration.number,
            roi=first.data["roi"], left=(0.36, 0.31), right=first.data["right"],
            zone=first.data["zone"],
        )  # fmt: skip
    with pytest.raises(ValidationError):  # the right edge left of the left one
        services.calibration_adjust(
            actor=cast.wu_leader, camera=calibrated, drawn_from=None, roi=(0.1, 0.6),
            left=(0.6, 0.6), right=(0.4, 0.4), zone=(0.2, 0.6, 0.8, 0.95),
        )  # fmt: skip


def test_only_a_manager_of_the_unit_registers_or_calibrates(cast, camera):
    with pytest.raises(PermissionDenied):
        services.camera_create(
            actor=cast.qian_outsider, unit=cast.district_a, code="CAM-9", name="x",
            belt="x", location="x",
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.reference_set(actor=cast.li_member, camera=camera, data=b"")
    with pytest.raises(ValidationError) as caught:
        services.camera_create(
            actor=cast.wu_leader, unit=cast.district_a, code="CAM-0217", name="",
            belt="b", location="l", snapshot_url="ftp://x",
        )  # fmt: skip
    assert set(caught.value.message_dict) == {"code", "name", "snapshot_url"}


def test_a_persisting_alarm_opens_one_detection_until_it_clears(cast, post):
    assert post(shift=0.15).levels["deviation"] == "alarm"
    assert post(shift=0.15).detection_id is None  # two of four: not yet
    third = post(shift=0.15)
    assert third.persisting["deviation"] and third.detection_id
    for _ in range(3):
        assert post(shift=0.16).detection_id == third.detection_id
    detection = Detection.objects.get()
    assert detection.kind == "deviation" and detection.cleared_at is None
    assert detection.peak >= detection.value > 0.1
    hazard = detection.hazard
    assert hazard.state == State.PENDING and hazard.source == "video"
    assert "向右" in hazard.description and hazard.source_ref.startswith("CAM-0217/")
    for _ in range(4):
        outcome = post()
    assert outcome.levels["deviation"] == "normal" and outcome.detection_id is None
    detection.refresh_from_db()
    assert detection.cleared_at is not None
    for _ in range(3):
        post(shift=-0.14)
    assert Detection.objects.count() == 2 and Hazard.objects.count() == 2


def test_a_passing_shadow_or_one_bad_frame_raises_nothing(post):
    for i in range(8):
        outcome = post(shift=0.15 if i == 3 else 0.0, dust=0.5, shadow=0.6)
        assert outcome.detection_id is None
    assert not Detection.objects.exists()


def test_a_heap_in_the_zone_is_a_pileup_detection(post):
    for _ in range(3):
        outcome = post(pile=0.8)
    assert outcome.levels["pileup"] == "alarm" and outcome.detection_id
    assert Detection.objects.get().kind == "pileup"


def test_black_frames_put_the_camera_at_fault_not_a_deviation(cast, post):
    for _ in range(4):
        outcome = post(fault="black")
        assert outcome.levels == {"deviation": "fault", "pileup": "fault"}
    camera = Camera.objects.get()
    assert camera.fault == "black" and camera.fault_since
    assert not Detection.objects.exists()
    told = Notification.objects.filter(recipient=cast.zhou_head, title__contains="故障")
    assert told.count() == 1
    post()
    assert Camera.objects.get().fault == "black"  # still 3 of the last 4
    post()
    assert Camera.objects.get().fault == ""


def test_a_frozen_picture_is_a_fault(calibrated):
    for picture in synth.frozen_run(synth.Scene(shift=0.15, seed=5), 4):
        outcome = services.frame_receive(camera=calibrated, data=synth.encode(picture))
    assert outcome.fault == "frozen" and Camera.objects.get().fault == "frozen"
    assert not Detection.objects.exists()


@pytest.mark.parametrize("data", [b"", b"hello", b"\x89PNG\r\n\x1a\n" + b"\0" * 20])
def test_bad_frames_are_refused_with_a_message(calibrated, data):
    with pytest.raises(ValidationError) as caught:
        services.frame_receive(camera=calibrated, data=data)
    assert caught.value.message_dict["image"]


def test_a_frame_of_another_size_is_refused(calibrated):
    data = synth.encode(synth.frame(synth.Scene(width=320, height=180)))
    with pytest.raises(ValidationError) as caught:
        services.frame_receive(camera=calibrated, data=data)
    assert "320×180" in caught.value.message_dict["image"][0]


def test_the_patrol_confirms_or_dismisses(cast, post):
    for _ in range(3):
        post(shift=0.15)
    for _ in range(3):
        post(pile=0.8)
    deviation, pileup = Detection.objects.order_by("pk")
    hazard = services.detection_confirm(
        actor=cast.li_member, detection=deviation, version=deviation.hazard.version
    )
    assert hazard.state == State.REPORTED and hazard.reported_by == cast.li_member
    with pytest.raises(PermissionDenied):  # 王强 is not a Party member
        services.detection_dismiss(
            actor=cast.wang_worker, detection=pileup, version=None, reason="阴影"
        )
    hazard = services.detection_dismiss(
        actor=cast.li_member, detection=pileup, version=pileup.hazard.version,
        reason="现场是检修放置的工具",
    )  # fmt: skip
    assert hazard.state == State.DISMISSED
