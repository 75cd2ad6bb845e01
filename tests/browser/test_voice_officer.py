"""In Chromium: the promise end to end. A worker drops an anonymous note in the
suggestion box and keeps the receipt; the union chair classifies it, merges a duplicate
and assigns it; 机电科 replies; the worker opens it by receipt, reads the reply and
rates it. A named request that is reopened goes back with the mine watching."""

from pathlib import Path

import pytest

from tests.browser.conftest import sign_in
from tongxin.voice import services
from tongxin.voice.models import Case, Category, State

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"voice_{name}.png"), full_page=True)


def sign_out(page):
    page.context.clear_cookies()


def test_anonymous_note_classified_merged_assigned_replied_and_rated(
    page, phone_page, cast, password
):
    # A duplicate already waits in the box (named, from 李红).
    duplicate, _ = services.case_submit(
        submitter=cast.li_member,
        channel="suggestion",
        title="井下班中餐是凉的",
        body="送到井下的班中餐都凉了，希望配保温箱。",
    )
    # The worker, on a phone, drops an anonymous note.
    worker = phone_page
    sign_in(worker, "100001", password)
    worker.goto(worker.base + "/voice/anonymous/")
    worker.get_by_label("标题").fill("班中餐太凉")
    worker.get_by_label("内容").fill("井下的班中餐送到时已经凉了，冬天吃了胃疼，希望加保温箱。")
    worker.get_by_role("button", name="匿名投递").click()
    receipt = worker.locator("[data-receipt]").inner_text().strip()
    assert len(receipt.replace("-", "")) == 20
    shot(worker, "anonymous_receipt")
    note = Case.objects.get(is_anonymous=True)
    assert note.submitter_id is None

    # 孙工, the union chair, at a desk: classifies it and merges the duplicate into it.
    sign_in(page, "100004", password)
    page.goto(f"{page.base}/voice/cases/{duplicate.pk}/")
    page.get_by_label("分类").select_option(label="食堂")
    page.get_by_role("button", name="受理").click()
    page.wait_for_url(f"**/voice/cases/{duplicate.pk}/")
    page.goto(f"{page.base}/voice/cases/{note.pk}/")
    assert "匿名" in page.content()
    page.get_by_label("分类").select_option(label="食堂")
    page.get_by_role("button", name="受理").click()
    page.wait_for_url(f"**/voice/cases/{note.pk}/")
    page.goto(f"{page.base}/voice/cases/{duplicate.pk}/")
    shot(page, "officer_similar")
    page.get_by_role("button", name="本事项与它重复，合并过去").first.click()
    page.wait_for_url(f"**/voice/cases/{duplicate.pk}/")
    assert Case.objects.get(pk=duplicate.pk).state == State.MERGED
    page.goto(f"{page.base}/voice/cases/{note.pk}/")
    page.locator("#department").select_option(label="机电科")
    # The handler picker (core.pickers) offers 机电科's people: 周科长 by his initials.
    page.locator("#handler-box [data-picker-ready]").wait_for()
    page.locator("#handler").fill("zkz")
    page.get_by_role("option", name=f"周科长 · {cast.zhou_head.employee_no}").click()
    page.get_by_role("button", name="交办").click()
    page.wait_for_url(f"**/voice/cases/{note.pk}/")
    shot(page, "officer_assigned")
    sign_out(page)

    # 周科长 of 机电科 handles and replies.
    sign_in(page, "300001", password)
    page.goto(f"{page.base}/voice/inbox/")
    page.get_by_role("link", name="班中餐太凉").click()
    page.locator("#handle-text").fill("已为每个工作面配备保温箱。")
    page.get_by_role("button", name="办理完毕").click()
    page.locator("#reply-text").fill("已为每个工作面配备保温箱，班中餐到手应是热的，请再留意。")
    page.get_by_role("button", name="发布答复").click()
    page.wait_for_url(f"**/voice/cases/{note.pk}/")
    assert Case.objects.get(pk=note.pk).state == State.REPLIED
    assert Case.objects.get(pk=duplicate.pk).state == State.REPLIED  # the merged one too

    # The worker follows by receipt, reads the reply and rates it.
    worker.goto(worker.base + "/voice/anonymous/follow/")
    worker.get_by_label("回执码").fill(receipt)
    worker.get_by_role("button", name="查询").click()
    assert "保温箱" in worker.content()
    shot(worker, "follow_reply")
    worker.locator("label[for=rating-5]").click()
    worker.get_by_role("button", name="提交评价").click()
    worker.wait_for_load_state()
    assert Case.objects.get(pk=note.pk).state == State.CLOSED
    assert Case.objects.get(pk=note.pk).rating == 5


def test_a_reopened_request_goes_back_with_the_mine_watching(page, phone_page, cast, password):
    dormitory = Category.objects.get(name="宿舍")
    case, _ = services.case_submit(
        submitter=cast.wang_worker,
        channel="request",
        title="宿舍热水不足",
        body="三号楼晚上十点后没有热水。",
    )
    case = services.case_accept(
        case_id=case.pk, version=case.version, actor=cast.sun_chair, category=dormitory
    )
    case = services.case_assign(
        case_id=case.pk,
        version=case.version,
        actor=cast.sun_chair,
        department=cast.department,
        handler=cast.zhou_head,
    )
    case = services.case_handle(
        case_id=case.pk, version=case.version, actor=cast.zhou_head, result="已报修"
    )
    services.case_reply(
        case_id=case.pk, version=case.version, actor=cast.zhou_head, text="已报修，三天内修好。"
    )

    worker = phone_page
    sign_in(worker, "100001", password)
    worker.goto(f"{worker.base}/voice/my/{case.pk}/")
    worker.get_by_label("不满意的原因").fill("一周了还是没有热水")
    worker.get_by_role("button", name="不满意，退回重办").click()
    worker.wait_for_load_state()
    shot(worker, "reopened")
    case = Case.objects.get(pk=case.pk)
    assert case.state == State.ASSIGNED and case.watch_org == cast.mine

    sign_in(page, "900001", password)  # 吴矿长, leadership
    page.goto(f"{page.base}/voice/inbox/?watched=1&state=open")
    assert page.get_by_role("link", name="宿舍热水不足").is_visible()
    shot(page, "leadership_watched")
