"""The pages at the work place through the test client: today's inspections and my
hazards, the inspection form, reporting on the spot, a hazard's page and its steps, the
work place that a QR code opens, and the photos. Bad input saves nothing and says why in
Chinese; what the person typed is kept; people outside see 404; photos carry no EXIF;
the rectifier never re-checks; two people on one version: the second gets 409; query
counts stay flat."""

import datetime
import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tongxin.core.images import clean_photos
from tongxin.hazards import services
from tongxin.hazards.forms_field import district_of
from tongxin.hazards.models import (
    Hazard,
    HazardEvent,
    HazardPhoto,
    Inspection,
    InspectionResult,
    State,
    Workplace,
)
from tongxin.hazards.services import Finding, Mark
from tongxin.people import services as people_services
from tongxin.people.models import OrgKind, Person

# --- helpers --------------------------------------------------------------------------


def _text(response) -> str:
    return response.content.decode()


def _jpeg(name="found.jpg", size=(160, 120), color="gray", exif=None, quality=85):
    out = io.BytesIO()
    image = Image.new("RGB", size, color)
    if exif is not None:
        image.save(out, "JPEG", quality=quality, exif=exif)
    else:
        image.save(out, "JPEG", quality=quality)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def _noise_jpeg(name="big.jpg", side=1100):
    """A JPEG well over 1 MB: random pixels do not compress."""
    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=98)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def _items(plan):
    return list(services.current_version(plan).items.order_by("order", "pk"))


def _inspection_post(plan, bad=None, photos=None, **finding):
    """Every item 合格, or item `bad` (index) 不合格 with the given finding fields."""
    items = _items(plan)
    data = {f"item-{item.pk}": "ok" for item in items}
    if bad is not None:
        item = items[bad]
        data[f"item-{item.pk}"] = "bad"
        fields = {
            "location": "1201综采工作面 支架 35号",
            "category": str(item.category_id),
            "severity": "larger",
            "description": "35号支架初撑力不足，顶板有离层",
            "measures": "补液升柱",
            "responsible": "",
            "deadline": "",
        }
        fields.update(finding)
        data.update({f"f{item.pk}-{k}": v for k, v in fields.items()})
        if photos:
            data[f"f{item.pk}-photos"] = photos
    return data


def _media_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    found = []
    for folder, _dirs, files in os.walk(root):
        found += [os.path.join(folder, f) for f in files]
    return found


def _assigned_hazard(cast, plan, categories, photo, responsible=None):
    """A hazard found in today's crew check, assigned to 李红 (or `responsible`)."""
    items = _items(plan)
    marks = [Mark(item_id=i.pk, ok=True) for i in items[1:]]
    marks.append(
        Mark(
            item_id=items[0].pk,
            ok=False,
            finding=Finding(
                location="1201工作面 3号支架",
                category=categories["顶板"],
                severity="general",
                description="3号支架初撑力不足",
                responsible=responsible or cast.li_member,
            ),
            photos=[photo()],
        )
    )
    inspection = services.inspection_record(actor=cast.wang_worker, plan=plan, marks=marks)
    return Hazard.objects.get(inspection=inspection)


def _rectified(cast, hazard, photo):
    hazard = services.hazard_start(
        hazard_id=hazard.pk, version=hazard.version, actor=cast.li_member
    )
    return services.hazard_rectify(
        hazard_id=hazard.pk,
        version=hazard.version,
        actor=cast.li_member,
        note="已补液升柱",
        photos=[photo("fixed.jpg")],
    )


def _reported(cast, categories, n=1, **fields):
    out = []
    for i in range(n):
        finding = Finding(
            location=fields.get("location", f"1201回风巷 {i}号测点"),
            category=categories["通风"],
            severity=fields.get("severity", "general"),
            description=fields.get("description", "风筒破损漏风"),
            responsible=fields.get("responsible"),
            workplace=fields.get("workplace"),
        )
        out.append(
            services.hazard_report(actor=cast.wang_worker, unit=cast.district_a, finding=finding)
        )
    return out


@pytest.fixture
def other_mine_person(cast):
    mine = people_services.org_create(
        actor=None, name="青山矿", kind=OrgKind.MINE, parent=cast.company
    )
    district = people_services.org_create(
        actor=None, name="综采三队", kind=OrgKind.DISTRICT, parent=mine
    )
    return people_services.person_create(
        actor=None, employee_no="500001", name="陈远", unit=district
    )


# --- navigation and today -------------------------------------------------------------


def test_navigation_offers_inspection_to_all_and_the_board_to_staff(cast, client_for):
    worker = _text(client_for(cast.wang_worker).get(reverse("core:home")))
    assert "隐患排查" in worker and "隐患看板" not in worker
    assert reverse("hazards:today") in worker
    chair = _text(client_for(cast.sun_chair).get(reverse("core:home")))
    assert "隐患排查" in chair and "隐患看板" in chair and reverse("hazards:board") in chair


def test_today_needs_sign_in(db, client):
    response = client.get(reverse("hazards:today"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_today_shows_the_crew_check_to_do_then_done(cast, client_for, daily_plan):
    client = client_for(cast.wang_worker)
    page = _text(client.get(reverse("hazards:today")))
    assert "班组日查" in page and "综采一队 一班" in page and "1201综采工作面" in page
    assert "去检查" in page and "1 项待检" in page
    assert reverse("hazards:inspect", args=[daily_plan.pk]) in page
    assert reverse("hazards:report") in page and "随手拍上报隐患" in page
    services.inspection_record(
        actor=cast.wang_worker,
        plan=daily_plan,
        marks=[Mark(item_id=i.pk, ok=True) for i in _items(daily_plan)],
    )
    page = _text(client.get(reverse("hazards:today")))
    assert "已完成" in page and "王强" in page and "去检查" not in page
    # 李红's crew (二班) has no plan of its own, but the district's plans reach her only
    # if there are any: none here.
    page = _text(client_for(cast.li_member).get(reverse("hazards:today")))
    assert "没有安排检查计划" in page


def test_today_lists_hazards_to_rectify_with_deadlines_and_overdue(
    cast, client_for, daily_plan, categories, photo
):
    hazard = _assigned_hazard(cast, daily_plan, categories, photo)
    page = _text(client_for(cast.li_member).get(reverse("hazards:today")))
    assert "待我整改" in page and "1201工作面 3号支架" in page
    assert f"{hazard.deadline.month}月{hazard.deadline.day}日 前整改" in page
    assert reverse("hazards:hazard", args=[hazard.pk]) in page
    Hazard.objects.filter(pk=hazard.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=2)
    )
    page = _text(client_for(cast.li_member).get(reverse("hazards:today")))
    assert "已超期 2 天" in page and "请立即整改" in page
    # Rectified: it now waits on 王强, who found it, to re-check.
    Hazard.objects.filter(pk=hazard.pk).update(deadline=timezone.localdate())
    hazard.refresh_from_db()
    _rectified(cast, hazard, photo)
    page = _text(client_for(cast.wang_worker).get(reverse("hazards:today")))
    assert "待我复查" in page and "请到现场复查验收" in page


def test_each_home_count_links_to_exactly_the_hazards_it_counts(
    cast, client_for, daily_plan, categories, photo
):
    """李红 has one hazard to rectify and one she found to re-check: the home page's
    "1 条待我整改" opens the list of that one, "1 条待我复查" the other."""
    to_rectify = _assigned_hazard(cast, daily_plan, categories, photo)
    found_by_li = services.hazard_report(
        actor=cast.li_member,
        unit=cast.district_a,
        finding=Finding(
            location="1201回风巷 2号测点",
            category=categories["通风"],
            severity="general",
            description="风筒破损漏风",
            responsible=cast.zhou_head,
        ),
    )
    found_by_li.refresh_from_db()
    services.hazard_start(
        hazard_id=found_by_li.pk, version=found_by_li.version, actor=cast.zhou_head
    )
    found_by_li.refresh_from_db()
    services.hazard_rectify(
        hazard_id=found_by_li.pk,
        version=found_by_li.version,
        actor=cast.zhou_head,
        note="已处理",
        photos=[photo("fixed.jpg")],
    )
    client = client_for(cast.li_member)
    home = _text(client.get("/"))
    for key, wanted, other in (
        ("rectify", to_rectify, found_by_li),
        ("recheck", found_by_li, to_rectify),
    ):
        link = home.split(f'id="home-{key}"')[0].rsplit('href="', 1)[1].split('"')[0]
        assert link == f"/hazards/?waiting={key}#mine-title"
        listed = _text(client.get(link.split("#")[0]))
        assert reverse("hazards:hazard", args=[wanted.pk]) in listed
        assert reverse("hazards:hazard", args=[other.pk]) not in listed
    # The leader's counts of the reach open the board on what they count.
    leader = client_for(cast.wu_leader)
    home = _text(leader.get("/"))
    for query in ("state=open", "state=open&overdue=1", "state=open&severity=major"):
        assert f'href="/hazards/board/?{query}"' in home
        assert leader.get(f"/hazards/board/?{query}").status_code == 200


# --- the inspection form --------------------------------------------------------------


def test_inspect_shows_the_checklist_by_area_with_big_choices(cast, client_for, daily_plan):
    page = _text(client_for(cast.wang_worker).get(reverse("hazards:inspect", args=[daily_plan.pk])))
    for area in ("支架", "通风", "瓦斯"):
        assert f'<h2 class="hz-area">{area}</h2>' in page
    assert page.index("支架初撑力达标") < page.index("风筒吊挂平直") < page.index("甲烷传感器")
    assert page.count('data-mark="ok"') == 3 and page.count('data-mark="bad"') == 3
    assert "合格" in page and "不合格" in page and "提交检查结果" in page
    # The finding fields, prefilled: the place and area, the item's category.
    item = _items(daily_plan)[0]
    assert 'value="1201综采工作面 支架"' in page
    assert f'<option value="{item.category_id}" selected>顶板</option>' in page
    assert "一般" in page and "较大" in page and "重大" in page
    assert 'accept="image/*" capture="environment" multiple' in page
    # Anyone of the district may be named responsible, through the person picker: the
    # page holds a search box, not a list of the district's people; 李红 of 二班 is
    # offered by the search, someone of another district is not.
    url = f"/people/pick/hazards.finding/{daily_plan.unit.pk}/"
    assert f'data-picker-url="{url}"' in page and "<optgroup" not in page
    found = client_for(cast.wang_worker).get(url, {"q": "李红"}).json()["results"]
    assert [r["id"] for r in found] == [cast.li_member.pk]
    outsider = (
        Person.objects.exclude(unit__path__startswith=district_of(daily_plan.unit).path)
        .filter(is_active=True, unit__isnull=False)
        .first()
    )
    found = client_for(cast.wang_worker).get(url, {"q": outsider.employee_no}).json()
    assert found["results"] == []
    assert "不填则按等级默认期限" in page


def test_a_responsible_from_outside_the_district_is_refused_and_nothing_saved(
    cast, client_for, daily_plan, categories
):
    outsider = (
        Person.objects.exclude(unit__path__startswith=district_of(daily_plan.unit).path)
        .filter(is_active=True, unit__isnull=False)
        .first()
    )
    client = client_for(cast.wang_worker)
    data = _inspection_post(daily_plan, bad=0, responsible=str(outsider.pk))
    response = client.post(reverse("hazards:inspect", args=[daily_plan.pk]), data)
    assert response.status_code == 400
    assert "请从列表中选择整改责任人" in _text(response)
    assert not Hazard.objects.exists() and not Inspection.objects.exists()


def test_an_inspection_with_a_failure_creates_a_hazard_with_its_photo(
    cast, client_for, daily_plan, categories
):
    client = client_for(cast.wang_worker)
    data = _inspection_post(daily_plan, bad=0, photos=[_jpeg()], responsible=str(cast.li_member.pk))
    response = client.post(reverse("hazards:inspect", args=[daily_plan.pk]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("hazards:inspect", args=[daily_plan.pk])
    inspection = Inspection.objects.get()
    assert inspection.inspector == cast.wang_worker
    assert InspectionResult.objects.filter(inspection=inspection, ok=True).count() == 2
    hazard = Hazard.objects.get()
    assert hazard.inspection == inspection and hazard.state == State.ASSIGNED
    assert hazard.responsible == cast.li_member and hazard.severity == "larger"
    assert hazard.location == "1201综采工作面 支架 35号" and hazard.workplace.code == "ZC1201"
    assert hazard.deadline == services.default_deadline("larger")
    assert hazard.photos.count() == 1
    page = _text(client.get(response["Location"]))
    assert "检查已提交" in page and "2 项合格，1 项不合格" in page
    assert "王强 已于" in page and "完成本期检查" in page
    assert reverse("hazards:hazard", args=[hazard.pk]) in page
    assert "提交检查结果" not in page


def test_all_items_ok_creates_no_hazard(cast, client_for, daily_plan):
    response = client_for(cast.wang_worker).post(
        reverse("hazards:inspect", args=[daily_plan.pk]), _inspection_post(daily_plan)
    )
    assert response.status_code == 302
    assert Inspection.objects.count() == 1 and not Hazard.objects.exists()


def test_unmarked_items_and_an_incomplete_finding_save_nothing_and_keep_the_text(
    cast, client_for, daily_plan
):
    client = client_for(cast.wang_worker)
    items = _items(daily_plan)
    data = _inspection_post(daily_plan, bad=0, severity="", description="顶板掉渣严重")
    del data[f"item-{items[2].pk}"]
    response = client.post(reverse("hazards:inspect", args=[daily_plan.pk]), data)
    assert response.status_code == 400
    page = _text(response)
    assert "没有保存" in page and "还有 1 项没有检查" in page
    assert "请选择“合格”或“不合格”" in page
    assert "顶板掉渣严重" in page and 'value="1201综采工作面 支架 35号"' in page
    assert (
        f'id="item-{items[0].pk}-bad" value="bad" data-mark="bad" autocomplete="off" checked'
        in page
    )
    assert (
        f'id="item-{items[1].pk}-ok" value="ok" data-mark="ok" autocomplete="off" checked' in page
    )
    # Now every item is marked but the severity is missing: the service says so.
    data[f"item-{items[2].pk}"] = "ok"
    response = client.post(reverse("hazards:inspect", args=[daily_plan.pk]), data)
    assert response.status_code == 400
    page = _text(response)
    assert "请选择隐患等级" in page and "支架初撑力达标" in page and "顶板掉渣严重" in page
    # No description at all is refused by the page itself.
    data[f"f{items[0].pk}-severity"] = "general"
    data[f"f{items[0].pk}-description"] = ""
    response = client.post(reverse("hazards:inspect", args=[daily_plan.pk]), data)
    assert response.status_code == 400 and "请写明发现的问题" in _text(response)
    assert not Inspection.objects.exists() and not Hazard.objects.exists()
    assert not HazardEvent.objects.exists()


def test_a_bad_date_or_unknown_responsible_is_refused(cast, client_for, daily_plan):
    data = _inspection_post(daily_plan, bad=0, deadline="明天", responsible="99999999")
    response = client_for(cast.wang_worker).post(
        reverse("hazards:inspect", args=[daily_plan.pk]), data
    )
    page = _text(response)
    assert response.status_code == 400
    assert "整改期限的日期格式不对" in page and "请从列表中选择整改责任人" in page
    assert not Inspection.objects.exists()


def test_a_responsible_person_of_another_mine_is_refused(
    cast, client_for, daily_plan, other_mine_person
):
    data = _inspection_post(daily_plan, bad=0, responsible=str(other_mine_person.pk))
    response = client_for(cast.wang_worker).post(
        reverse("hazards:inspect", args=[daily_plan.pk]), data
    )
    # The form offers only the district's people, so the form refuses first (the
    # service's own rule, 本矿在职人员, answers the API: tests/api/test_hazards.py).
    assert response.status_code == 400 and "请从列表中选择整改责任人" in _text(response)
    assert not Hazard.objects.exists()


def test_a_done_inspection_says_who_did_it_and_a_second_is_refused(cast, client_for, daily_plan):
    services.inspection_record(
        actor=cast.wang_worker,
        plan=daily_plan,
        marks=[Mark(item_id=i.pk, ok=True) for i in _items(daily_plan)],
    )
    client = client_for(cast.zhao_secretary)  # of the district: the crew's plan reaches him
    page = _text(client.get(reverse("hazards:inspect", args=[daily_plan.pk])))
    assert "王强 已于" in page and "合格 3 项，不合格 0 项" in page
    assert "提交检查结果" not in page
    response = client.post(
        reverse("hazards:inspect", args=[daily_plan.pk]),
        _inspection_post(daily_plan, bad=1, description="风筒脱节漏风"),
    )
    assert response.status_code == 409
    page = _text(response)
    assert "本期检查已由 王强 完成" in page and "风筒脱节漏风" in page
    assert Inspection.objects.count() == 1 and not Hazard.objects.exists()


def test_plans_outside_are_404(cast, client_for, daily_plan):
    client = client_for(cast.qian_outsider)
    assert client.get(reverse("hazards:inspect", args=[daily_plan.pk])).status_code == 404
    response = client.post(
        reverse("hazards:inspect", args=[daily_plan.pk]), _inspection_post(daily_plan)
    )
    assert response.status_code == 404 and not Inspection.objects.exists()
    # 李红 is of 二班: the 一班 plan is not hers.
    li = client_for(cast.li_member)
    assert li.get(reverse("hazards:inspect", args=[daily_plan.pk])).status_code == 404
    assert li.get(reverse("hazards:inspect", args=[999999])).status_code == 404


# --- photos: type, size, metadata -----------------------------------------------------


def test_a_text_file_named_jpg_is_refused_and_nothing_is_saved(
    cast, client_for, daily_plan, settings
):
    fake = SimpleUploadedFile("scene.jpg", b"this is not an image at all", "image/jpeg")
    data = _inspection_post(daily_plan, bad=0, photos=[fake], description="顶板掉渣")
    response = client_for(cast.wang_worker).post(
        reverse("hazards:inspect", args=[daily_plan.pk]), data
    )
    assert response.status_code == 400
    page = _text(response)
    assert "“scene.jpg”不是可识别的图片" in page and "照片没有保存，请重新选择" in page
    assert "顶板掉渣" in page
    assert not Inspection.objects.exists() and not Hazard.objects.exists()
    assert not HazardPhoto.objects.exists() and _media_files(settings) == []


def test_a_photo_too_large_is_refused_with_its_size(cast, client_for, daily_plan, settings):
    settings.PHOTO_MAX_UPLOAD_MB = 1
    big = _noise_jpeg()
    assert big.size > 1024 * 1024
    data = _inspection_post(daily_plan, bad=0, photos=[big])
    response = client_for(cast.wang_worker).post(
        reverse("hazards:inspect", args=[daily_plan.pk]), data
    )
    assert response.status_code == 400
    page = _text(response)
    assert "照片“big.jpg”太大" in page and "每张不能超过 1 MB" in page
    assert not Inspection.objects.exists() and not HazardPhoto.objects.exists()
    assert _media_files(settings) == []


def test_report_refuses_a_fake_or_large_photo(cast, client_for, categories, settings):
    settings.PHOTO_MAX_UPLOAD_MB = 1
    client = client_for(cast.wang_worker)
    base = {
        "unit": str(cast.district_a.pk),
        "location": "1201运输巷",
        "category": str(categories["运输"].pk),
        "severity": "general",
        "description": "皮带机托辊缺失",
    }
    fake = SimpleUploadedFile("a.jpg", b"GIF89a not really", "image/jpeg")
    response = client.post(reverse("hazards:report"), {**base, "photos": [fake]})
    assert response.status_code == 400 and "不是可识别的图片" in _text(response)
    response = client.post(reverse("hazards:report"), {**base, "photos": [_noise_jpeg()]})
    assert response.status_code == 400 and "太大" in _text(response)
    assert "皮带机托辊缺失" in _text(response)
    assert not Hazard.objects.exists() and _media_files(settings) == []


def test_a_stored_photo_carries_no_exif(cast, client_for, daily_plan):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 17.0)}
    upload = _jpeg("gps.jpg", exif=exif)
    with Image.open(io.BytesIO(upload.read())) as source:
        assert source.getexif().get_ifd(0x8825), "the upload does carry a GPS position"
    upload.seek(0)
    client = client_for(cast.wang_worker)
    response = client.post(
        reverse("hazards:inspect", args=[daily_plan.pk]),
        _inspection_post(daily_plan, bad=0, photos=[upload]),
    )
    assert response.status_code == 302
    stored = HazardPhoto.objects.get()
    with stored.image.open("rb") as f, Image.open(f) as image:
        assert len(image.getexif()) == 0 and "exif" not in image.info
    served = client.get(reverse("hazards:photo", args=[stored.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    data = b"".join(served.streaming_content)
    with Image.open(io.BytesIO(data)) as image:
        assert len(image.getexif()) == 0


# --- reporting on the spot ------------------------------------------------------------


def test_report_defaults_to_my_district_and_creates_a_hazard(cast, client_for, categories):
    client = client_for(cast.wang_worker)
    page = _text(client.get(reverse("hazards:report")))
    assert f'<option value="{cast.district_a.pk}" selected>综采一队</option>' in page
    assert "机电科" in page and "掘进二队" in page
    assert 'capture="environment"' in page
    response = client.post(
        reverse("hazards:report"),
        {
            "unit": str(cast.district_a.pk),
            "location": "1201运输巷 200米处",
            "category": str(categories["运输"].pk),
            "severity": "general",
            "description": "皮带机托辊缺失两个",
            "measures": "",
            "responsible": "",
            "deadline": "",
            "photos": [_jpeg()],
        },
    )
    hazard = Hazard.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("hazards:hazard", args=[hazard.pk])
    assert hazard.source == "report" and hazard.state == State.REPORTED
    assert hazard.unit == cast.district_a and hazard.reported_by == cast.wang_worker
    assert hazard.photos.count() == 1
    page = _text(client.get(response["Location"]))
    assert "已上报" in page and hazard.code in page and "等待单位负责人指派" in page


def test_report_from_a_work_place_code_prefills_it(cast, client_for, categories, face):
    client = client_for(cast.li_member)
    page = _text(client.get(reverse("hazards:report"), {"workplace": "ZC1201"}))
    assert 'name="workplace" value="ZC1201"' in page and 'value="1201综采工作面"' in page
    response = client.post(
        reverse("hazards:report"),
        {
            "workplace": "ZC1201",
            "unit": str(cast.district_a.pk),
            "location": "1201综采工作面 机尾",
            "category": str(categories["机电"].pk),
            "severity": "major",
            "description": "电缆破皮外露",
            "responsible": str(cast.wang_worker.pk),
            "deadline": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 302
    hazard = Hazard.objects.get()
    assert hazard.workplace == face and hazard.state == State.ASSIGNED
    assert hazard.responsible == cast.wang_worker and hazard.supervised


def test_report_bad_input_keeps_what_was_typed(cast, client_for, categories):
    response = client_for(cast.wang_worker).post(
        reverse("hazards:report"),
        {
            "unit": str(cast.district_a.pk),
            "location": "",
            "category": str(categories["通风"].pk),
            "severity": "",
            "description": "局扇有异响",
            "measures": "更换轴承",
        },
    )
    assert response.status_code == 400
    page = _text(response)
    assert "请填写隐患的具体位置" in page and "请选择隐患等级" in page
    assert "局扇有异响" in page and "更换轴承" in page
    assert f'<option value="{categories["通风"].pk}" selected>' in page
    # A unit of another mine (or none) is refused by the page.
    response = client_for(cast.wang_worker).post(
        reverse("hazards:report"),
        {"unit": "99999", "location": "x", "severity": "general", "description": "局扇有异响"},
    )
    assert response.status_code == 400 and "请选择责任单位" in _text(response)
    assert not Hazard.objects.exists()


# --- one hazard: its page and its steps -----------------------------------------------


def test_hazard_page_shows_photos_timeline_and_the_responsible_persons_steps(
    cast, client_for, daily_plan, categories, photo
):
    hazard = _assigned_hazard(cast, daily_plan, categories, photo)
    client = client_for(cast.li_member)
    page = _text(client.get(reverse("hazards:hazard", args=[hazard.pk])))
    assert "1201工作面 3号支架" in page and hazard.code in page and "已指派待整改" in page
    assert reverse("hazards:photo", args=[hazard.photos.get().pk]) in page
    assert "上报" in page and "王强" in page  # the timeline
    assert reverse("hazards:hazard_act", args=[hazard.pk, "start"]) in page
    assert reverse("hazards:hazard_act", args=[hazard.pk, "rectify"]) in page
    assert f'name="version" value="{hazard.version}"' in page
    assert reverse("hazards:hazard_act", args=[hazard.pk, "recheck_pass"]) not in page
    assert reverse("hazards:hazard_act", args=[hazard.pk, "assign"]) not in page
    # 王强 found it: nothing to do until it is rectified.
    page = _text(client_for(cast.wang_worker).get(reverse("hazards:hazard", args=[hazard.pk])))
    assert "由 李红 负责整改" in page
    assert reverse("hazards:hazard_act", args=[hazard.pk, "start"]) not in page


def test_rectify_needs_evidence_photos_and_the_rectifier_cannot_recheck(
    cast, client_for, daily_plan, categories, photo
):
    hazard = _assigned_hazard(cast, daily_plan, categories, photo)
    client = client_for(cast.li_member)
    act = lambda action: reverse("hazards:hazard_act", args=[hazard.pk, action])  # noqa: E731
    response = client.post(act("start"), {"version": hazard.version})
    assert response.status_code == 302
    hazard.refresh_from_db()
    assert hazard.state == State.RECTIFYING
    response = client.post(act("rectify"), {"version": hazard.version, "note": "已补液升柱"})
    assert response.status_code == 400
    page = _text(response)
    assert "请上传整改后的现场照片作为证据" in page and "已补液升柱" in page
    response = client.post(
        act("rectify"),
        {"version": hazard.version, "note": "已补液升柱", "photos": [_jpeg("fixed.jpg")]},
    )
    assert response.status_code == 302
    hazard.refresh_from_db()
    assert hazard.state == State.RECTIFIED and hazard.rectified_by == cast.li_member
    assert hazard.photos.filter(kind="rectified").count() == 1
    page = _text(client.get(reverse("hazards:hazard", args=[hazard.pk])))
    assert "整改已提交" in page and "整改人不能复查自己整改的隐患" in page
    assert act("recheck_pass") not in page and act("recheck_fail") not in page
    assert "复查验收" not in page.split('id="next-step"')[1].split("</div>")[1]
    # A forged re-check is refused, and changes nothing.
    response = client.post(act("recheck_pass"), {"version": hazard.version, "note": "合格"})
    assert response.status_code == 403
    hazard.refresh_from_db()
    assert hazard.state == State.RECTIFIED and hazard.rechecked_by is None
    # 王强 re-checks: a failure needs a reason, and goes back to rectification.
    wang = client_for(cast.wang_worker)
    page = _text(wang.get(reverse("hazards:hazard", args=[hazard.pk])))
    assert act("recheck_pass") in page and act("recheck_fail") in page
    response = wang.post(act("recheck_fail"), {"version": hazard.version, "note": ""})
    assert response.status_code == 400 and "复查不合格时请写明问题所在" in _text(response)
    response = wang.post(act("recheck_fail"), {"version": hazard.version, "note": "仍有离层"})
    assert response.status_code == 302
    hazard.refresh_from_db()
    assert hazard.state == State.RECTIFYING


def test_two_people_on_one_version_the_second_gets_409_and_keeps_the_text(
    cast, client_for, daily_plan, categories, photo
):
    hazard = _rectified(cast, _assigned_hazard(cast, daily_plan, categories, photo), photo)
    version = hazard.version
    act = lambda action: reverse("hazards:hazard_act", args=[hazard.pk, action])  # noqa: E731
    # 吴矿长 and 王强 both open the page at the same version; 吴矿长 passes it first.
    response = client_for(cast.wu_leader).post(
        act("recheck_pass"), {"version": version, "note": "已验收"}
    )
    assert response.status_code == 302
    response = client_for(cast.wang_worker).post(
        act("recheck_fail"), {"version": version, "note": "3号支架仍有离层，需加打锚杆"}
    )
    assert response.status_code == 409
    page = _text(response)
    assert "这条隐患刚刚已被他人处理" in page and "已销号" in page
    assert "3号支架仍有离层，需加打锚杆" in page and 'id="kept-text"' in page
    hazard.refresh_from_db()
    assert hazard.state == State.CLOSED and hazard.rechecked_by == cast.wu_leader


def test_a_conflict_on_a_form_still_open_keeps_the_text_in_it(
    cast, client_for, daily_plan, categories, photo
):
    hazard = _assigned_hazard(cast, daily_plan, categories, photo)
    stale = hazard.version
    services.hazard_start(hazard_id=hazard.pk, version=hazard.version, actor=cast.li_member)
    response = client_for(cast.li_member).post(
        reverse("hazards:hazard_act", args=[hazard.pk, "rectify"]),
        {"version": stale, "note": "更换了安全阀", "photos": [_jpeg()]},
    )
    assert response.status_code == 409
    page = _text(response)
    assert "刚刚已被他人处理" in page and "照片没有保存" in page
    assert ">更换了安全阀</textarea>" in page and 'id="kept-text"' not in page


def test_a_manager_assigns_a_reported_hazard(cast, client_for, categories):
    (hazard,) = _reported(cast, categories)
    act = reverse("hazards:hazard_act", args=[hazard.pk, "assign"])
    assert act not in _text(
        client_for(cast.wang_worker).get(reverse("hazards:hazard", args=[hazard.pk]))
    )
    client = client_for(cast.wu_leader)
    page = _text(client.get(reverse("hazards:hazard", args=[hazard.pk])))
    assert act in page and reverse("people:pick", args=["hazards.assign", hazard.pk]) in page
    response = client.post(act, {"version": hazard.version, "responsible": ""})
    assert response.status_code == 400 and "请指定整改责任人" in _text(response)
    response = client.post(
        act,
        {"version": hazard.version, "responsible": str(cast.li_member.pk), "measures": "补风筒"},
    )
    assert response.status_code == 302
    hazard.refresh_from_db()
    assert hazard.state == State.ASSIGNED and hazard.responsible == cast.li_member
    assert hazard.measures == "补风筒" and hazard.deadline == services.default_deadline("general")


def test_the_union_chair_notes_and_urges_others_may_not(cast, client_for, categories):
    (hazard,) = _reported(cast, categories)
    act = lambda action: reverse("hazards:hazard_act", args=[hazard.pk, action])  # noqa: E731
    chair = client_for(cast.sun_chair)
    page = _text(chair.get(reverse("hazards:hazard", args=[hazard.pk])))
    assert "工会劳动保护监督" in page and act("urge") in page
    response = chair.post(act("urge"), {"version": hazard.version, "note": "请尽快安排整改"})
    assert response.status_code == 302
    assert HazardEvent.objects.filter(hazard=hazard, action="urge").exists()
    wang = client_for(cast.wang_worker)
    assert "工会劳动保护监督" not in _text(wang.get(reverse("hazards:hazard", args=[hazard.pk])))
    response = wang.post(act("union_note"), {"version": hazard.version, "note": "我也说两句"})
    assert response.status_code == 403 and "只有本单位的工会主席" in _text(response)


def test_unknown_action_missing_version_and_outsiders(cast, client_for, categories):
    (hazard,) = _reported(cast, categories)
    wu = client_for(cast.wu_leader)
    assert wu.post(reverse("hazards:hazard_act", args=[hazard.pk, "delete"]), {}).status_code == 404
    response = wu.post(reverse("hazards:hazard_act", args=[hazard.pk, "assign"]), {})
    assert response.status_code == 400 and "请刷新后重试" in _text(response)
    assert wu.get(reverse("hazards:hazard_act", args=[hazard.pk, "assign"])).status_code == 405
    outsider = client_for(cast.qian_outsider)
    assert outsider.get(reverse("hazards:hazard", args=[hazard.pk])).status_code == 404
    response = outsider.post(
        reverse("hazards:hazard_act", args=[hazard.pk, "start"]), {"version": hazard.version}
    )
    assert response.status_code == 404
    hazard.refresh_from_db()
    assert hazard.state == State.REPORTED


# --- the work place and its QR code; photos -------------------------------------------


def test_workplace_page_shows_checklists_status_and_history(
    cast, client_for, daily_plan, categories, photo
):
    hazard = _assigned_hazard(cast, daily_plan, categories, photo)
    url = reverse("hazards:workplace", args=["ZC1201"])
    page = _text(client_for(cast.wang_worker).get(url))
    assert "1201综采工作面" in page and "综采工作面班组日查表" in page
    assert "今日已检" in page and "支架初撑力达标" in page
    assert "1201工作面 3号支架" in page and reverse("hazards:hazard", args=[hazard.pk]) in page
    assert reverse("hazards:photo", args=[hazard.photos.get().pk]) in page
    assert f"{reverse('hazards:report')}?workplace=ZC1201" in page
    # 钱进 is of the same mine: the history is open to him, the hazard's own page is not.
    page = _text(client_for(cast.qian_outsider).get(url))
    assert "1201工作面 3号支架" in page
    assert reverse("hazards:hazard", args=[hazard.pk]) not in page
    assert "开始检查" not in page


def test_workplace_of_another_mine_and_unknown_codes_are_404(
    cast, client_for, face, other_mine_person
):
    client = client_for(other_mine_person)
    assert client.get(reverse("hazards:workplace", args=["ZC1201"])).status_code == 404
    assert client.get(reverse("hazards:workplace_qr", args=["ZC1201"])).status_code == 404
    wang = client_for(cast.wang_worker)
    assert wang.get(reverse("hazards:workplace", args=["NOPE"])).status_code == 404


def test_a_photo_follows_the_rule_of_the_page_that_shows_it(
    cast, client_for, daily_plan, categories, photo, other_mine_person
):
    """钱进 (another district, same mine) gets 404 for the hazard; of its photos only the
    thumbnail its work place's page shows him, never the rectification photo."""
    hazard = _rectified(cast, _assigned_hazard(cast, daily_plan, categories, photo), photo)
    found = hazard.photos.get(kind="found")
    fixed = hazard.photos.get(kind="rectified")

    def url(p):
        return reverse("hazards:photo", args=[p.pk])

    outsider = client_for(cast.qian_outsider)
    assert outsider.get(reverse("hazards:hazard", args=[hazard.pk])).status_code == 404
    page = _text(outsider.get(reverse("hazards:workplace", args=["ZC1201"])))
    assert url(found) in page and url(fixed) not in page
    assert outsider.get(url(found)).status_code == 200
    assert outsider.get(url(fixed)).status_code == 404
    # Those who may see the hazard get every photo; another mine gets none.
    worker = client_for(cast.wang_worker)
    assert worker.get(url(found)).status_code == 200 and worker.get(url(fixed)).status_code == 200
    stranger = client_for(other_mine_person)
    assert stranger.get(url(found)).status_code == 404
    # A work place taken out of use no longer shows its history, nor its thumbnails.
    Workplace.objects.filter(pk=hazard.workplace_id).update(is_active=False)
    assert outsider.get(url(found)).status_code == 404


def test_workplace_qr_is_an_svg_of_the_page_address(cast, client_for, face):
    response = client_for(cast.wang_worker).get(reverse("hazards:workplace_qr", args=["ZC1201"]))
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    body = response.content.decode()
    assert "<svg" in body and "1201综采工作面" in body
    import segno

    expected = segno.make("http://testserver/hazards/w/ZC1201/", error="m")
    assert f'width="{(expected.symbol_size(scale=8, border=2))[0]}"' in body


def test_photos_are_served_to_those_who_may_see_them(
    cast, client_for, daily_plan, categories, photo, client, other_mine_person
):
    hazard = _assigned_hazard(cast, daily_plan, categories, photo)
    url = reverse("hazards:photo", args=[hazard.photos.get().pk])
    assert client_for(cast.li_member).get(url).status_code == 200
    # 钱进 is of the same mine, and the hazard is at a work place of that mine.
    assert client_for(cast.qian_outsider).get(url).status_code == 200
    assert client_for(other_mine_person).get(url).status_code == 404
    client.logout()
    assert client.get(url)["Location"].startswith(reverse("accounts:login"))
    # A hazard without a work place is for those who may see the hazard only.
    (reported,) = _reported(cast, categories)
    HazardPhoto.objects.create(hazard=reported, kind="found", image=clean_photos([photo()])[0])
    url = reverse("hazards:photo", args=[reported.photos.get().pk])
    assert client_for(cast.qian_outsider).get(url).status_code == 404
    assert client_for(cast.wang_worker).get(url).status_code == 200


# --- query counts ---------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_stay_flat_with_3_or_30_hazards(
    cast, client_for, daily_plan, categories, photo, face
):
    counts = {}
    for n in (3, 30):
        Hazard.objects.all().delete()
        hazards = _reported(cast, categories, n=n, responsible=cast.li_member, workplace=face)
        target = hazards[0]
        for i in range(n):  # a long timeline: urged again and again
            services.union_supervise(hazard_id=target.pk, actor=cast.sun_chair, note=f"督促{i}")
        client = client_for(cast.li_member)
        client.get(reverse("hazards:today"))
        counts[n] = (
            _queries(client, reverse("hazards:today")),
            _queries(client, reverse("hazards:hazard", args=[target.pk])),
            _queries(client_for(cast.wang_worker), reverse("hazards:workplace", args=["ZC1201"])),
        )
    assert counts[3] == counts[30], counts
    today, hazard, workplace = counts[30]
    assert today <= 12 and hazard <= 12 and workplace <= 22, counts
