"""In Chromium on a phone, underground: 王强 opens today's checks with network, loses
it at the face, marks the daily checklist (one item failed, with a photo) and submits:
it is kept on the phone as 待上传; the page reloads without network (served by the
service worker) and still says so; when the network returns it is sent, once: one
inspection and one hazard with its photo. Screenshots go to
test-artifacts/hazards_offline_*.png."""

import io

import pytest
from PIL import Image

from tests.browser.conftest import ARTIFACTS, PHONE, sign_in
from tests.hazards.conftest import categories, daily_plan, face  # noqa: F401 (fixtures)
from tongxin.core.models import IdempotencyKey
from tongxin.hazards import services
from tongxin.hazards.models import (
    Hazard,
    HazardEvent,
    HazardPhoto,
    Inspection,
    State,
    Workplace,
)
from tongxin.hazards.services import Finding, Mark

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"hazards_offline_{name}.png"), full_page=True)


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _jpeg(tmp_path):
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 170, 60)).save(out, "JPEG", quality=85)
    path = tmp_path / "support.jpg"
    path.write_bytes(out.getvalue())
    return path


def _controlled(page):
    """The service worker has taken the page over (and so answers its next loads)."""
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller")


def _kept_in_cache(page, path):
    page.wait_for_function(
        "p => caches.open('tongxin-pages').then(c => c.match(p)).then(r => !!r)", arg=path
    )


def test_an_inspection_done_without_network_is_sent_once_when_it_returns(
    phone_page,
    password,
    daily_plan,  # noqa: F811
    face,  # noqa: F811
    tmp_path,
):
    page = phone_page
    inspect_path = f"/hazards/inspect/{daily_plan.pk}/"
    sign_in(page, "100001", password)
    page.wait_for_url(page.base + "/")
    page.goto(page.base + "/hazards/")
    _controlled(page)
    # Today's page keeps the checklist it links to for when the network is gone.
    _kept_in_cache(page, inspect_path)
    page.goto(page.base + inspect_path)
    assert page.locator("#inspect-form input[name=checklist_version]").count() == 1

    # At the face: no network.
    page.context.set_offline(True)
    page.wait_for_selector(".tx-offline-net", state="visible")
    assert "当前没有网络" in page.locator("#tx-offline").inner_text()
    page.locator(".hz-item", has_text="风筒吊挂平直").get_by_text("合格", exact=True).click()
    page.locator(".hz-item", has_text="甲烷传感器").get_by_text("合格", exact=True).click()
    support = page.locator(".hz-item", has_text="支架初撑力达标")
    support.get_by_text("不合格", exact=True).click()
    support.get_by_label("具体位置").fill("1201综采工作面 35号支架")
    support.get_by_text("较大", exact=True).click()
    support.get_by_label("发现的问题").fill("35号支架初撑力不足，顶板有离层")
    support.locator("input[type=file][capture]").set_input_files(str(_jpeg(tmp_path)))
    page.get_by_role("button", name="提交检查结果").click()

    outbox = page.locator("#tx-offline .tx-outbox")
    outbox.wait_for(state="visible")
    assert "1 条待上传" in outbox.inner_text()
    entry = outbox.locator(".tx-outbox-entry")
    assert "待上传" in entry.inner_text() and "合格 2 项，不合格 1 项" in entry.inner_text()
    assert "照片 1 张" in entry.inner_text()
    # The page's one inspection is not offered a second time while it waits.
    assert not page.locator("#inspect-form").is_visible()
    assert page.locator(".tx-offline-kept").is_visible()
    _no_sideways_scroll(page)
    _shot(page, "1_kept")
    assert Inspection.objects.count() == 0

    # A reload without network: the service worker answers with the page it kept
    # (the server's copy would now show the work place's new name).
    Workplace.objects.filter(pk=face.pk).update(name="1201综采工作面（新）")
    response = page.reload()
    assert response is not None and response.from_service_worker
    assert "1201综采工作面（新）" not in page.content()
    page.locator("#tx-offline .tx-outbox").wait_for(state="visible")
    assert "1 条待上传" in page.locator("#tx-offline").inner_text()
    assert page.locator("h1").inner_text().startswith("综采一队")
    assert not page.locator("#inspect-form").is_visible()
    # Bootstrap came from the phone too: the page is laid out, not bare text.
    card = page.evaluate("getComputedStyle(document.querySelector('.tx-outbox')).display")
    assert card == "flex"
    _shot(page, "2_reloaded_offline")
    assert Inspection.objects.count() == 0

    # Back at the shaft bottom: the network returns and the entry is sent.
    page.context.set_offline(False)
    page.wait_for_selector(".tx-outbox-done:has-text('已上传 1 条')")
    assert not page.locator("#tx-offline .tx-outbox").is_visible()
    _shot(page, "3_sent")

    inspection = Inspection.objects.get()
    hazard = Hazard.objects.get()
    assert hazard.inspection == inspection and hazard.location == "1201综采工作面 35号支架"
    assert HazardPhoto.objects.filter(hazard=hazard).count() == 1
    assert inspection.results.filter(ok=False).count() == 1
    claim = IdempotencyKey.objects.get()
    assert claim.object_id == str(inspection.pk)

    # Another page load (which also sends whatever waits) sends nothing again.
    page.reload()
    page.wait_for_selector("#done-summary")
    assert "合格 2 项，不合格 1 项" in page.locator("#done-summary").inner_text()
    page.wait_for_timeout(300)
    assert Inspection.objects.count() == 1 and Hazard.objects.count() == 1


def _open_ready(page, password, employee_no, path):
    """Signed in, the service worker in charge, `path` kept on the phone and open."""
    sign_in(page, employee_no, password)
    page.wait_for_url(page.base + "/")
    page.goto(page.base + "/hazards/")
    _controlled(page)
    _kept_in_cache(page, path)
    page.goto(page.base + path)


def test_marks_on_a_checklist_changed_meanwhile_are_shown_refused_and_kept(
    phone_page,
    cast,
    password,
    categories,  # noqa: F811
    daily_plan,  # noqa: F811
):
    page = phone_page
    inspect_path = f"/hazards/inspect/{daily_plan.pk}/"
    _open_ready(page, password, "100001", inspect_path)
    page.context.set_offline(True)
    for item in page.locator(".hz-item").all():
        item.get_by_text("合格", exact=True).click()
    page.get_by_role("button", name="提交检查结果").click()
    page.locator("#tx-offline .tx-outbox").wait_for(state="visible")
    # Meanwhile, above ground, the district republishes the checklist.
    services.checklist_publish(
        actor=cast.wu_leader,
        template=daily_plan.template,
        items=[
            ("支架", categories["顶板"], "支架初撑力达标，无歪斜咬架"),
            ("煤壁", categories["顶板"], "煤壁无片帮，护帮板打开到位"),
        ],
    )
    page.context.set_offline(False)
    refused = page.locator(".tx-outbox-entry[data-state=refused]")
    refused.wait_for()
    assert "未能上传" in refused.inner_text()
    assert "检查表已更新为第 2 版，这次检查没有保存" in refused.inner_text()
    assert "1 条未能上传" in page.locator(".tx-outbox-count").inner_text()
    assert Inspection.objects.count() == 0
    _no_sideways_scroll(page)
    _shot(page, "4_refused")

    # Kept until done again: the page now shows the new checklist to do.
    page.reload()
    refused.wait_for()
    assert page.locator(".hz-item").count() == 2
    assert page.locator("#inspect-form").is_visible()
    refused.get_by_role("button", name="删除这条").click()
    page.locator("#tx-offline .tx-outbox").wait_for(state="hidden")
    assert (
        page.evaluate(
            "new Promise(r => { const q = indexedDB.open('tongxin-offline');"
            " q.onsuccess = () => { const g = q.result.transaction('outbox').objectStore('outbox')"
            ".count(); g.onsuccess = () => r(g.result); }; })"
        )
        == 0
    )


def test_rectification_evidence_taken_without_network_is_sent_once(
    phone_page,
    cast,
    password,
    categories,  # noqa: F811
    daily_plan,  # noqa: F811
    tmp_path,
):
    marks = [Mark(item_id=i.pk, ok=True) for i in services.current_version(daily_plan).items.all()]
    marks[0] = Mark(
        item_id=marks[0].item_id,
        ok=False,
        finding=Finding(
            location="1201工作面 3号支架",
            category=categories["顶板"],
            severity="larger",
            description="3号支架初撑力不足",
            responsible=cast.li_member,
        ),
    )
    services.inspection_record(actor=cast.wang_worker, plan=daily_plan, marks=marks)
    hazard = Hazard.objects.get()
    hazard_path = f"/hazards/h/{hazard.pk}/"
    page = phone_page
    # 李红's phone keeps the hazard that waits on her from today's page.
    _open_ready(page, password, "100002", hazard_path)

    page.context.set_offline(True)
    page.locator("#rectify-now summary").click()
    page.get_by_label("整改情况").fill("已补液升柱，初撑力达到 24MPa")
    page.locator("#rectify-form input[type=file][capture]").set_input_files(str(_jpeg(tmp_path)))
    page.get_by_role("button", name="整改完成，提交复查").click()
    page.locator("#tx-offline .tx-outbox").wait_for(state="visible")
    assert "1 条待上传" in page.locator("#tx-offline").inner_text()
    assert "照片 1 张" in page.locator(".tx-outbox-entry").inner_text()
    response = page.reload()
    assert response is not None and response.from_service_worker
    page.locator("#tx-offline .tx-outbox").wait_for(state="visible")
    assert not page.locator("#rectify-form").is_visible()
    _shot(page, "5_rectify_kept")
    hazard.refresh_from_db()
    assert hazard.state == State.ASSIGNED

    page.context.set_offline(False)
    page.wait_for_selector(".tx-outbox-done:has-text('已上传 1 条')")
    assert "已上传" in page.locator(".tx-offline-kept").inner_text()
    hazard.refresh_from_db()
    assert hazard.state == State.RECTIFIED and hazard.rectified_by == cast.li_member
    assert hazard.photos.filter(kind="rectified").count() == 1
    assert HazardEvent.objects.filter(hazard=hazard, action="rectify").count() == 1
    page.reload()
    page.wait_for_selector("#next-step")
    assert HazardEvent.objects.filter(hazard=hazard, action="rectify").count() == 1
