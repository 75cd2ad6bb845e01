"""A belt camera of 综采一队, registered by 吴 (leadership of 红岩矿), calibrated on a
synthetic reference frame; 周 (head of 机电科) maintains it."""

import pytest

from tongxin.patrol import services, synth


@pytest.fixture
def camera(cast):
    return services.camera_create(
        actor=cast.wu_leader,
        unit=cast.district_a,
        code="CAM-0217",
        name="2号皮带机尾",
        belt="主运输2号皮带",
        location="主运输巷",
        maintainer=cast.zhou_head,
    )


@pytest.fixture
def calibrated(cast, camera):
    services.reference_set(
        actor=cast.wu_leader, camera=camera, data=synth.encode(synth.frame(synth.Scene(seed=999)))
    )
    camera.refresh_from_db()
    return camera


@pytest.fixture
def post(calibrated):
    """Post a synthetic frame of the scene to the camera; the outcome."""

    def send(**scene):
        scene.setdefault("seed", send.seed)
        send.seed += 1
        data = synth.encode(synth.frame(synth.Scene(**scene)))
        return services.frame_receive(camera=calibrated, data=data)

    send.seed = 100
    return send
