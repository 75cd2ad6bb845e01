"""In Chromium on a phone-sized screen: 王强 does the daily check of 综采一队一班 at the
1201 face, two items pass and one fails with a photo and 李红 named to rectify it; 李红
signs in on her phone, starts and rectifies with an evidence photo and is offered no
re-check; 王强's re-check fails it back to her, she rectifies again, and 王强's pass
closes it. Screenshots go to test-artifacts/hazards_*.png."""

import io
import re

import pytest
from PIL import Image, ImageDraw

from tests.browser.conftest import ARTIFACTS, PHONE, sign_in
from tests.hazards.conftest import categories, daily_plan, face  # noqa: F401 (fixtures)
from tongxin.hazards.models import Hazard, HazardEvent, Inspection, State

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"hazards_{name}.png"), full_page=True)


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _jpeg(tmp_path, name, color):
    """A phone-like photo: a dark roadway with a lit support."""
    image = Image.new("RGB", (640, 480), (35, 35, 40))
    draw = ImageDraw.Draw(image)
    draw.rectangle((250, 60, 390, 420), fill=color)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return path


@pytest.fixture
def second_phone(browser, live_server):
    """Another person's phone: a browser context of its own."""
    context = browser.new_context(
        locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base = live_server.url
    yield page
    context.close()


def _open_hazard_from_today(page, badge):
    page.goto(page.base + "/hazards/")
    page.locator(".hz-row", has_text=badge).first.click()
    page.wait_for_url("**/hazards/h/*/")


def test_daily_check_to_a_closed_hazard_on_phones(
    phone_page,
    second_phone,
    cast,
    password,
    daily_plan,  # noqa: F811
    tmp_path,
):
    wang, li = phone_page, second_phone

    # 王强 opens today's checks from the menu.
    sign_in(wang, "100001", password)
    wang.wait_for_url(wang.base + "/")
    wang.get_by_role("button", name="菜单").click()
    wang.locator("#mainnav").get_by_role("link", name="隐患排查").click()
    wang.wait_for_url(wang.base + "/hazards/")
    plan = wang.locator(".hz-plan", has_text="综采一队 一班")
    assert "去检查" in plan.inner_text()
    _no_sideways_scroll(wang)
    _shot(wang, "1_today_wang")

    # The checklist: two items pass, the support item fails.
    plan.click()
    wang.wait_for_url(f"**/hazards/inspect/{daily_plan.pk}/")
    items = wang.locator(".hz-item")
    assert items.count() == 3
    support = wang.locator(".hz-item", has_text="支架初撑力达标")
    wind = wang.locator(".hz-item", has_text="风筒吊挂平直")
    gas = wang.locator(".hz-item", has_text="甲烷传感器")
    wind.get_by_text("合格", exact=True).click()
    assert not support.locator(".hz-finding").is_visible()
    # A touch target a gloved finger can hit.
    box = support.get_by_text("不合格", exact=True).bounding_box()
    assert box["height"] >= 48 and box["width"] >= 140
    support.get_by_text("不合格", exact=True).click()
    assert support.locator(".hz-finding").is_visible()
    assert support.get_by_label("具体位置").input_value() == "1201综采工作面 支架"
    assert support.get_by_label("隐患类别").evaluate("s => s.options[s.selectedIndex].text") == (
        "顶板"
    )
    support.get_by_label("具体位置").fill("1201综采工作面 35号支架")
    # 一般: the finder may re-check it (a 较大 one needs a safety role: test_roles.py).
    support.get_by_text("一般", exact=True).click()
    assert "默认 7 天" in support.locator(".hz-deadline-hint").inner_text()
    support.get_by_label("发现的问题").fill("35号支架初撑力不足，顶板有离层")
    support.get_by_label("整改措施（可不填）").fill("补液升柱，重新初撑")
    # The person picker: type part of a name, choose from the district's people.
    support.get_by_label("整改责任人（可不选）").fill("李红")
    support.get_by_role("option", name=re.compile("^李红 · ")).click()
    # Submitted too soon, with the gas item not yet marked: nothing is lost.
    wang.get_by_role("button", name="提交检查结果").click()
    wang.wait_for_selector("#form-errors")
    assert "还有 1 项没有检查" in wang.locator("#form-errors").inner_text()
    assert "请选择“合格”或“不合格”" in gas.inner_text()
    assert support.get_by_label("发现的问题").input_value() == "35号支架初撑力不足，顶板有离层"
    assert support.get_by_label("整改责任人（可不选）").input_value().startswith("李红 · ")
    assert support.locator(".hz-finding").is_visible()
    assert support.locator("input[data-mark=bad]").is_checked()
    _no_sideways_scroll(wang)
    _shot(wang, "2a_inspect_error")
    gas.get_by_text("合格", exact=True).click()
    support.locator("input[type=file][capture]").set_input_files(
        str(_jpeg(tmp_path, "support.jpg", (200, 170, 60)))
    )
    assert "support.jpg" in support.locator(".hz-photo-names").inner_text()
    assert support.locator(".hz-photo-previews img").count() == 1
    assert "已检查 3 / 3，不合格 1" in wang.locator(".hz-submitbar").inner_text()
    _no_sideways_scroll(wang)
    _shot(wang, "2_inspect_form")
    wang.get_by_role("button", name="提交检查结果").click()
    wang.wait_for_selector("#done-summary")
    assert "2 项合格，1 项不合格" in wang.content()
    _no_sideways_scroll(wang)
    _shot(wang, "3_inspect_done")

    inspection = Inspection.objects.get()
    hazard = Hazard.objects.get(inspection=inspection)
    assert hazard.responsible == cast.li_member and hazard.state == State.ASSIGNED
    assert hazard.photos.count() == 1 and hazard.severity == "general"

    # 李红 on her phone: the hazard waits on her.
    sign_in(li, "100002", password)
    li.wait_for_url(li.base + "/")
    li.goto(li.base + "/hazards/")
    row = li.locator(".hz-row", has_text="35号支架")
    assert "待我整改" in row.inner_text() and "前整改" in row.inner_text()
    _shot(li, "4_today_li")
    _open_hazard_from_today(li, "待我整改")
    assert li.evaluate("document.querySelector('.hz-photos img').naturalWidth") > 0
    _no_sideways_scroll(li)
    _shot(li, "5_hazard_li_assigned")
    li.get_by_role("button", name="开始整改").click()
    li.wait_for_selector("text=已开始整改")
    li.get_by_label("整改情况").fill("已补液升柱，初撑力达到 24MPa")
    li.locator("#rectify-form input[type=file][capture]").set_input_files(
        str(_jpeg(tmp_path, "fixed.jpg", (90, 200, 90)))
    )
    _shot(li, "6_rectify_form")
    li.get_by_role("button", name="整改完成，提交复查").click()
    li.wait_for_selector("text=整改已提交")
    # She rectified it: she is offered no re-check.
    assert li.get_by_role("button", name="合格，销号").count() == 0
    assert li.get_by_role("button", name="不合格，退回").count() == 0
    assert "整改人不能复查自己整改的隐患" in li.content()
    _no_sideways_scroll(li)
    _shot(li, "7_rectified_li")

    # 王强 re-checks: not yet right, back to rectification.
    wang.goto(wang.base + "/hazards/")
    assert "待我复查" in wang.locator(".hz-row", has_text="35号支架").inner_text()
    _open_hazard_from_today(wang, "待我复查")
    assert wang.locator(".tx-timeline img").count() == 1  # the evidence photo
    assert "初撑力达到 24MPa" in wang.locator("#last-rectify").inner_text()
    assert wang.locator("#last-rectify img").count() == 1
    wang.get_by_label("复查意见（不合格时必须填写）").fill("顶板仍有离层，需加打锚杆")
    _shot(wang, "8_recheck_form")
    wang.get_by_role("button", name="不合格，退回").click()
    wang.wait_for_selector("text=复查不合格，已退回")
    hazard.refresh_from_db()
    assert hazard.state == State.RECTIFYING
    _shot(wang, "9_recheck_failed")

    # 李红 rectifies again.
    li.goto(li.base + f"/hazards/h/{hazard.pk}/")
    assert "复查不合格" in li.content()
    li.get_by_label("整改情况").fill("已加打两根锚杆，顶板稳定")
    li.locator("#rectify-form input[type=file]:not([capture])").set_input_files(
        str(_jpeg(tmp_path, "fixed2.jpg", (60, 160, 220)))
    )
    li.get_by_role("button", name="整改完成，提交复查").click()
    li.wait_for_selector("text=整改已提交")
    assert li.get_by_role("button", name="合格，销号").count() == 0

    # 王强's pass closes it.
    wang.goto(wang.base + f"/hazards/h/{hazard.pk}/")
    wang.get_by_role("button", name="合格，销号").click()
    wang.wait_for_selector("text=复查合格，隐患已销号")
    hazard.refresh_from_db()
    assert hazard.state == State.CLOSED and hazard.rechecked_by == cast.wang_worker
    assert "已销号" in wang.locator("#hazard-badges").inner_text()
    _no_sideways_scroll(wang)
    _shot(wang, "10_closed")
    actions = list(HazardEvent.objects.filter(hazard=hazard).values_list("action", flat=True))
    assert actions == ["report", "start", "rectify", "recheck_fail", "rectify", "recheck_pass"]

    # The work place's page, as its QR code opens it.
    li.goto(li.base + "/hazards/w/ZC1201/")
    assert "1201综采工作面" in li.content() and "今日已检" in li.content()
    _no_sideways_scroll(li)
    _shot(li, "11_workplace")
    li.get_by_role("link", name="在这里随手拍上报隐患").click()
    li.wait_for_url("**/hazards/report/?workplace=ZC1201")
    assert li.get_by_label("具体位置").input_value() == "1201综采工作面"
    assert (
        li.get_by_label("责任单位").evaluate("s => s.options[s.selectedIndex].text") == "综采一队"
    )
    _no_sideways_scroll(li)
    _shot(li, "12_report_form")
