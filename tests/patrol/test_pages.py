"""The pages: the patrol confirms and dismisses on a phone, the cameras for the staff,
calibration by a manager; query budgets."""

import pytest

from tongxin.hazards.models import State
from tongxin.patrol import synth
from tongxin.patrol.models import Calibration, Detection


@pytest.fixture
def two_detections(post):
    for _ in range(3):
        post(shift=0.15)
    for _ in range(3):
        post(pile=0.8)
    return list(Detection.objects.order_by("pk"))


def test_the_patrol_confirms_one_and_dismisses_another(cast, client_for, two_detections):
    deviation, pileup = two_detections
    client = client_for(cast.li_member)
    home = client.get("/patrol/")
    assert home.status_code == 200
    assert f"detection-{deviation.pk}" in home.text and f"detection-{pileup.pk}" in home.text
    page = client.get(f"/patrol/d/{deviation.pk}/")
    assert "confirm-form" in page.text and "dismiss-form" in page.text
    assert client.get(f"/patrol/d/{deviation.pk}/overlay.jpg").status_code == 200
    version = deviation.hazard.version
    done = client.post(f"/patrol/d/{deviation.pk}/confirm/", {"version": version, "note": "属实"})
    assert done.status_code == 302
    refused = client.post(f"/patrol/d/{pileup.pk}/dismiss/", {"version": 1, "reason": ""})
    assert refused.status_code == 400 and "理由" in refused.text
    client.post(
        f"/patrol/d/{pileup.pk}/dismiss/",
        {"version": pileup.hazard.version, "reason": "检修放置的工具"},
    )
    states = {d.kind: d.hazard.state for d in Detection.objects.select_related("hazard")}
    assert states == {"deviation": State.REPORTED, "pileup": State.DISMISSED}
    again = client.post(f"/patrol/d/{deviation.pk}/confirm/", {"version": version})
    assert again.status_code == 409


def test_a_worker_sees_no_detection(cast, client_for, two_detections):
    client = client_for(cast.wang_worker)
    assert "detection-" not in client.get("/patrol/").text
    assert client.get(f"/patrol/d/{two_detections[0].pk}/").status_code == 404
    assert client.get("/patrol/cameras/").status_code == 404


def test_the_camera_pages(cast, client_for, two_detections, django_assert_max_num_queries):
    camera = two_detections[0].camera
    client = client_for(cast.zhao_secretary)
    with django_assert_max_num_queries(12):
        listing = client.get("/patrol/cameras/")
    assert f"camera-{camera.pk}" in listing.text
    with django_assert_max_num_queries(14):
        page = client.get(f"/patrol/cameras/{camera.pk}/")
    assert page.status_code == 200 and 'id="latest"' in page.text
    assert client.get(f"/patrol/cameras/{camera.pk}/latest.jpg").status_code == 200
    assert client.get(f"/patrol/cameras/{camera.pk}/calibrate/").status_code == 403


def test_a_manager_calibrates_by_upload_and_adjustment(cast, client_for, calibrated):
    client = client_for(cast.wu_leader)
    page = client.get(f"/patrol/cameras/{calibrated.pk}/calibrate/")
    assert page.status_code == 200 and "patrol/calibrate" in page.text
    data = calibrated.calibration.data
    values = {
        "version": calibrated.calibration.number,
        "roi_top": data["roi"][0], "roi_bottom": data["roi"][1],
        "left_top": 0.37, "left_bottom": data["left"][1],
        "right_top": data["right"][0], "right_bottom": data["right"][1],
        "zone_x0": 0.2, "zone_y0": 0.6, "zone_x1": 0.8, "zone_y1": 0.95,
    }  # fmt: skip
    saved = client.post(f"/patrol/cameras/{calibrated.pk}/calibrate/", values)
    assert saved.status_code == 302
    latest = Calibration.objects.order_by("-number").first()
    assert latest.number == 2 and latest.confirmed and latest.data["left"][0] == 0.37
    stale = client.post(f"/patrol/cameras/{calibrated.pk}/calibrate/", values)
    assert stale.status_code == 409
    upload = synth.encode(synth.frame(synth.Scene(seed=4)))
    from django.core.files.uploadedfile import SimpleUploadedFile

    new = client.post(
        f"/patrol/cameras/{calibrated.pk}/calibrate/",
        {"image": SimpleUploadedFile("ref.jpg", upload, "image/jpeg")},
    )
    assert new.status_code == 302 and Calibration.objects.count() == 3
    bad = client.post(
        f"/patrol/cameras/{calibrated.pk}/calibrate/",
        {"image": SimpleUploadedFile("ref.jpg", b"nonsense", "image/jpeg")},
    )
    assert bad.status_code == 400 and "JPEG" in bad.text


def test_the_home_panel_counts_what_waits(cast, client_for, two_detections):
    page = client_for(cast.li_member).get("/")
    assert "patrol-panel" in page.text and "2 条皮带报警待现场确认" in page.text
