"""The video patrol's records for the permission matrix (tests/core/test_permission_matrix.py):
a calibrated camera of 综采一队 that has sent frames, and the deviation detection its
persisting alarm opened (a pending video hazard of 综采一队); a patrol route of 综采一队
with today's round for 李 (a Party member)."""

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
    route = services.route_create(
        actor=cast.zhao_secretary, unit=cast.district_a, name="运输顺槽巡检路线",
        points=[("转载点", "RP-M1", None), ("1号皮带机尾", "RP-M2", None)],
    )  # fmt: skip
    walk = services.round_assign(
        actor=cast.zhao_secretary, route=route, patrol=cast.li_member, day=world.today,
        shift="noon",
    )  # fmt: skip
    return {
        "patrol:pk": Record(camera),  # the camera pages
        "patrol:detection:pk": Record(detection, mine_wide=True, rows=[detection.hazard]),
        "patrol:confirm:pk": Record(detection, mine_wide=True, rows=[detection.hazard]),
        "patrol:dismiss:pk": Record(detection, mine_wide=True, rows=[detection.hazard]),
        "patrol:frame:pk": Record(detection, mine_wide=True),
        "patrol:overlay:pk": Record(detection, mine_wide=True),
        "api:camera_id": Record(camera, rows=[camera]),
        # The staff's route pages (the branch secretary's): not the camera's "patrol:pk".
        "patrol:route:pk": Record(route, rows=[route]),
        "patrol:route_edit:pk": Record(route, rows=[route]),
        "patrol:route_assign:pk": Record(route, rows=[route]),
        "patrol:round:pk": Record(walk, rows=[walk]),
        "patrol:round_finish:pk": Record(walk, rows=[walk]),
        # A checkpoint's QR page is open to the mine's Party members (their patrol).
        "patrol:code": Record("RP-M1", mine_wide=True),
    }
