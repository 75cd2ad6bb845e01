"""Snapshots pulled in the task queue: a video file stands in for the camera."""

from datetime import timedelta

from django.utils import timezone

from tongxin.patrol import services, synth
from tongxin.patrol.models import Camera, Detection
from tongxin.patrol.services import pull


def test_a_camera_pulled_from_a_video_file(cast, tmp_path):
    path = synth.video(
        str(tmp_path / "belt.avi"),
        [synth.Scene(seed=50 + i, shift=0.15 if i >= 2 else 0.0) for i in range(6)],
    )
    camera = services.camera_create(
        actor=cast.wu_leader, unit=cast.district_a, code="CAM-V1", name="机尾",
        belt="2号皮带", location="主运输巷", snapshot_url=path, snapshot_every=5,
    )  # fmt: skip
    reference = pull.grab(path, 0)
    services.reference_set(actor=cast.wu_leader, camera=camera, data=reference.data)
    now = timezone.now()
    for k in range(5):
        assert pull.pull_due(now + timedelta(seconds=5 * k)) == 1
        assert pull.pull_due(now + timedelta(seconds=5 * k + 1)) == 0  # not due yet
    camera = Camera.objects.get()
    assert camera.frames_seen == 5 and camera.pull_position == 5
    assert Detection.objects.get().kind == "deviation"


def test_a_camera_that_gives_nothing(cast):
    got = pull.grab("/nonexistent/belt.avi")
    assert got.data is None
