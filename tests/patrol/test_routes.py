"""The staff's route pages: a route of checkpoints defined in order (a work place of the
hazards area brings its code), edited while no round is walked (past rounds keep their
checkpoints), rounds assigned by shift through the person picker; the camera form."""

from django.utils import timezone

from tongxin.hazards.models import Workplace
from tongxin.patrol import services
from tongxin.patrol.models import Camera, Checkpoint, Round, Route


def test_the_secretary_defines_a_route_with_a_work_place(cast, client_for):
    place = Workplace.objects.create(unit=cast.district_a, name="1201综采工作面", code="ZC1201")
    client = client_for(cast.zhao_secretary)
    assert client.get("/patrol/routes/new/").status_code == 200
    done = client.post(
        "/patrol/routes/new/",
        {"unit": cast.district_a.pk, "name": "机头巡检", "points": "XJ-01 转载点\nZC1201\n"},
    )
    assert done.status_code == 302
    route = Route.objects.get(name="机头巡检")
    points = list(route.checkpoints.order_by("order"))
    assert [(p.code, p.name, p.workplace_id) for p in points] == [
        ("XJ-01", "转载点", None),
        ("ZC1201", "1201综采工作面", place.pk),
    ]
    page = client.get(f"/patrol/routes/{route.pk}/")
    assert "point-ZC1201" in page.text and "/patrol/c/ZC1201/qr.svg" in page.text
    assert f"route-{route.pk}" in client.get("/patrol/routes/").text


def test_bad_routes_are_refused_with_nothing_saved(cast, client_for, route):
    client = client_for(cast.zhao_secretary)
    cases = [
        ({"unit": "", "name": "x", "points": "A1 a\nA2 b"}, "单位"),
        ({"unit": cast.district_a.pk, "name": "", "points": "A1 a\nA2 b"}, "路线名称"),
        ({"unit": cast.district_a.pk, "name": "x", "points": "A1 a"}, "至少"),
        ({"unit": cast.district_a.pk, "name": "x", "points": "A1 a\nA1 b"}, "不能重复"),
        ({"unit": cast.district_a.pk, "name": "x", "points": "A1 a\nRP-01 b"}, "RP-01"),
        ({"unit": cast.district_a.pk, "name": "x", "points": "A1\nA2 b"}, "名称"),
    ]
    for data, said in cases:
        answer = client.post("/patrol/routes/new/", data)
        assert answer.status_code == 400 and said in answer.text, data
    assert Route.objects.count() == 1
    # Outside the secretary's reach: the unit is not offered.
    other = client.post(
        "/patrol/routes/new/", {"unit": cast.district_b.pk, "name": "x", "points": "A1 a\nA2 b"}
    )
    assert other.status_code == 400 and Route.objects.count() == 1


def test_an_edit_reorders_adds_and_retires_and_past_rounds_keep_theirs(cast, client_for, assign):
    route = assign(-1).route
    old, coming = route.rounds.get(), assign(1)
    client = client_for(cast.zhao_secretary)
    done = client.post(
        f"/patrol/routes/{route.pk}/edit/",
        {"name": "运输顺槽路线", "points": "RP-03 2号皮带机头\nRP-01 转载点\nRP-09 新点"},
    )
    assert done.status_code == 302
    live = list(route.checkpoints.filter(retired=False).order_by("order"))
    assert [p.code for p in live] == ["RP-03", "RP-01", "RP-09"]
    assert Checkpoint.objects.get(code="RP-02").retired
    old.refresh_from_db()
    coming.refresh_from_db()
    codes = dict(Checkpoint.objects.values_list("pk", "code"))
    assert [codes[pk] for pk in old.points] == ["RP-01", "RP-02", "RP-03"]
    assert [codes[pk] for pk in coming.points] == ["RP-03", "RP-01", "RP-09"]
    page = client.get(f"/patrol/rounds/{old.pk}/").text
    assert 'id="point-RP-02" data-status="missed"' in page and "point-RP-09" not in page
    # Adding a retired point back revives it (its QR code still hangs there).
    client = client_for(cast.zhao_secretary)
    client.post(
        f"/patrol/routes/{route.pk}/edit/",
        {"name": "运输顺槽路线", "points": "RP-02 1号皮带机尾\nRP-01 转载点"},
    )
    assert not Checkpoint.objects.get(code="RP-02").retired
    assert Checkpoint.objects.filter(route=route).count() == 4


def test_no_edit_of_points_while_a_round_is_walked(cast, client_for, route, today_round):
    services.round_scan(
        actor=cast.li_member,
        round_id=today_round.pk,
        checkpoint=route.checkpoints.first(),
        note="正常",
    )
    client = client_for(cast.zhao_secretary)
    assert "巡检结束后才能修改" in client.get(f"/patrol/routes/{route.pk}/").text
    refused = client.post(
        f"/patrol/routes/{route.pk}/edit/", {"name": "改名", "points": "RP-01 转载点\nRP-03 机头"}
    )
    assert refused.status_code == 400 and "正在进行" in refused.text
    route.refresh_from_db()
    assert route.name == "运输顺槽巡检路线" and not Checkpoint.objects.filter(retired=True)
    # The name alone may change.
    text = "RP-01 转载点\nRP-02 1号皮带机尾\nRP-03 2号皮带机头"
    renamed = client.post(f"/patrol/routes/{route.pk}/edit/", {"name": "改名", "points": text})
    assert renamed.status_code == 302
    route.refresh_from_db()
    assert route.name == "改名"


def test_the_secretary_assigns_a_round_through_the_picker(cast, client_for, route):
    client = client_for(cast.zhao_secretary)
    picked = client.get(f"/people/pick/patrol.assign/{route.pk}/", {"q": cast.li_member.name})
    ids = [row["id"] for row in picked.json()["results"]]
    assert cast.li_member.pk in ids and cast.wang_worker.pk not in ids
    day = timezone.localdate().isoformat()
    done = client.post(
        f"/patrol/routes/{route.pk}/assign/",
        {"patrol": cast.li_member.pk, "day": day, "shift": "morning"},
    )
    assert done.status_code == 302
    walk = Round.objects.get()
    assert walk.patrol == cast.li_member and len(walk.points) == 3
    assert f"round-{walk.pk}" in client_for(cast.li_member).get("/patrol/rounds/").text
    client = client_for(cast.zhao_secretary)  # the one test client, signed in again
    cases = [
        ({"patrol": cast.wang_worker.pk, "day": day, "shift": "noon"}, "党员"),
        ({"patrol": cast.li_member.pk, "day": "明天", "shift": "noon"}, "日期"),
        ({"patrol": cast.li_member.pk, "day": day, "shift": "x"}, "班次"),
        ({"patrol": cast.li_member.pk, "day": day, "shift": "morning"}, "已安排"),
    ]
    for data, said in cases:
        answer = client.post(f"/patrol/routes/{route.pk}/assign/", data)
        assert answer.status_code == 400 and said in answer.text, data
    assert Round.objects.count() == 1


def test_route_pages_are_the_staffs(cast, client_for, route):
    assert client_for(cast.wang_worker).get("/patrol/routes/").status_code == 404
    assert client_for(cast.li_member).get(f"/patrol/routes/{route.pk}/").status_code == 404
    outsider = client_for(cast.qian_outsider)
    assert outsider.get(f"/patrol/routes/{route.pk}/").status_code == 404
    answer = outsider.post(
        f"/patrol/routes/{route.pk}/assign/",
        {"patrol": cast.li_member.pk, "day": timezone.localdate().isoformat(), "shift": "noon"},
    )
    assert answer.status_code == 404 and not Round.objects.exists()


def test_route_page_query_budgets(cast, client_for, route, assign, django_assert_max_num_queries):
    for k in range(3):
        assign(k)
    client = client_for(cast.zhao_secretary)
    with django_assert_max_num_queries(14):
        assert client.get("/patrol/routes/").status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(f"/patrol/routes/{route.pk}/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get("/patrol/routes/new/").status_code == 200
    client = client_for(cast.wu_leader)  # a manager: the secretary registers no camera
    with django_assert_max_num_queries(14):
        assert client.get("/patrol/cameras/new/").status_code == 200


def test_a_manager_registers_a_camera_on_the_web(cast, client_for):
    client = client_for(cast.wu_leader)
    assert "new-camera" in client.get("/patrol/cameras/").text
    data = {
        "unit": cast.district_a.pk, "code": "CAM-0300", "name": "3号皮带机头",
        "belt": "主运输3号皮带", "location": "主运输巷", "snapshot_url": "", "snapshot_every": "10",
    }  # fmt: skip
    done = client.post("/patrol/cameras/new/", data)
    camera = Camera.objects.get(code="CAM-0300")
    assert done.status_code == 302 and done["Location"].endswith(f"/cameras/{camera.pk}/calibrate/")
    again = client.post("/patrol/cameras/new/", {**data, "name": "x"})
    assert again.status_code == 400 and "已被另一台" in again.text
    bad = client.post(
        "/patrol/cameras/new/",
        {**data, "code": "CAM-0301", "snapshot_url": "ftp://x", "snapshot_every": "0"},
    )
    assert bad.status_code == 400 and "取图地址" in bad.text and "取图间隔" in bad.text
    assert Camera.objects.count() == 1


def test_only_managers_register_cameras(cast, client_for):
    # The branch secretary sees the cameras but, as in the API, registers none.
    secretary = client_for(cast.zhao_secretary)
    assert "new-camera" not in secretary.get("/patrol/cameras/").text
    assert client_for(cast.wang_worker).get("/patrol/cameras/new/").status_code == 404


def test_the_figures_page(cast, client_for, post, route, assign, django_assert_max_num_queries):
    for _ in range(3):
        post(shift=0.15)
    assign(-1)
    client = client_for(cast.zhao_secretary)
    with django_assert_max_num_queries(14):
        page = client.get("/patrol/figures/")
    assert page.status_code == 200 and 'id="per-day"' in page.text
    assert '"deviation": [' in page.text and '"missed": [' in page.text
    rows = page.context["rows"]
    assert sum(r["deviation"] for r in rows) == 1 and sum(r["missed"] for r in rows) == 1
    assert client_for(cast.wang_worker).get("/patrol/figures/").status_code == 404


def test_the_secretary_finds_the_routes_in_the_menu(cast, client_for):
    assert 'href="/patrol/routes/"' in client_for(cast.zhao_secretary).get("/").text
    assert 'href="/patrol/routes/"' not in client_for(cast.li_member).get("/").text
