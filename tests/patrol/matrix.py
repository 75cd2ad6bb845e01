"""The video patrol's records for the permission matrix (tests/core/test_permission_matrix.py):
a calibrated camera of 综采一队 that has sent frames, and the deviation detection its
persisting alarm opened (a pending video hazard of 综采一队)."""

from tests.matrix_world import Record, World
from tongxin.patrol import services, synth


def records(world: World) -> dict[str, Record]:
    cast = world.cast
    camera = services.camera_create(
        actor=cast.wu_leader, unit=cast.district_a, code="CAM-M1", name="2号皮带机尾",
        belt="主运输2号皮带", location="主运输巷",
    )  # fmt: skip
    services.reference_set(
        actor=cast.wu_leader, camera=camera, data=synth.encode(synth.frame(synth.Scene(seed=9)))
    )
    camera.refresh_from_db()
    for seed in range(3):
        outcome = services.frame_receive(
            camera=camera, data=synth.encode(synth.frame(synth.Scene(shift=0.15, seed=seed)))
        )
    detection = outcome.detections["deviation"]
    # While it waits, the mine's Party members see it (their patrol: hazards.access).
    return {
        "patrol:pk": Record(camera),  # the camera pages
        "patrol:detection:pk": Record(detection, mine_wide=True, rows=[detection.hazard]),
        "patrol:confirm:pk": Record(detection, mine_wide=True, rows=[detection.hazard]),
        "patrol:dismiss:pk": Record(detection, mine_wide=True, rows=[detection.hazard]),
        "patrol:frame:pk": Record(detection, mine_wide=True),
        "patrol:overlay:pk": Record(detection, mine_wide=True),
        "api:camera_id": Record(camera, rows=[camera]),
    }
