"""/api/hazards/…: the phone pages' actions and the video patrol's detections.

The story: 王强 (wang_worker, 综采一队一班) does the crew's daily check at the 1201 face
and reports what he sees; 李红 (li_member, a Party member of 综采一队二班) rectifies and,
as the mine's Party-member patrol, confirms what the cameras report; 吴矿长 (wu_leader)
manages; 钱进 (qian_outsider, 掘进二队) is outside; 冯管理 (feng_admin) holds the token
the video patrol's integration uses.
"""

import io
import json

import pytest
import schemathesis
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from PIL import Image
from schemathesis import checks

from tests.api.conftest import UNCOMPRESSED
from tongxin.hazards import services
from tongxin.hazards.models import (
    ChecklistTemplate,
    Hazard,
    HazardCategory,
    HazardPhoto,
    Inspection,
    State,
    Workplace,
)
from tongxin.people import services as people_services
from tongxin.people.models import OrgKind

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "未找到。"}


# --- Fixtures ---------------------------------------------------------------------------


@pytest.fixture
def as_(token_for):
    """Clients calling as a person with a bearer token, one per person."""
    clients = {}

    def client_for(person):
        if person.pk not in clients:
            clients[person.pk] = Client(headers={"Authorization": f"Bearer {token_for(person)}"})
        return clients[person.pk]

    return client_for


@pytest.fixture
def categories(cast):
    return {c.name: c for c in HazardCategory.objects.all()}


@pytest.fixture
def face(cast):
    return Workplace.objects.create(unit=cast.district_a, name="1201综采工作面", code="ZC1201")


@pytest.fixture
def daily_plan(cast, categories, face):
    template = ChecklistTemplate.objects.create(
        name="综采工作面班组日查表", unit=cast.district_a, level="crew_daily", standard="一面一册"
    )
    services.checklist_publish(
        actor=cast.wu_leader,
        template=template,
        items=[
            ("支架", categories["顶板"], "支架初撑力达标，无歪斜咬架"),
            ("通风", categories["通风"], "风筒吊挂平直，距工作面不超过5米"),
            ("瓦斯", categories["瓦斯"], "甲烷传感器位置正确、读数正常"),
        ],
    )
    return services.plan_create(
        actor=cast.wu_leader,
        unit=cast.crew_a1,
        level="crew_daily",
        template=template,
        workplace=face,
    )


def jpeg(color="gray", size=(120, 90), exif=None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, color)
    if exif is not None:
        image.save(out, "JPEG", exif=exif)
    else:
        image.save(out, "JPEG")
    return out.getvalue()


def upload(name="photo.jpg", data=None, content_type="image/jpeg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, jpeg() if data is None else data, content_type=content_type)


def post(client, path, data):
    return client.post(f"/api{path}", json.dumps(data), content_type="application/json")


def items_of(plan):
    return list(services.current_version(plan).items.order_by("area", "order", "pk"))


def report(client, cast, categories, **fields):
    data = {
        "unit": cast.crew_a1.pk,
        "location": "二班工具房",
        "category": categories["机电"].pk,
        "severity": "general",
        "description": "配电箱门无法关闭，有触电风险",
        "measures": "更换门锁",
    }
    data.update(fields)
    return post(client, "/hazards", data)


def assigned_to_li(as_, cast, categories, **fields) -> dict:
    """王强 reports a hazard with 李红 responsible: assigned at once."""
    response = report(
        as_(cast.wang_worker), cast, categories, responsible=cast.li_member.pk, **fields
    )
    assert response.status_code == 201, response.json()
    return response.json()


def rectify(client, hazard, note="已更换门锁", photos=None):
    photos = [upload()] if photos is None else photos
    return client.post(
        f"/api/hazards/{hazard['id']}/rectify",
        {"version": hazard["version"], "note": note, "photos": photos},
    )


def detect(client, cast, categories, **fields):
    data = {
        "unit": cast.district_a.pk,
        "category": categories["运输"].pk,
        "severity": "general",
        "location": "主运输巷 2号皮带机尾",
        "description": "皮带跑偏，偏离托辊中心",
        "source_ref": "CAM-0217/20261124T0812",
        "confidence": "0.91",
        "photo": upload("frame.jpg"),
    }
    data.update(fields)
    return client.post("/api/hazards/detections", data)


# --- Today's inspections and recording one ---------------------------------------------


def test_today_lists_my_plans_with_the_current_checklist(cast, as_, daily_plan):
    response = as_(cast.wang_worker).get("/api/hazards/today")
    assert response.status_code == 200, response.json()
    (row,) = response.json()["items"]
    assert row["plan"]["id"] == daily_plan.pk
    assert (row["plan"]["level"], row["plan"]["level_label"]) == ("crew_daily", "班组日查")
    assert row["plan"]["unit"]["name"] == "一班"
    assert row["plan"]["workplace"] == {"code": "ZC1201", "name": "1201综采工作面"}
    assert (row["done"], row["done_by"], row["checklist_version"]) == (False, None, 1)
    assert [(i["area"], i["category"]) for i in row["items"]] == [
        ("支架", "顶板"),
        ("瓦斯", "瓦斯"),
        ("通风", "通风"),
    ]
    assert {i["id"] for i in row["items"]} == {i.pk for i in items_of(daily_plan)}
    # 钱进 of 掘进二队 takes no part in it.
    assert as_(cast.qian_outsider).get("/api/hazards/today").json()["items"] == []


def test_an_inspection_with_one_failure_creates_an_assigned_hazard(
    cast, as_, daily_plan, categories
):
    wang = as_(cast.wang_worker)
    support, gas, air = items_of(daily_plan)
    marks = [
        {"item": gas.pk, "ok": True},
        {"item": air.pk, "ok": True, "note": "正常"},
        {
            "item": support.pk,
            "ok": False,
            "note": "3号支架初撑力不足",
            "finding": {
                "location": "1201工作面 3号支架",
                "severity": "larger",
                "description": "3号支架初撑力不足，顶板有离层迹象",
                "measures": "补液升柱，重新初撑",
                "responsible": cast.li_member.pk,
            },
        },
    ]
    response = post(wang, "/hazards/inspections", {"plan": daily_plan.pk, "marks": marks})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["plan"], body["checked"], body["failed"]) == (daily_plan.pk, 3, 1)
    (found,) = body["hazards"]
    assert (found["state"], found["responsible"], found["category"]) == ("assigned", "李红", "顶板")
    assert found["source"] == "inspection" and found["workplace"]["code"] == "ZC1201"
    assert found["deadline"] is not None and found["severity_label"] == "较大"
    inspection = Inspection.objects.get()
    assert inspection.inspector == cast.wang_worker and inspection.results.count() == 3

    today = wang.get("/api/hazards/today").json()["items"][0]
    assert (today["done"], today["done_by"]) == (True, "王强")
    # The same period again, by anyone: 409, and nothing more saved.
    for person in (cast.wang_worker, cast.zhao_secretary):
        again = post(as_(person), "/hazards/inspections", {"plan": daily_plan.pk, "marks": marks})
        assert again.status_code == 409
        assert "已由 王强 完成" in again.json()["detail"]
    assert Inspection.objects.count() == 1 and Hazard.objects.count() == 1


@pytest.mark.parametrize(
    "case, message",
    [
        ("missing item", "还有 1 项没有检查"),
        ("failed without severity", "请选择隐患等级"),
        ("unknown responsible", "整改责任人必须是本矿在职人员"),
        ("past deadline", "整改期限不能早于今天"),
    ],
)
def test_a_bad_inspection_is_422_in_chinese_and_saves_nothing(cast, as_, daily_plan, case, message):
    support, gas, air = items_of(daily_plan)
    marks = [{"item": gas.pk, "ok": True}, {"item": air.pk, "ok": True}]
    if case == "missing item":
        pass
    elif case == "failed without severity":
        marks.append({"item": support.pk, "ok": False, "note": "初撑力不足"})
    elif case == "unknown responsible":
        finding = {"severity": "general", "responsible": 99999999}
        marks.append({"item": support.pk, "ok": False, "finding": finding})
    else:
        finding = {"severity": "general", "deadline": "2020-01-01"}
        marks.append({"item": support.pk, "ok": False, "finding": finding})
    response = post(
        as_(cast.wang_worker), "/hazards/inspections", {"plan": daily_plan.pk, "marks": marks}
    )
    assert response.status_code == 422, response.json()
    assert message in response.json()["detail"]
    assert Inspection.objects.count() == 0 and Hazard.objects.count() == 0


def test_a_plan_outside_is_404(cast, as_, daily_plan):
    marks = [{"item": i.pk, "ok": True} for i in items_of(daily_plan)]
    for person, plan_id in [(cast.qian_outsider, daily_plan.pk), (cast.wang_worker, 99999999)]:
        response = post(as_(person), "/hazards/inspections", {"plan": plan_id, "marks": marks})
        assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert Inspection.objects.count() == 0


# --- Reporting ------------------------------------------------------------------------------


def test_worker_reports_a_hazard(cast, as_, categories):
    response = report(as_(cast.wang_worker), cast, categories)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["state"], body["source"], body["version"]) == ("reported", "report", 0)
    assert body["responsible"] is None and body["deadline"] is None
    assert body["reported_by"] == "综采一队 一班 王强" and body["unit"]["id"] == cast.crew_a1.pk
    assert [e["action"] for e in body["timeline"]] == ["report"]
    assert body["timeline"][0]["to_state_label"] == "已上报待指派"
    # 王强 found it: he sees it; he cannot assign it.
    assert body["actions"] == []
    hazard = Hazard.objects.get()
    assert hazard.reported_by == cast.wang_worker and hazard.unit_path == cast.crew_a1.path


def test_a_major_hazard_is_supervised_at_once(cast, as_, categories):
    response = report(
        as_(cast.wang_worker),
        cast,
        categories,
        unit=None,  # his own unit
        category=categories["瓦斯"].pk,
        severity="major",
        location="1201回风巷",
        description="回风流瓦斯浓度超限",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["supervised"] is True and body["unit"]["name"] == "一班"
    assert [e["action"] for e in body["timeline"]] == ["report", "supervise"]


def test_a_report_with_a_workplace_code(cast, as_, categories, face):
    response = report(as_(cast.wang_worker), cast, categories, workplace="ZC1201")
    assert response.status_code == 201
    assert response.json()["workplace"] == {"code": "ZC1201", "name": "1201综采工作面"}
    wrong = report(as_(cast.wang_worker), cast, categories, workplace="NOPE")
    assert wrong.status_code == 422 and "NOPE" in wrong.json()["detail"]


@pytest.mark.parametrize(
    "fields, status, message",
    [
        ({"description": "短"}, 422, "请描述隐患"),
        ({"location": "  "}, 422, "请填写隐患的具体位置"),
        ({"category": 99999999}, 422, "请选择隐患类别"),
        ({"unit": 99999999}, 422, "请选择责任单位"),
        ({"unit": "committee"}, 422, "请选择责任单位"),
        ({"severity": "huge"}, 422, "请求参数不正确：severity"),
        ({"description": "配电箱\x00门"}, 422, "请求参数不正确：description"),
        ({"unit": "other_mine"}, 403, "只能上报本矿的隐患"),
    ],
)
def test_a_bad_report_is_refused_and_saves_nothing(cast, as_, categories, fields, status, message):
    if fields.get("unit") == "committee":
        fields["unit"] = cast.committee.pk
    elif fields.get("unit") == "other_mine":
        other = people_services.org_create(
            actor=None, name="青山矿", kind=OrgKind.MINE, parent=cast.company
        )
        fields["unit"] = other.pk
    response = report(as_(cast.wang_worker), cast, categories, **fields)
    assert response.status_code == status, response.json()
    assert message in response.json()["detail"]
    assert not Hazard.objects.exists()


def test_categories(cast, as_):
    items = as_(cast.wang_worker).get("/api/hazards/categories").json()["items"]
    assert [c["name"] for c in items][:3] == ["顶板", "通风", "瓦斯"]


# --- The lifecycle: start, rectify, re-check by another ---------------------------------------


def test_rectified_rechecked_by_another_and_closed(cast, as_, categories):
    wang, li = as_(cast.wang_worker), as_(cast.li_member)
    hazard = assigned_to_li(as_, cast, categories)
    assert hazard["state"] == "assigned" and hazard["responsible"] == "李红"

    mine = li.get("/api/hazards/mine").json()
    assert [h["id"] for h in mine["items"]] == [hazard["id"]]
    detail = li.get(f"/api/hazards/{hazard['id']}").json()
    assert detail["actions"] == ["start", "rectify"]

    started = post(li, f"/hazards/{hazard['id']}/start", {"version": detail["version"]})
    assert started.status_code == 200, started.json()
    assert started.json()["state"] == "rectifying"

    done = rectify(li, started.json(), note="已更换门锁并试验")
    assert done.status_code == 200, done.json()
    body = done.json()
    assert (body["state"], body["rectified_by"]) == ("rectified", "李红")
    assert [p["kind"] for p in body["photos"]] == ["rectified"]
    assert body["photos"][0]["url"] == f"/hazards/photo/{body['photos'][0]['id']}/"
    # 李红 may not re-check her own rectification; 王强, who found it, may.
    assert body["actions"] == []
    refused = post(
        li, f"/hazards/{hazard['id']}/recheck", {"version": body["version"], "passed": True}
    )
    assert refused.status_code == 403
    assert "复查" in refused.json()["detail"]
    assert li.get("/api/hazards/mine").json()["count"] == 0
    assert [h["id"] for h in wang.get("/api/hazards/mine").json()["items"]] == [hazard["id"]]
    assert wang.get(f"/api/hazards/{hazard['id']}").json()["actions"] == ["recheck"]

    # A failed re-check needs a reason, then sends it back.
    no_reason = post(
        wang, f"/hazards/{hazard['id']}/recheck", {"version": body["version"], "passed": False}
    )
    assert no_reason.status_code == 422 and "写明问题" in no_reason.json()["detail"]
    back = post(
        wang,
        f"/hazards/{hazard['id']}/recheck",
        {"version": body["version"], "passed": False, "note": "门锁仍然松动"},
    )
    assert back.status_code == 200, back.json()
    assert (back.json()["state"], back.json()["rectified_at"]) == ("rectifying", None)

    again = rectify(li, back.json(), note="换了新门")
    closed = post(
        wang,
        f"/hazards/{hazard['id']}/recheck",
        {"version": again.json()["version"], "passed": True, "note": "合格"},
    )
    assert closed.status_code == 200, closed.json()
    body = closed.json()
    assert (body["state"], body["rechecked_by"]) == ("closed", "王强")
    assert body["closed_at"] is not None
    assert [e["action"] for e in body["timeline"]] == [
        "report",
        "start",
        "rectify",
        "recheck_fail",
        "rectify",
        "recheck_pass",
    ]
    assert [p["kind"] for p in body["photos"]] == ["rectified", "rectified"]


def test_a_manager_who_rectified_cannot_recheck_it(cast, as_, categories):
    """吴矿长 may re-check any hazard of the mine, but not one he rectified himself."""
    hazard = assigned_to_li(as_, cast, categories)
    wu = as_(cast.wu_leader)
    assigned = post(
        wu,
        f"/hazards/{hazard['id']}/assign",
        {"version": hazard["version"], "responsible": cast.wu_leader.pk},
    )
    assert assigned.status_code == 200, assigned.json()
    assert assigned.json()["responsible"] == "吴矿长"
    done = rectify(wu, assigned.json())
    assert done.status_code == 200, done.json()
    assert "recheck" not in done.json()["actions"]
    response = post(
        wu, f"/hazards/{hazard['id']}/recheck", {"version": done.json()["version"], "passed": True}
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "整改人不能复查自己整改的隐患，请由其他人员复查验收。"
    assert Hazard.objects.get().state == State.RECTIFIED


def test_two_people_on_the_same_version_the_second_gets_409(cast, as_, categories):
    hazard = assigned_to_li(as_, cast, categories)
    li = as_(cast.li_member)
    done = rectify(li, hazard)
    assert done.status_code == 200
    version = done.json()["version"]
    # 王强 (the finder) and 吴矿长 (the mine's leadership) both re-check what they read.
    first = post(as_(cast.wang_worker), f"/hazards/{hazard['id']}/recheck",
                 {"version": version, "passed": True})  # fmt: skip
    second = post(as_(cast.wu_leader), f"/hazards/{hazard['id']}/recheck",
                  {"version": version, "passed": False, "note": "还有问题"})  # fmt: skip
    assert first.status_code == 200 and first.json()["state"] == "closed"
    assert second.status_code == 409
    assert "刚刚已被他人处理" in second.json()["detail"]
    assert "已销号" in second.json()["detail"]
    assert Hazard.objects.get().rechecked_by == cast.wang_worker
    # A stale version on any step, and a step the state does not allow.
    stale = post(li, f"/hazards/{hazard['id']}/start", {"version": hazard["version"]})
    assert stale.status_code == 409
    current = post(li, f"/hazards/{hazard['id']}/start", {"version": first.json()["version"]})
    assert current.status_code == 409 and "不能开始整改" in current.json()["detail"]


def test_a_hazard_outside_is_404_for_every_endpoint(cast, as_, categories):
    hazard = assigned_to_li(as_, cast, categories)
    hid, version = hazard["id"], hazard["version"]
    # 钱进 (another district), 王强's colleague of another crew who has nothing to do with
    # it, and an id that does not exist.
    zhou = as_(cast.zhou_head)  # head of 机电科: a department, not the crew's line
    for client, pk in [
        (as_(cast.qian_outsider), hid),
        (zhou, hid),
        (as_(cast.li_member), 99999999),
    ]:
        assert (client.get(f"/api/hazards/{pk}").status_code) == 404
        for step, data in [
            ("start", {"version": version}),
            ("recheck", {"version": version, "passed": True}),
            ("confirm", {"version": version}),
            ("dismiss", {"version": version, "reason": "误报"}),
            ("assign", {"version": version, "responsible": cast.qian_outsider.pk}),
        ]:
            response = post(client, f"/hazards/{pk}/{step}", data)
            assert (response.status_code, response.json()) == (404, NOT_FOUND), step
        response = rectify(client, {"id": pk, "version": version})
        assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert Hazard.objects.get().state == State.ASSIGNED


def test_a_worker_cannot_assign(cast, as_, categories):
    hazard = report(as_(cast.wang_worker), cast, categories).json()
    response = post(
        as_(cast.wang_worker),
        f"/hazards/{hazard['id']}/assign",
        {"version": hazard["version"], "responsible": cast.li_member.pk},
    )
    assert response.status_code == 403 and "指派整改" in response.json()["detail"]
    unknown = post(
        as_(cast.wu_leader),
        f"/hazards/{hazard['id']}/assign",
        {"version": hazard["version"], "responsible": 99999999},
    )
    assert unknown.status_code == 422 and "本矿在职人员" in unknown.json()["detail"]
    assert Hazard.objects.get().state == State.REPORTED


# --- Pictures: only real images, not too large -------------------------------------------------


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("fixed.jpg", b"this is not a picture at all", "不是可识别的图片"),
        ("fixed.jpg", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "不是可识别的图片"),
        ("fixed.gif", None, "不是可识别的图片"),
        ("huge.jpg", "big", "太大"),
    ],
)
def test_a_bad_evidence_photo_is_422_and_nothing_changes(
    cast, as_, categories, settings, name, data, message
):
    settings.PHOTO_MAX_UPLOAD_MB = 1
    if data is None:  # a real GIF: an image, but not one a phone takes
        out = io.BytesIO()
        Image.new("RGB", (20, 20), "red").save(out, "GIF")
        data = out.getvalue()
    elif data == "big":
        data = jpeg() + b"\0" * (1024 * 1024 + 1)
    hazard = assigned_to_li(as_, cast, categories)
    response = rectify(as_(cast.li_member), hazard, photos=[upload(name, data)])
    assert response.status_code == 422, response.json()
    assert message in response.json()["detail"]
    assert name in response.json()["detail"]
    hazard = Hazard.objects.get()
    assert hazard.state == State.ASSIGNED and hazard.version == 0
    assert not HazardPhoto.objects.exists()


def test_more_files_than_a_request_may_carry_is_a_json_400(cast, as_, categories, settings):
    # Django refuses the form while ninja reads it; the API still answers in JSON.
    hazard = assigned_to_li(as_, cast, categories)
    many = [upload(f"p{n}.jpg") for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)]
    response = rectify(as_(cast.li_member), hazard, photos=many)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "一次最多上传" in response.json()["detail"]
    assert Hazard.objects.get().state == State.ASSIGNED and not HazardPhoto.objects.exists()


def test_rectify_needs_photos_and_a_note(cast, as_, categories):
    hazard = assigned_to_li(as_, cast, categories)
    li = as_(cast.li_member)
    no_photos = li.post(
        f"/api/hazards/{hazard['id']}/rectify", {"version": hazard["version"], "note": "已修"}
    )
    assert no_photos.status_code == 422 and "photos" in no_photos.json()["detail"]
    no_note = rectify(li, hazard, note=" ")
    assert no_note.status_code == 422 and "请说明整改情况" in no_note.json()["detail"]
    assert Hazard.objects.get().state == State.ASSIGNED


# --- Video patrol: detections, confirmed or dismissed -------------------------------------------


def test_a_detection_waits_for_the_patrol_who_confirms_it(cast, as_, categories, token_for):
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x0110] = "CAM-0217"  # Model
    frame = upload("frame.jpg", jpeg(exif=exif))
    response = detect(as_(cast.feng_admin), cast, categories, photo=frame)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["state"], body["source"], body["version"]) == ("pending", "video", 0)
    assert (body["source_ref"], body["confidence"]) == ("CAM-0217/20261124T0812", 0.91)
    assert body["reported_by"] is None and body["supervised"] is False
    assert [e["action"] for e in body["timeline"]] == ["detect"]
    assert [p["kind"] for p in body["photos"]] == ["found"]
    stored = HazardPhoto.objects.get()
    with Image.open(stored.image.path) as image:
        assert not image.getexif()
    assert set(body["actions"]) == {"confirm", "dismiss"}

    # 李红, a Party member of the mine, is the patrol: she may read it and confirm it.
    li = as_(cast.li_member)
    seen = li.get(f"/api/hazards/{body['id']}")
    assert seen.status_code == 200 and set(seen.json()["actions"]) == {"confirm", "dismiss"}
    # 王强 is not a Party member: it is not his to see.
    wang = as_(cast.wang_worker)
    assert wang.get(f"/api/hazards/{body['id']}").status_code == 404
    assert post(wang, f"/hazards/{body['id']}/confirm", {"version": 0}).status_code == 404

    confirmed = post(li, f"/hazards/{body['id']}/confirm", {"version": 0, "note": "现场确认跑偏"})
    assert confirmed.status_code == 200, confirmed.json()
    assert (confirmed.json()["state"], confirmed.json()["reported_by"]) == (
        "reported",
        "综采一队 二班 李红",
    )
    # At the same time, the leadership dismisses what it read: too late.
    late = post(as_(cast.wu_leader), f"/hazards/{body['id']}/dismiss",
                {"version": 0, "reason": "阴影误判"})  # fmt: skip
    assert late.status_code == 409
    assert Hazard.objects.get().state == State.REPORTED


def test_a_detection_dismissed_by_the_patrol(cast, as_, categories):
    body = detect(as_(cast.feng_admin), cast, categories, description="物料堆积，堵塞机尾").json()
    li = as_(cast.li_member)
    empty = post(li, f"/hazards/{body['id']}/dismiss", {"version": 0, "reason": " "})
    assert empty.status_code == 422 and "理由" in empty.json()["detail"]
    response = post(li, f"/hazards/{body['id']}/dismiss", {"version": 0, "reason": "现场无堆积"})
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "dismissed" and response.json()["closed_at"]
    # Once dismissed it is no longer the patrol's: 李红 neither found nor rectifies it.
    assert li.get(f"/api/hazards/{body['id']}").status_code == 404


@pytest.mark.parametrize(
    "fields, status, message",
    [
        ({"photo": "text"}, 422, "不是可识别的图片"),
        ({"photo": "big"}, 422, "太大"),
        ({"photo": None}, 422, "photo"),
        ({"confidence": "7"}, 422, "confidence"),
        ({"source_ref": " "}, 422, "请提供来源编号"),
        ({"category": "99999999"}, 422, "请选择隐患类别"),
        ({"unit": "99999999"}, 422, "请选择责任单位"),
        ({"description": "跑"}, 422, "请描述隐患"),
    ],
)
def test_a_bad_detection_is_422_and_saves_nothing(
    cast, as_, categories, settings, fields, status, message
):
    settings.PHOTO_MAX_UPLOAD_MB = 1
    if fields.get("photo") == "text":
        fields["photo"] = upload("frame.jpg", b"GIF89a not really", "image/jpeg")
    elif fields.get("photo") == "big":
        fields["photo"] = upload("frame.jpg", jpeg() + b"\0" * (1024 * 1024 + 1))
    elif "photo" in fields:
        del fields["photo"]
        response = as_(cast.feng_admin).post(
            "/api/hazards/detections",
            {
                "unit": cast.district_a.pk,
                "category": categories["运输"].pk,
                "severity": "general",
                "location": "2号皮带",
                "description": "皮带跑偏严重",
                "source_ref": "CAM-1",
            },
        )
        assert response.status_code == 422 and message in response.json()["detail"]
        assert not Hazard.objects.exists()
        return
    response = detect(as_(cast.feng_admin), cast, categories, **fields)
    assert response.status_code == status, response.json()
    assert message in response.json()["detail"]
    assert not Hazard.objects.exists()


def test_detections_take_a_manager_token_and_never_a_session(cast, as_, categories, client):
    # A worker's token: no manager role over the unit.
    response = detect(as_(cast.wang_worker), cast, categories)
    assert response.status_code == 403 and "无权" in response.json()["detail"]
    # A session, even a manager's: 401.
    client.force_login(cast.wu_leader)
    response = detect(client, cast, categories)
    assert response.status_code == 401
    assert not Hazard.objects.exists()


# --- Query counts -------------------------------------------------------------------------------


def _queries(client, url):
    client.get(url)  # warm up: token last-used
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _add_hazards(cast, categories, n, *, face=None):
    Hazard.objects.bulk_create(
        Hazard(
            source="report",
            unit=cast.crew_a1 if i % 2 else cast.district_a,
            unit_path=(cast.crew_a1 if i % 2 else cast.district_a).path,
            workplace=face if i % 3 else None,
            location=f"位置{i}",
            category=list(categories.values())[i % len(categories)],
            severity="general",
            description="批量生成的隐患",
            responsible=cast.li_member,
            reported_by=cast.wang_worker,
            deadline="2030-01-01",
            state=State.ASSIGNED if i % 2 else State.RECTIFYING,
        )
        for i in range(n)
    )


def test_my_hazards_query_count_is_flat(cast, as_, categories, face):
    li = as_(cast.li_member)
    _add_hazards(cast, categories, 3, face=face)
    small = _queries(li, "/api/hazards/mine")
    _add_hazards(cast, categories, 60, face=face)
    big = _queries(li, "/api/hazards/mine")
    assert small == big
    assert big <= 6
    body = li.get("/api/hazards/mine").json()
    assert (body["count"], body["pages"], len(body["items"])) == (63, 2, 50)


def test_hazard_detail_query_count_does_not_grow_with_the_timeline(cast, as_, categories):
    hazard = assigned_to_li(as_, cast, categories)
    li = as_(cast.li_member)
    url = f"/api/hazards/{hazard['id']}"
    short = _queries(li, url)
    for n in range(5):
        services.union_supervise(hazard_id=hazard["id"], actor=cast.sun_chair, note=f"监督{n}")
    rectify(li, hazard)
    assert _queries(li, url) == short


def test_today_query_count_does_not_grow_with_plans(cast, as_, daily_plan, categories, face):
    wang = as_(cast.wang_worker)
    one = _queries(wang, "/api/hazards/today")
    for level in ("district_weekly", "branch_monthly"):
        template = ChecklistTemplate.objects.create(
            name=f"{level}表", unit=cast.district_a, level=level
        )
        services.checklist_publish(
            actor=cast.wu_leader,
            template=template,
            items=[("巷道", categories["运输"], "轨道完好"), ("机电", categories["机电"], "接地")],
        )
        services.plan_create(
            actor=cast.wu_leader, unit=cast.district_a, level=level, template=template
        )
    assert len(wang.get("/api/hazards/today").json()["items"]) == 3
    assert _queries(wang, "/api/hazards/today") == one


# --- The schema, and generated input against real ids ---------------------------------------------


def test_hazard_endpoints_are_in_the_schema(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    found = {(m, p) for p, ops in paths.items() if p.startswith("/api/hazards") for m in ops}
    assert found == {
        ("get", "/api/hazards/categories"),
        ("get", "/api/hazards/today"),
        ("get", "/api/hazards/pending"),
        ("post", "/api/hazards/inspections"),
        ("post", "/api/hazards"),
        ("get", "/api/hazards/mine"),
        ("get", "/api/hazards/{hazard_id}"),
        ("post", "/api/hazards/{hazard_id}/assign"),
        ("post", "/api/hazards/{hazard_id}/start"),
        ("post", "/api/hazards/{hazard_id}/rectify"),
        ("post", "/api/hazards/{hazard_id}/recheck"),
        ("post", "/api/hazards/detections"),
        ("post", "/api/hazards/{hazard_id}/confirm"),
        ("post", "/api/hazards/{hazard_id}/dismiss"),
    }
    for method, path in found:
        operation = paths[path][method]
        assert operation["tags"] == ["隐患排查"]
        if path == "/api/hazards/detections":
            assert operation["security"] == [{"TokenAuth": []}]
        else:
            assert operation["security"] == [{"TokenAuth": []}, {"SessionAuth": []}], path
    for path in ("/api/hazards/{hazard_id}/rectify", "/api/hazards/detections"):
        assert set(paths[path]["post"]["requestBody"]["content"]) == {"multipart/form-data"}
    assert "409" in paths["/api/hazards/{hazard_id}/recheck"]["post"]["responses"]


CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def wsgi_app():
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_hazard_steps_never_fail_on_generated_input_against_a_real_hazard(
    cast, wsgi_app, token_for, categories, daily_plan
):
    """Random bodies on a hazard that exists, as its rectifier and as a manager."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)
    hazard = services.hazard_report(
        actor=cast.wang_worker,
        unit=cast.crew_a1,
        finding=services.Finding(
            location="二班工具房",
            category=categories["机电"],
            severity="general",
            description="配电箱门无法关闭",
            responsible=cast.li_member,
        ),
    )
    operations = [
        result.ok()
        for result in schema.get_all_operations()
        if result.ok().path.startswith("/api/hazards")
    ]
    assert len(operations) == 14
    for who in (cast.li_member, cast.feng_admin):
        headers = {"Authorization": f"Bearer {token_for(who)}", **UNCOMPRESSED}
        for operation in operations:
            _fuzz(operation, headers, hazard.pk, daily_plan.pk)


def _fuzz(operation, headers, hazard_id, plan_id):
    strategy = operation.as_strategy(schemathesis.GenerationMode.POSITIVE) | (
        operation.as_strategy(schemathesis.GenerationMode.NEGATIVE)
    )

    @given(case=strategy)
    @hypothesis_settings(
        max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def check(case):
        if case.path_parameters and "hazard_id" in case.path_parameters:
            case.path_parameters["hazard_id"] = hazard_id
        if operation.path == "/api/hazards/inspections" and isinstance(case.body, dict):
            case.body["plan"] = plan_id
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)

    check()


def test_patrols_list_pending_detections(cast, as_, categories):
    """A Party member lists the mine's pending detections; a worker without office gets none."""
    assert detect(as_(cast.wu_leader), cast, categories, location="4号皮带机头").status_code == 201
    member = as_(cast.li_member).get("/api/hazards/pending").json()
    worker = as_(cast.wang_worker).get("/api/hazards/pending").json()
    assert [row["location"] for row in member["items"]] == ["4号皮带机头"]
    assert worker["items"] == []


def test_a_report_repeated_with_its_idempotency_key_is_created_once(cast, as_, categories):
    """A phone that lost the answer sends again: the same hazard, nothing new; another
    person's phone may make the same key."""
    key = "6f1f3c0e-8d1b-4a53-9a3e-0d6c5d1e2f70"
    client = as_(cast.wang_worker)
    headers = {"HTTP_IDEMPOTENCY_KEY": key}
    data = json.dumps(
        {
            "unit": cast.crew_a1.pk,
            "location": "二班工具房",
            "category": categories["机电"].pk,
            "severity": "general",
            "description": "配电箱门无法关闭，有触电风险",
        }
    )
    first = client.post("/api/hazards", data, content_type="application/json", **headers)
    again = client.post("/api/hazards", data, content_type="application/json", **headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"] and Hazard.objects.count() == 1
    other = as_(cast.li_member).post(
        "/api/hazards", data, content_type="application/json", **headers
    )
    assert other.status_code == 201 and Hazard.objects.count() == 2
    bad = client.post(
        "/api/hazards", data, content_type="application/json", HTTP_IDEMPOTENCY_KEY="nope"
    )
    assert bad.status_code == 422 and "提交编号格式不对" in json.dumps(
        bad.json(), ensure_ascii=False
    )
    assert Hazard.objects.count() == 2
