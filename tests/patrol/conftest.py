"""A belt camera of 综采一队, registered by 吴 (leadership of 红岩矿), calibrated on a
synthetic reference frame; 周 (head of 机电科) maintains it."""

import pytest
from django.utils import timezone

from tongxin.patrol import services, synth
from tongxin.patrol.models import Shift


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


@pytest.fixture
def route(cast):
    return services.route_create(
        actor=cast.zhao_secretary, unit=cast.district_a, name="运输顺槽巡检路线",
        points=[("转载点", "RP-01", None), ("1号皮带机尾", "RP-02", None),
                ("2号皮带机头", "RP-03", None)],
    )  # fmt: skip


@pytest.fixture
def today_round(cast, route):
    now = timezone.localtime()
    shift = Shift.NOON if now.hour >= 16 else Shift.MORNING if now.hour >= 8 else Shift.NIGHT
    return services.round_assign(
        actor=cast.zhao_secretary, route=route, patrol=cast.li_member, day=now.date(), shift=shift
    )


@pytest.fixture
def assign(cast, route):
    """Assign 李 a round of the route `days` from today (the secretary assigns)."""
    from datetime import timedelta

    def make(days: int, shift: str = "morning"):
        return services.round_assign(
            actor=cast.zhao_secretary, route=route, patrol=cast.li_member,
            day=timezone.localdate() + timedelta(days=days), shift=shift,
        )  # fmt: skip

    return make
