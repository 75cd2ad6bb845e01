"""The library's set-up and what it feeds: publication by audience, the committee's
module renames and moves (and its manage pages), the regularity check, required-course
completions and their figures, the points ledger, the home panel and the API."""

import io
import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine

from tests.cast import PASSWORD
from tongxin.accounts.services import create_api_token
from tongxin.core import registry
from tongxin.core.audit import AuditEvent
from tongxin.core.timeline import Conflict
from tongxin.learning.library import services as lib
from tongxin.learning.library.selectors import materials_visible_to
from tongxin.learning.models import CourseCompletion, Material, Module, StudyDay, StudyFlag

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
NOON = datetime(2026, 12, 7, 12, 0, tzinfo=TZ)


def _module(cast, name="安全生产"):
    return lib.module_create(actor=cast.feng_admin, mine=cast.mine, name=name)


def _article(cast, module, title="学习要点", audience="everyone", body="<p>安全第一。</p>"):
    m = lib.material_create(
        actor=cast.feng_admin, module_id=module.pk, unit_id=cast.mine.pk,
        kind="article", title=title, body=body, audience=audience,
    )  # fmt: skip
    return lib.material_publish(actor=cast.feng_admin, material_id=m.pk, version=m.version)


def test_audience_decides_who_reads(cast):
    module = _module(cast)
    found = {
        who: _article(cast, module, title=who, audience=who)
        for who in ("everyone", "party", "crew_leaders", "cadres")
    }
    cast.wang_worker.post = "采煤一班班长"
    cast.wang_worker.save(update_fields=["post"])

    def seen(person):
        titles = materials_visible_to(person).values_list("title", flat=True)
        return set(titles) & set(found)

    assert seen(cast.wang_worker) == {"everyone", "crew_leaders"}
    assert seen(cast.li_member) == {"everyone", "party"}
    assert seen(cast.zhou_head) == {"everyone", "cadres"}


def test_a_bad_audience_saves_nothing(cast):
    module = _module(cast)
    with pytest.raises(Exception) as caught:
        lib.material_create(
            actor=cast.feng_admin, module_id=module.pk, unit_id=cast.mine.pk,
            kind="article", title="标题", body="<p>正文</p>", audience="bosses",
        )  # fmt: skip
    assert "请选择发布对象" in str(caught.value)
    assert not Material.objects.exists()


def test_modules_renamed_and_moved(cast):
    a, b, c = (_module(cast, n) for n in ("政策理论", "安全生产", "企业文化"))
    lib.module_move(actor=cast.feng_admin, module_id=c.pk, direction="up")
    assert list(Module.objects.values_list("name", flat=True)) == [
        "政策理论",
        "企业文化",
        "安全生产",
    ]
    lib.module_move(actor=cast.feng_admin, module_id=a.pk, direction="up")  # already first
    assert list(Module.objects.values_list("order", flat=True)) == [1, 2, 3]
    lib.module_rename(actor=cast.feng_admin, module_id=b.pk, name="安全生产知识", was="安全生产")
    with pytest.raises(Conflict):  # a second editor, who still saw the old name
        lib.module_rename(actor=cast.feng_admin, module_id=b.pk, name="安全", was="安全生产")
    with pytest.raises(Exception, match="同名"):
        lib.module_rename(
            actor=cast.feng_admin, module_id=b.pk, name="政策理论", was="安全生产知识"
        )
    assert Module.objects.get(pk=b.pk).name == "安全生产知识"
    assert AuditEvent.objects.filter(action="learning.module.rename").count() == 1


def test_the_manage_pages(client, cast):
    module = _module(cast)
    client.login(employee_no=cast.feng_admin.employee_no, password=PASSWORD)
    page = client.get("/learning/library/manage/")
    assert page.status_code == 200 and "安全生产" in page.content.decode()
    r = client.post(
        f"/learning/library/manage/modules/{module.pk}/rename/", {"name": "安全", "was": "安全生产"}
    )
    assert r.status_code == 302 and Module.objects.get().name == "安全"
    r = client.post(
        f"/learning/library/manage/modules/{module.pk}/rename/", {"name": "", "was": "安全"}
    )
    assert r.status_code == 400 and "请填写模块名称" in r.content.decode()
    r = client.post(f"/learning/library/manage/modules/{module.pk}/move/", {"direction": "left"})
    assert r.status_code == 400 and "上移或下移" in r.content.decode()
    r = client.post(
        "/learning/library/manage/materials/",
        {"module": module.pk, "unit": cast.mine.pk, "kind": "article", "title": "党员必读",
         "body": "<p>正文</p>", "audience": "party"},
    )  # fmt: skip
    assert r.status_code == 302 and Material.objects.get().audience == "party"
    r = client.post(
        "/learning/library/manage/materials/", {"module": module.pk, "unit": cast.mine.pk}
    )
    assert r.status_code == 400 and Material.objects.count() == 1
    client.login(employee_no=cast.zhao_secretary.employee_no, password=PASSWORD)
    r = client.post(f"/learning/library/manage/modules/{module.pk}/rename/", {"name": "x"})
    assert r.status_code in (403, 404) and Module.objects.get().name == "安全"


def test_a_too_regular_heartbeat_is_flagged(cast):
    m = _article(cast, _module(cast), body="<p>" + "安全" * 3000 + "</p>")
    at = NOON
    for _i in range(60):
        lib.beat(person=cast.li_member, material=m, at=at, position=0.1)
        at += timedelta(seconds=15)  # exactly 15 s, every time: a script
    flag = StudyFlag.objects.get(person=cast.li_member)
    assert "规律" in flag.reason
    assert lib.beat(person=cast.li_member, material=m, at=at).credited == 0


def test_a_human_rhythm_is_not_flagged(cast):
    m = _article(cast, _module(cast), body="<p>" + "安全" * 3000 + "</p>")
    at = NOON
    for i in range(60):
        lib.beat(person=cast.li_member, material=m, at=at, position=0.1)
        at += timedelta(seconds=15 + (i * 7 % 5) * 0.4)
    assert not StudyFlag.objects.exists()
    assert StudyDay.objects.get().seconds > 800


def test_course_completion_figures_and_panel(client, cast):
    module = _module(cast)
    one, two = _article(cast, module, "甲"), _article(cast, module, "乙")
    with time_machine.travel(NOON, tick=False):
        lib.beat(person=cast.li_member, material=one, at=NOON - timedelta(hours=1))
        lib.beat(person=cast.li_member, material=one, at=NOON - timedelta(minutes=59, seconds=40))
        lib.beat(person=cast.li_member, material=one, at=NOON - timedelta(minutes=59, seconds=20))
        course = lib.course_create(
            actor=cast.feng_admin, unit_id=cast.mine.pk, title="党员必修", who="party",
            deadline=date(2026, 12, 20), material_ids=[one.pk, two.pk],
        )  # fmt: skip
        assert not CourseCompletion.objects.exists()
        for s in (0, 20, 40):
            lib.beat(person=cast.li_member, material=two, at=NOON + timedelta(seconds=s))
        done = CourseCompletion.objects.get()
        assert done.person == cast.li_member and done.course == course
        start, end = date(2026, 12, 1), date(2026, 12, 31)
        required = registry.figure("learning.courses_required")
        finished = registry.figure("learning.courses_finished")
        party_members = 3  # 李, 赵, 钱 of the cast
        assert required.value(cast.mine, start, end) == party_members
        assert finished.value(cast.mine, start, end) == 1
        assert finished.value(cast.branch_a, start, end) == 1
        assert finished.value(cast.district_b, start, end) == 0
        assert registry.figure("learning.study_seconds").value(cast.mine, start, end) == 80
        client.login(employee_no=cast.zhao_secretary.employee_no, password=PASSWORD)
        html = client.get("/").content.decode()
        assert "本支部必修课完成" in html and "党员必修" in html
        assert client.get(f"/learning/library/courses/{course.pk}/").status_code == 200
        client.login(employee_no=cast.wang_worker.employee_no, password=PASSWORD)
        assert client.get(f"/learning/library/courses/{course.pk}/").status_code == 404


def test_points_ledger_export(client, cast):
    m = _article(cast, _module(cast))
    with time_machine.travel(NOON, tick=False):
        for s in (0, 15, 30):
            lib.beat(person=cast.li_member, material=m, at=NOON + timedelta(seconds=s))
        client.login(employee_no=cast.zhao_secretary.employee_no, password=PASSWORD)
        r = client.get("/learning/library/desk/points-export/?period=month")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    rows = list(book.active.values)
    header, total = rows[0], {row[1]: row[-1] for row in rows[1:]}
    assert header[-1] == "合计" and len(header) > 5
    assert total["李红"] == 1 and total["赵书文"] == 0


def test_the_api(client, cast):
    m = _article(cast, _module(cast), title="采煤机安全操作", audience="party")
    key = create_api_token(person=cast.li_member, name="测试")[1]
    headers = {"Authorization": f"Bearer {key}"}
    found = client.get("/api/learning/materials?q=采煤机", headers=headers).json()
    assert [i["title"] for i in found["items"]] == ["采煤机安全操作"]
    assert client.get(f"/api/learning/materials/{m.pk}", headers=headers).json()["body"]
    r = client.post(
        f"/api/learning/materials/{m.pk}/beat", json.dumps({"position": 0.2}),
        content_type="application/json", headers=headers,
    )  # fmt: skip
    assert r.status_code == 200 and r.json()["credited"] == 0  # the first beat starts the clock
    assert client.get("/api/learning/study", headers=headers).status_code == 200
    worker = {"Authorization": f"Bearer {create_api_token(person=cast.wang_worker, name='t')[1]}"}
    assert client.get(f"/api/learning/materials/{m.pk}", headers=worker).status_code == 404
    assert client.get("/api/learning/materials", headers=worker).json()["count"] == 0


def test_the_demo_pdf_is_well_formed():
    import re

    from tongxin.learning.demo.library_content import pdf_bytes

    data = pdf_bytes("安全规程", ["第一行", "第二行"])
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    start = int(re.search(rb"startxref\n(\d+)", data).group(1))
    assert data[start:].startswith(b"xref")
    offsets = [int(o) for o in re.findall(rb"(\d{10}) 00000 n", data)]
    for n, offset in enumerate(offsets, start=1):
        assert data[offset:].startswith(b"%d 0 obj" % n)
    assert "安全规程".encode("utf-16-be").hex().upper().encode() in data
