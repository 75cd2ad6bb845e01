"""/api/patrol/…: cameras, the reference frame, frames in, detections; the surface."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tongxin.accounts.services import create_api_token
from tongxin.patrol import synth
from tongxin.patrol.models import Detection

PATHS = {
    "/api/patrol/cameras": {"get", "post"},
    "/api/patrol/cameras/{camera_id}": {"get"},
    "/api/patrol/cameras/{camera_id}/reference": {"post"},
    "/api/patrol/cameras/{camera_id}/frames": {"post"},
    "/api/patrol/detections": {"get"},
}


@pytest.fixture
def as_(db):
    def headers(person):
        _token, key = create_api_token(person=person, name="皮带摄像头集成")
        return {"Authorization": f"Bearer {key}"}

    return headers


def jpeg(**scene):
    return SimpleUploadedFile(
        "f.jpg", synth.encode(synth.frame(synth.Scene(**scene))), "image/jpeg"
    )


def test_the_surface_is_pinned(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    mine = {p: set(ops) for p, ops in paths.items() if p.startswith("/api/patrol")}
    assert mine == PATHS


def test_register_calibrate_and_post_frames(cast, client, as_):
    leader = as_(cast.wu_leader)
    response = client.post(
        "/api/patrol/cameras",
        {"unit": cast.district_a.pk, "code": "CAM-7", "name": "机尾", "belt": "2号皮带",
         "location": "主运输巷"},
        content_type="application/json", headers=leader,
    )  # fmt: skip
    assert response.status_code == 201, response.content
    camera = response.json()["id"]
    early = client.post(f"/api/patrol/cameras/{camera}/frames", {"image": jpeg()}, headers=leader)
    assert early.status_code == 422 and "标定" in early.json()["detail"]
    reference = client.post(
        f"/api/patrol/cameras/{camera}/reference", {"image": jpeg(seed=999)}, headers=leader
    )
    assert reference.status_code == 201 and reference.json()["number"] == 1
    answers = [
        client.post(
            f"/api/patrol/cameras/{camera}/frames", {"image": jpeg(shift=0.15, seed=i)},
            headers=leader,
        ).json()
        for i in range(4)
    ]  # fmt: skip
    assert [a["deviation"]["level"] for a in answers] == ["alarm"] * 4
    assert answers[0]["deviation"]["offset_ratio"] == pytest.approx(0.15, abs=0.02)
    assert answers[1]["detection_id"] is None and answers[2]["detection_id"]
    assert answers[3]["detection_id"] == answers[2]["detection_id"] == Detection.objects.get().pk
    listed = client.get("/api/patrol/detections", headers=leader).json()
    assert listed["count"] == 1 and listed["items"][0]["state"] == "pending"
    black = client.post(
        f"/api/patrol/cameras/{camera}/frames", {"image": jpeg(fault="black")}, headers=leader
    ).json()
    assert black["deviation"]["level"] == "fault" and black["fault"]["code"] == "black"


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("a.txt", b"hello", "text/plain"), "JPEG"),
        (SimpleUploadedFile("a.jpg", b"", "image/jpeg"), "空"),
        (SimpleUploadedFile("a.jpg", b"\xff\xd8\xff\xe0broken", "image/jpeg"), "损坏"),
    ],
)
def test_bad_frames_get_a_message_not_a_500(cast, client, as_, calibrated, upload, message):
    response = client.post(
        f"/api/patrol/cameras/{calibrated.pk}/frames",
        {"image": upload},
        headers=as_(cast.wu_leader),
    )
    assert response.status_code in (400, 422) and message in response.json()["detail"]


def test_wrong_size_and_strangers(cast, client, as_, calibrated):
    url = f"/api/patrol/cameras/{calibrated.pk}/frames"
    small = client.post(url, {"image": jpeg(width=320, height=180)}, headers=as_(cast.wu_leader))
    assert small.status_code == 422 and "不符" in small.json()["detail"]
    assert client.post(url, {"image": jpeg()}, headers=as_(cast.qian_outsider)).status_code == 404
    worker = client.post(url, {"image": jpeg()}, headers=as_(cast.wang_worker))
    assert worker.status_code == 404
    secretary = client.post(url, {"image": jpeg()}, headers=as_(cast.zhao_secretary))
    assert secretary.status_code == 403
    listed = client.get("/api/patrol/cameras", headers=as_(cast.zhao_secretary)).json()
    assert [c["code"] for c in listed["items"]] == ["CAM-0217"]
