"""In Chromium on a phone-sized screen: 王强 raises a named request with a photo and finds
it in 我的诉求; an anonymous suggestion-box note gives a receipt that opens the case on
the follow page, where the reply is read and rated. Screenshots go to test-artifacts/."""

import io

import pytest
from PIL import Image

from tests.browser.conftest import ARTIFACTS, sign_in
from tongxin.voice import services
from tongxin.voice.models import Case, Category, State

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"voice_worker_{name}.png"), full_page=True)


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def _photo(tmp_path):
    path = tmp_path / "lamp.png"
    image = Image.new("RGB", (320, 240), (40, 40, 40))
    for x in range(120, 200):
        for y in range(80, 160):
            image.putpixel((x, y), (250, 220, 90))
    out = io.BytesIO()
    image.save(out, "PNG")
    path.write_bytes(out.getvalue())
    return path


def test_worker_submits_a_named_request_with_a_photo(phone_page, cast, password, tmp_path):
    page = phone_page
    sign_in(page, "100001", password)
    page.wait_for_url(page.base + "/")
    page.get_by_role("button", name="菜单").click()
    page.locator("#mainnav").get_by_role("link", name="我的诉求").click()
    page.wait_for_url(page.base + "/voice/")
    _no_sideways_scroll(page)
    _shot(page, "1_my_cases_empty")

    page.get_by_role("link", name="我要反映").click()
    page.wait_for_url("**/voice/new/")
    # Anonymity is offered only for the suggestion box.
    assert not page.get_by_label("匿名提交").is_visible()
    page.get_by_text("职工诉求", exact=True).click()
    page.get_by_label("标题").fill("三号巷道照明不足")
    page.get_by_label("内容").fill("三号巷道有两盏灯坏了一周，夜班行走不安全，请尽快修复。")
    page.locator("#photo-album").set_input_files(str(_photo(tmp_path)))
    assert "lamp.png" in page.locator(".tx-photo-names").inner_text()
    _no_sideways_scroll(page)
    _shot(page, "2_submit_form")
    page.get_by_role("button", name="提交").click()
    page.wait_for_url("**/voice/my/*/")
    assert "已提交" in page.content()
    assert page.locator("img.tx-thumb").count() == 1
    assert page.evaluate("document.querySelector('img.tx-thumb').naturalWidth") > 0
    _no_sideways_scroll(page)
    _shot(page, "3_my_case")

    case = Case.objects.get()
    assert case.submitter == cast.wang_worker and case.photos.count() == 1
    page.get_by_role("link", name="我的诉求").first.click()
    page.wait_for_url(page.base + "/voice/")
    row = page.locator(".tx-case-row", has_text="三号巷道照明不足")
    assert row.is_visible() and "待受理" in row.inner_text()
    _shot(page, "4_my_cases")


def test_anonymous_suggestion_gives_a_receipt_that_opens_the_case(phone_page, cast, password):
    from tongxin.people import services as people
    from tongxin.people.models import OrgKind

    # A second mine: the unit is chosen in two steps, the mine and then its units.
    far = people.org_create(actor=None, name="远山矿", kind=OrgKind.MINE, parent=cast.company)
    people.org_create(actor=None, name="运输队", kind=OrgKind.DISTRICT, parent=far)
    page = phone_page
    sign_in(page, "100001", password)
    page.wait_for_url(page.base + "/")
    page.goto(page.base + "/voice/new/")
    page.get_by_text("意见箱", exact=True).click()
    page.get_by_label("匿名提交").check()
    unit = page.get_by_label("事情所在单位")
    assert unit.is_visible()
    selected = "s => s.options[s.selectedIndex].text"
    assert page.get_by_label("矿", exact=True).evaluate(selected) == "红岩矿"
    assert unit.evaluate(selected) == "综采一队"
    page.get_by_label("矿", exact=True).select_option(label="远山矿")
    page.wait_for_function("document.getElementById('organisation').textContent.includes('运输队')")
    assert "综采一队" not in unit.inner_text()
    page.get_by_label("矿", exact=True).select_option(label="红岩矿")
    page.wait_for_function(
        "document.getElementById('organisation').textContent.includes('综采一队')"
    )
    unit.select_option(label="综采一队")
    assert page.get_by_role("button", name="匿名投递").is_visible()
    page.get_by_label("标题").fill("班组长分活不公")
    page.get_by_label("内容").fill("脏活累活总是派给同几个人，希望公开派工。")
    _shot(page, "5_anonymous_form")
    page.get_by_role("button", name="匿名投递").click()
    page.wait_for_url("**/voice/anonymous/")
    receipt = page.locator("#receipt-code").inner_text().strip()
    assert receipt == page.locator("#receipt-code").get_attribute("data-receipt")
    assert len(receipt.replace("-", "")) == 20
    assert "只显示这一次" in page.content()
    page.get_by_role("button", name="复制回执码").click()
    page.wait_for_function("document.getElementById('copy-status').textContent.length > 0")
    _no_sideways_scroll(page)
    _shot(page, "6_receipt")

    case = Case.objects.get()
    assert (case.submitter_id, case.entered_by_id, case.is_anonymous) == (None, None, True)
    assert receipt not in page.url

    # The union chair handles it and 机电科 replies.
    canteen = Category.objects.get(name="食堂")
    case = services.case_accept(
        case_id=case.pk, version=case.version, actor=cast.sun_chair, category=canteen
    )
    case = services.case_assign(
        case_id=case.pk, version=case.version, actor=cast.sun_chair, department=cast.department
    )
    case = services.case_handle(
        case_id=case.pk, version=case.version, actor=cast.zhou_head, result="已核实"
    )
    services.case_reply(
        case_id=case.pk,
        version=case.version,
        actor=cast.zhou_head,
        text="已要求班组每周公开派工表，由分工会监督。",
    )

    page.get_by_role("link", name="凭回执码查询").click()
    page.wait_for_url("**/voice/anonymous/follow/")
    page.get_by_label("回执码").fill(receipt)
    page.get_by_role("button", name="查询").click()
    page.wait_for_selector("text=班组长分活不公")
    assert receipt not in page.url
    assert "已要求班组每周公开派工表" in page.content()
    _no_sideways_scroll(page)
    _shot(page, "7_follow_case")

    page.locator("label[for=rating-4]").click()
    page.get_by_label("评价意见（可不填）").fill("希望长期坚持")
    page.get_by_role("button", name="提交评价并办结").click()
    page.wait_for_selector("text=感谢您的评价")
    _shot(page, "8_follow_rated")
    case.refresh_from_db()
    assert case.state == State.CLOSED and case.rating == 4


def test_wrong_receipt_is_refused_on_a_phone(phone_page, cast):
    page = phone_page
    page.goto(page.base + "/voice/anonymous/follow/")
    page.get_by_label("回执码").fill("2222-3333-4444-5555-6666")
    page.get_by_role("button", name="查询").click()
    page.wait_for_selector("text=没有找到与此回执码对应的事项")
    _shot(page, "9_follow_wrong")
