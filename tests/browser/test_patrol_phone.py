"""In Chromium on a phone: 李红 (a Party member of 红岩矿) confirms one belt detection and
dismisses another with a reason, then walks a round scanning the first and the third
checkpoint: the second shows as missed. Screenshots go to test-artifacts/patrol_*.png."""

import pytest
from django.utils import timezone

from tests.browser.conftest import ARTIFACTS, PHONE, sign_in
from tongxin.hazards.models import State
from tongxin.patrol import services, synth
from tongxin.patrol.models import Detection, Shift

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"patrol_{name}.png"), full_page=True)


def test_the_patrol_on_a_phone(cast, password, phone_page):
    camera = services.camera_create(
        actor=cast.wu_leader, unit=cast.district_a, code="CAM-0217", name="2号皮带机尾",
        belt="主运输2号皮带", location="主运输巷",
    )  # fmt: skip
    reference = synth.encode(synth.frame(synth.Scene(seed=999)))
    services.reference_set(actor=cast.wu_leader, camera=camera, data=reference)
    camera.refresh_from_db()
    for k, scene in enumerate([{"shift": 0.15}] * 3 + [{"pile": 0.8}] * 3):
        data = synth.encode(synth.frame(synth.Scene(seed=200 + k, **scene)))
        services.frame_receive(camera=camera, data=data)
    deviation, pileup = Detection.objects.order_by("pk")
    route = services.route_create(
        actor=cast.zhao_secretary, unit=cast.district_a, name="运输顺槽巡检路线",
        points=[("转载点", "RP-01", None), ("1号皮带机尾", "RP-02", None),
                ("2号皮带机头", "RP-03", None)],
    )  # fmt: skip
    now = timezone.localtime()
    shift = Shift.NOON if now.hour >= 16 else Shift.MORNING if now.hour >= 8 else Shift.NIGHT
    walk = services.round_assign(
        actor=cast.zhao_secretary, route=route, patrol=cast.li_member, day=now.date(), shift=shift
    )

    page = phone_page
    sign_in(page, cast.li_member.employee_no, password)
    page.goto(page.base + "/patrol/")
    _shot(page, "home")
    page.locator(f"#detection-{deviation.pk}").click()
    page.get_by_label("现场情况（可不填）").fill("皮带向右跑偏，已通知司机")
    page.get_by_role("button", name="确认隐患").click()
    page.wait_for_url(page.base + "/patrol/")
    page.locator(f"#detection-{pileup.pk}").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _shot(page, "detection")
    page.get_by_label("排除的理由（现场看到的情况）").fill("转载点为检修临时堆放的托辊")
    page.get_by_role("button", name="排除误报").click()
    page.wait_for_url(page.base + "/patrol/")
    states = {d.kind: d.hazard.state for d in Detection.objects.select_related("hazard")}
    assert states == {"deviation": State.REPORTED, "pileup": State.DISMISSED}

    for code in ("RP-01", "RP-03"):  # RP-02 passed over
        page.goto(page.base + f"/patrol/c/{code}/")
        page.get_by_label("巡检情况").fill("正常")
        page.get_by_role("button", name="记录本巡检点").click()
        page.wait_for_url(page.base + f"/patrol/rounds/{walk.pk}/")
    page.get_by_role("button", name="结束本次巡检").click()
    page.wait_for_url(page.base + f"/patrol/rounds/{walk.pk}/")
    _shot(page, "round")
    missed = page.locator("#point-RP-02")
    assert missed.get_attribute("data-status") == "missed"
    assert "漏检" in missed.inner_text()
    walk.refresh_from_db()
    assert walk.state == "done" and walk.missed_points == 1
