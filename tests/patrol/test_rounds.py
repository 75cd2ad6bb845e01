"""Patrol rounds: a route of checkpoints, a round assigned to a Party member by shift,
scanned in order on the phone; a skipped checkpoint and an unwalked round are missed."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tongxin.patrol import services
from tongxin.patrol.models import Round


def test_a_route_needs_points_and_a_party_member(cast, route):
    with pytest.raises(ValidationError):
        services.route_create(
            actor=cast.zhao_secretary, unit=cast.district_a, name="x", points=[("a", "RP-01", None)]
        )
    with pytest.raises(PermissionDenied):
        services.route_create(
            actor=cast.qian_outsider, unit=cast.district_a, name="x",
            points=[("a", "Q1", None), ("b", "Q2", None)],
        )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.round_assign(
            actor=cast.zhao_secretary, route=route, patrol=cast.wang_worker,
            day=timezone.localdate(), shift="morning",
        )  # fmt: skip
    assert "党员" in caught.value.message_dict["patrol"][0]


def test_a_round_scanned_with_one_checkpoint_skipped(cast, route, today_round, client_for):
    client = client_for(cast.li_member)
    assert f"round-{today_round.pk}" in client.get("/patrol/rounds/").text
    page = client.get("/patrol/c/RP-01/")
    assert "scan-form" in page.text
    empty = client.post("/patrol/c/RP-01/", {"version": today_round.version, "note": ""})
    assert empty.status_code == 400 and "情况" in empty.text
    done = client.post("/patrol/c/RP-01/", {"version": today_round.version, "note": "正常"})
    assert done.status_code == 302
    today_round.refresh_from_db()
    skipped = client.post("/patrol/c/RP-03/", {"version": today_round.version, "note": "正常"})
    assert skipped.status_code == 302
    today_round.refresh_from_db()
    back = client.post("/patrol/c/RP-02/", {"version": today_round.version, "note": "补"})
    assert back.status_code == 400 and "顺序" in back.text
    page = client.get(f"/patrol/rounds/{today_round.pk}/").text
    assert 'id="point-RP-02" data-status="missed"' in page
    client.post(f"/patrol/rounds/{today_round.pk}/finish/", {"version": today_round.version})
    today_round.refresh_from_db()
    assert today_round.state == "done" and today_round.missed_points == 1
    desk = client_for(cast.zhao_secretary).get("/patrol/rounds/missed/")
    assert f"missed-{today_round.pk}" in desk.text


def test_an_unwalked_round_is_missed_and_only_its_patrol_scans(cast, route, assign, client_for):
    old = assign(-1)
    desk = client_for(cast.zhao_secretary).get("/patrol/rounds/missed/")
    assert f"missed-{old.pk}" in desk.text and "整次未完成" in desk.text
    with pytest.raises(PermissionDenied):
        services.round_scan(
            actor=cast.zhao_secretary, round_id=old.pk, checkpoint=route.checkpoints.first(),
            note="x",
        )  # fmt: skip
    assert client_for(cast.wang_worker).get("/patrol/c/RP-01/").status_code == 404
    assert client_for(cast.qian_outsider).get(f"/patrol/rounds/{old.pk}/").status_code == 404
    assert Round.objects.count() == 1
