"""In Chromium at 360 px: 赵书文 records a 支部委员会 outside the plan (第一议题 first,
only himself expected), holds it, uploads two photos from the phone and sees their
thumbnails; 李红 (a member of the branch) sees the thumbnails, not the upload form.
Then, at the desk, 冯管理 edits a question of the bank and disables it. No page
scrolls sideways. Screenshots go to test-artifacts/learning_*.png."""

import io

import pytest
from PIL import Image

from tests.browser.conftest import ARTIFACTS, sign_in
from tests.learning.contests_helpers import bank
from tongxin.learning.models import Meeting, MeetingPhoto, Question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 360, "height": 740}


@pytest.fixture
def narrow(browser, live_server):
    context = browser.new_context(
        locale="zh-CN", viewport=NARROW, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base = live_server.url
    yield page
    context.close()


def _shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"learning_{name}.png"), full_page=True)


def _fits(page):
    wider = page.evaluate(
        """w => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > w + 1)
            .slice(0, 5).map(e => e.tagName + '.' + e.className)""",
        NARROW["width"],
    )
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], f"{page.url} is {width} px wide: {wider}"


def _jpeg(tmp_path, name, color):
    out = io.BytesIO()
    Image.new("RGB", (640, 480), color).save(out, "JPEG")
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return path


def test_an_unplanned_meeting_with_photos_on_a_narrow_phone(
    narrow, browser, live_server, cast, password, tmp_path
):
    page = narrow
    sign_in(page, cast.zhao_secretary.employee_no, password)
    page.goto(page.base + f"/learning/meetings/new/?branch={cast.branch_a.pk}")
    _fits(page)
    page.get_by_label("会议类型").select_option("committee")
    page.get_by_label("会议主题").fill("增开支部委员会")
    page.get_by_label("召开时间").fill("2026-12-09T15:00")
    page.get_by_label("地点").fill("综采一队会议室")
    page.get_by_label("议程（每行一项）").fill("第一议题：学习重要讲话\n研究冬季安全生产")
    page.get_by_label("李红").uncheck()
    _shot(page, "new_meeting")
    page.get_by_role("button", name="登记会议").click()
    page.wait_for_url("**/learning/meetings/*/")
    meeting = Meeting.objects.get(title="增开支部委员会")
    assert list(meeting.attendance.values_list("person", flat=True)) == [cast.zhao_secretary.pk]
    page.get_by_role("button", name="会议召开").click()
    page.wait_for_url(f"**/learning/meetings/{meeting.pk}/")
    page.get_by_label("上传会议照片").set_input_files(
        [_jpeg(tmp_path, "a.jpg", "red"), _jpeg(tmp_path, "b.jpg", "navy")]
    )
    page.get_by_role("button", name="上传", exact=True).click()
    page.wait_for_url(f"**/learning/meetings/{meeting.pk}/#photos")
    assert page.locator("#photos img.tx-thumb").count() == 2
    assert page.locator("#photos img.tx-thumb").first.evaluate("i => i.naturalWidth") > 0
    _fits(page)
    _shot(page, "meeting_photos")
    assert MeetingPhoto.objects.filter(meeting=meeting).count() == 2

    member = browser.new_context(locale="zh-CN", viewport=NARROW, is_mobile=True).new_page()
    member.base = live_server.url
    sign_in(member, cast.li_member.employee_no, password)
    member.goto(member.base + f"/learning/meetings/{meeting.pk}/")
    assert member.locator("#photos img.tx-thumb").count() == 2
    assert member.get_by_label("上传会议照片").count() == 0
    _fits(member)
    member.context.close()
    page.goto(page.base + "/learning/meetings/")
    assert page.get_by_text("本期已由计划外会议完成").count() == 0  # no plan made here
    assert page.get_by_role("link", name="登记计划外会议").count() == 1
    _fits(page)


def test_a_question_edited_and_disabled_on_a_narrow_screen(narrow, cast, password):
    questions = bank(cast.mine, n=2)
    target = questions[0]
    page = narrow
    sign_in(page, cast.feng_admin.employee_no, password)
    page.goto(page.base + f"/learning/contests/desk/bank/{target.pk}/")
    _fits(page)
    page.get_by_label("题干").fill("修改后的题干")
    page.get_by_role("button", name="保存为新版").click()
    page.wait_for_url("**/learning/contests/desk/bank/")
    new = Question.objects.get(stem="修改后的题干")
    assert new.version == 2
    page.goto(page.base + f"/learning/contests/desk/bank/{new.pk}/")
    page.get_by_role("button", name="停用此题").click()
    page.wait_for_url("**/learning/contests/desk/bank/")
    new.refresh_from_db()
    assert not new.is_active
    _fits(page)  # the bank's table scrolls inside its own box
    _shot(page, "bank")
