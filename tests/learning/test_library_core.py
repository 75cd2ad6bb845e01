"""The library: scope, sanitising, range requests, heartbeats and the cap."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.cast import PASSWORD
from tongxin.learning.library import services as lib
from tongxin.learning.library.sanitise import sanitise
from tongxin.learning.models import PointEvent, StudyFlag

pytestmark = pytest.mark.django_db
NOON = datetime(2026, 12, 7, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _article(cast, title="学习要点", unit=None, module=None, body="<p>安全第一。</p>"):
    module = module or lib.module_create(actor=cast.feng_admin, mine=cast.mine, name="安全生产")
    m = lib.material_create(
        actor=cast.feng_admin,
        module_id=module.pk,
        unit_id=(unit or cast.mine).pk,
        kind="article",
        title=title,
        body=body,
    )
    return lib.material_publish(actor=cast.feng_admin, material_id=m.pk, version=m.version)


def test_sanitising_removes_script_and_handlers():
    html, text = sanitise(
        '<p onclick="x()">好<script>alert(1)</script><img src="/a.png" onerror="alert(1)"></p>'
    )
    assert "script" not in html and "onerror" not in html and "onclick" not in html
    assert '<img src="/a.png">' in html and text == "好"


def test_another_units_material_is_404(client, cast):
    m = _article(cast, unit=cast.district_b)
    client.login(employee_no=cast.wang_worker.employee_no, password=PASSWORD)
    assert client.get(f"/learning/library/{m.pk}/").status_code == 404
    m2 = _article(cast, title="全矿", module=m.module)
    assert client.get(f"/learning/library/{m2.pk}/").status_code == 200


def test_range_requests(client, cast):
    module = lib.module_create(actor=cast.feng_admin, mine=cast.mine, name="视频")
    data = bytes(range(256)) * 4
    m = lib.material_create(
        actor=cast.feng_admin,
        module_id=module.pk,
        unit_id=cast.mine.pk,
        kind="video",
        title="视频",
        file=SimpleUploadedFile("v.mp4", data, content_type="video/mp4"),
        duration=60,
    )
    lib.material_publish(actor=cast.feng_admin, material_id=m.pk, version=m.version)
    client.login(employee_no=cast.wang_worker.employee_no, password=PASSWORD)
    r = client.get(f"/learning/library/{m.pk}/file/", HTTP_RANGE="bytes=10-19")
    assert r.status_code == 206
    assert r["Content-Range"] == f"bytes 10-19/{len(data)}"
    assert b"".join(r.streaming_content) == data[10:20]
    r = client.get(f"/learning/library/{m.pk}/file/", HTTP_RANGE="bytes=5000-")
    assert r.status_code == 416
    r = client.get(f"/learning/library/{m.pk}/file/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == data


def test_too_fast_beats_credit_nothing_and_flag(cast):
    m = _article(cast)
    person = cast.li_member
    total = 0
    for i in range(6):
        total += lib.beat(person=person, material=m, at=NOON + timedelta(seconds=2 * i)).credited
    assert total == 0
    assert StudyFlag.objects.filter(person=person, material=m).exists()


def test_cap_holds_on_a_day_of_much_reading(cast):
    person = cast.li_member
    first = _article(cast, title="文章0")
    articles = [first] + [
        _article(cast, title=f"文章{i}", module=first.module) for i in range(1, 20)
    ]
    at = NOON
    with time_machine.travel(NOON, tick=False):
        for m in articles:
            for _i in range(3):
                lib.beat(person=person, material=m, at=at)
                at += timedelta(seconds=15)
    read = PointEvent.objects.filter(person=person, rule__code="read_article")
    assert sum(e.points for e in read) == 12
