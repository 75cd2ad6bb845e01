"""三会一课 over the API: a member's meetings, one meeting with its agenda, QR check-in
and leave from the phone; out of scope is 404, refusals are in Chinese."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tongxin.accounts.services import create_api_token
from tongxin.learning.meetings import services

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
AT = datetime(2026, 12, 8, 15, 0, tzinfo=TZ)


@pytest.fixture
def call(client):
    keys = {}

    def request(person, method, path, body=None):
        if person.pk not in keys:
            keys[person.pk] = create_api_token(person=person, name="测试")[1]
        headers = {"Authorization": f"Bearer {keys[person.pk]}"}
        if method == "get":
            return client.get(f"/api{path}", headers=headers)
        return client.post(
            f"/api{path}", json.dumps(body), content_type="application/json", headers=headers
        )

    return request


@pytest.fixture
def meeting(cast):
    return services.meeting_create(
        actor=cast.zhao_secretary,
        branch=cast.branch_a,
        type_code="committee",
        title="十二月支部委员会",
        starts_at=AT,
        agenda=(("第一议题：学习重要讲话", True), ("研究发展党员", False)),
    )


def test_member_lists_reads_and_checks_in(cast, call, meeting):
    with time_machine.travel(AT, tick=False):
        listed = call(cast.li_member, "get", "/learning/meetings").json()
        assert [m["id"] for m in listed["items"]] == [meeting.pk]
        one = call(cast.li_member, "get", f"/learning/meetings/{meeting.pk}").json()
        assert one["agenda"][0] == {"title": "第一议题：学习重要讲话", "is_first_topic": True}
        assert one["actions"] == []
        wrong = call(
            cast.li_member, "post", f"/learning/meetings/{meeting.pk}/checkin", {"token": "x"}
        )
        assert wrong.status_code == 403 and "签到码无效" in wrong.json()["detail"]
        done = call(
            cast.li_member,
            "post",
            f"/learning/meetings/{meeting.pk}/checkin",
            {"token": meeting.checkin_token},
        )
        assert done.status_code == 200 and done.json()["status"] == "present"
        late = call(
            cast.li_member, "post", f"/learning/meetings/{meeting.pk}/leave", {"reason": "有事"}
        )
        assert late.status_code == 422


def test_out_of_scope_is_404(cast, call, meeting):
    assert call(cast.qian_outsider, "get", f"/learning/meetings/{meeting.pk}").status_code == 404
    assert call(cast.wang_worker, "get", "/learning/meetings").json()["items"] == []
    response = call(
        cast.qian_outsider,
        "post",
        f"/learning/meetings/{meeting.pk}/checkin",
        {"token": meeting.checkin_token},
    )
    assert response.status_code == 404


def test_leave_before_the_meeting(cast, call, meeting):
    with time_machine.travel(datetime(2026, 12, 7, 9, 0, tzinfo=TZ), tick=False):
        response = call(
            cast.li_member, "post", f"/learning/meetings/{meeting.pk}/leave", {"reason": "下井"}
        )
    assert response.status_code == 200 and response.json()["status"] == "leave"


def test_the_meeting_lists_its_photos_and_says_whether_it_was_planned(cast, call, meeting):
    from tests.learning.test_meeting_photos import jpeg
    from tongxin.learning.meetings import photos

    with time_machine.travel(AT, tick=False):
        held = services.meeting_hold(
            actor=cast.zhao_secretary, meeting_id=meeting.pk, version=meeting.version
        )
    (photo,) = photos.photos_add(
        actor=cast.zhao_secretary, meeting_id=held.pk, photos=[jpeg()], caption="会场"
    )
    one = call(cast.li_member, "get", f"/learning/meetings/{meeting.pk}").json()
    assert one["from_plan"] is False
    assert [(p["id"], p["caption"]) for p in one["photos"]] == [(photo.pk, "会场")]
    assert (
        call(cast.li_member, "get", "/learning/meetings").json()["items"][0]["from_plan"] is False
    )
