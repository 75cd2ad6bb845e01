"""In Chromium, the grid's story from the issue, as its people do it:

赵书文 (secretary of 综采一队党支部) splits 一班 among the branch's Party members at the
desk and assigns 孙工 (the district's only other worker) one by one; 二班 is split too;
the coverage page shows nobody uncovered. He records a bereavement in 王强's family,
which opens a visit task for 李红, who covers 王强. 李红, on her phone, finds the task,
logs the visit with a follow-up for care, which opens a service item owned by the
union chair; her monthly report comes out filled from these records and she submits it.
Then a problem raised in the grid is passed to 机电科, appears in 周科长's case inbox,
and his reply shows on the branch's problem list.

Screenshots go to test-artifacts/grid_*.png.
"""

import pytest

from tests.browser.conftest import ARTIFACTS, PHONE, sign_in
from tests.grid.conftest import crew  # noqa: F401 (fixture)
from tongxin.care.models import ServiceItem
from tongxin.grid.models import (
    GridLink,
    GridTask,
    Level,
    LifeEvent,
    MonthlyReport,
    Problem,
    ProblemState,
    TaskState,
    Visit,
)
from tongxin.voice.models import Case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"grid_{name}.png"), full_page=True)


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_split_cover_bereavement_visit_care_and_report(
    page,
    phone_page,
    cast,
    crew,  # noqa: F811 (the fixture imported above)
    password,
    settings,
):
    # The current month's report may be filed today, whatever today is.
    settings.GRID_REPORT_OPEN_DAY = 1
    branch = cast.branch_a

    # --- the secretary splits 一班 among the Party members ---------------------------
    sign_in(page, cast.zhao_secretary.employee_no, password)
    page.goto(page.base + f"/grid/network/{branch.pk}/split/{cast.crew_a1.pk}/")
    page.get_by_label("王强的联系党员").select_option(str(cast.li_member.pk))
    page.get_by_label("刘明的联系党员").select_option(str(crew.chen_member.pk))
    page.get_by_label("何军的联系党员").select_option(str(crew.chen_member.pk))
    _shot(page, "split")
    page.get_by_role("button", name="保存分配").click()
    page.wait_for_load_state()
    covered = dict(
        GridLink.objects.filter(level=Level.MEMBER_WORKER, ends_on__isnull=True).values_list(
            "person__name", "responsible__name"
        )
    )
    assert covered == {"王强": "李红", "刘明": "陈党", "何军": "陈党"}

    # 二班: 杨工 goes to 李红 (the proposal may already say so; choose explicitly).
    page.goto(page.base + f"/grid/network/{branch.pk}/split/{cast.crew_a2.pk}/")
    page.get_by_label("杨工的联系党员").select_option(str(cast.li_member.pk))
    page.get_by_role("button", name="保存分配").click()
    page.wait_for_load_state()

    # 孙工 works at the district itself: assigned one by one on the branch's page.
    page.goto(page.base + f"/grid/network/{branch.pk}/?level=member_worker")
    # The pickers (core.pickers): typed, then chosen from the branch's roster.
    page.locator("#a-responsible").fill(crew.ma_cadre.name)
    page.get_by_role("option", name=f"{crew.ma_cadre.name} · {crew.ma_cadre.employee_no}").click()
    page.locator("#a-person").fill(cast.sun_chair.employee_no)
    page.get_by_role("option", name=f"{cast.sun_chair.name} · {cast.sun_chair.employee_no}").click()
    page.get_by_role("button", name="确定联系").click()
    page.wait_for_load_state()
    assert GridLink.objects.filter(person=cast.sun_chair, responsible=crew.ma_cadre).exists()

    # --- coverage: nobody uncovered ------------------------------------------------
    page.goto(page.base + f"/grid/coverage/{branch.pk}/?show=uncovered")
    assert page.locator("[data-figure=uncovered]").inner_text().strip() == "0"
    assert page.locator("[data-figure=rate]").inner_text().strip() == "100.0%"
    assert page.get_by_text("每名职工都有联系党员。").is_visible()
    _shot(page, "coverage")

    # --- a bereavement opens a visit task for 李红 -----------------------------------
    page.goto(page.base + "/grid/event/new/")
    page.locator("#employee_no").fill(cast.wang_worker.employee_no)
    page.locator("label[for=kind-bereavement]").click()  # the radios are tiles
    page.get_by_label("情况说明").fill("王强的父亲因病去世，家中还有年迈的母亲需要照顾。")
    page.get_by_role("button", name="登记并派发走访任务").click()
    page.wait_for_load_state()
    event = LifeEvent.objects.get()
    assert (event.person, event.kind) == (cast.wang_worker, "bereavement")
    task = GridTask.objects.get(life_event=event)
    assert (task.owner, task.subject, task.state) == (cast.li_member, cast.wang_worker, "open")

    # --- 李红 on her phone: the task, the visit, a follow-up for care ------------------
    sign_in(phone_page, cast.li_member.employee_no, password)
    phone_page.goto(phone_page.base + "/grid/")
    phone_page.get_by_text("家庭丧事：走访 王强").first.click()
    phone_page.wait_for_url(f"**/grid/tasks/{task.pk}/")
    _no_sideways_scroll(phone_page)
    phone_page.locator("#visit-for-task").click()
    phone_page.wait_for_url("**/grid/visit/new/**")
    assert phone_page.locator("#person").input_value() == str(cast.wang_worker.pk)
    phone_page.get_by_label("谈话内容").fill(
        "到王强家中吊唁，转达支部和工会的慰问。王强母亲身体不好，丧葬费用开支较大。"
    )
    phone_page.locator("label[for=fu-care]").click()
    phone_page.locator("#care_category").select_option("living")
    phone_page.get_by_label("跟进事项").fill("申请困难职工生活救助")
    _shot(phone_page, "visit")
    _no_sideways_scroll(phone_page)
    phone_page.get_by_role("button", name="保存走访记录").click()
    phone_page.wait_for_load_state()

    visit = Visit.objects.get()
    task.refresh_from_db()
    assert task.state == TaskState.DONE
    item = ServiceItem.objects.get()
    assert visit.care_item == item
    assert (item.person, item.owner, item.category) == (cast.wang_worker, cast.sun_chair, "living")

    # --- the monthly report comes out filled from these records -----------------------
    phone_page.goto(phone_page.base + f"/grid/my-report/?month={visit.visited_on:%Y-%m}")
    figures = phone_page.locator("main")
    assert "王强" in figures.inner_text()
    assert "申请困难职工生活救助" in figures.inner_text()
    phone_page.get_by_label("本月工作情况和下月打算").fill(
        "本月联系职工两人，走访王强家一次，已转工会办理生活救助；下月继续跟进。"
    )
    _shot(phone_page, "report")
    _no_sideways_scroll(phone_page)
    phone_page.get_by_role("button", name="提交月报表").click()
    phone_page.wait_for_load_state()
    report = MonthlyReport.objects.get(member=cast.li_member)
    assert report.state == "submitted"
    assert report.figures["visits"] == 1 and report.figures["life_events"] >= 1
    assert report.figures["covered"] == 2  # 王强 and 杨工


def test_problem_passed_to_a_department_comes_back_answered(
    page,
    cast,
    crew,  # noqa: F811 (the fixture imported above)
    password,
):
    from tongxin.grid.services.problems import problem_raise

    branch = cast.branch_a
    problem = problem_raise(
        actor=cast.zhao_secretary,
        branch=branch,
        title="一班更衣室热水器坏了",
        body="一班更衣室电热水器坏了一周，夜班下井的职工洗不上热水澡。",
        source="direct",
    )

    # The secretary passes it to 机电科 from the problem list.
    sign_in(page, cast.zhao_secretary.employee_no, password)
    page.goto(page.base + f"/grid/problems/{problem.pk}/")
    page.locator("select[name=department]").select_option(str(cast.department.pk))
    page.locator("select[name=category]").select_option(index=1)
    page.get_by_role("button", name="转交部门").click()
    page.wait_for_load_state()
    problem.refresh_from_db()
    assert problem.state == ProblemState.PASSED and problem.case is not None
    case = problem.case

    # 周科长 finds it in the department's case inbox, handles it and replies.
    page.context.clear_cookies()
    sign_in(page, cast.zhou_head.employee_no, password)
    page.goto(page.base + "/voice/inbox/?state=assigned")
    page.get_by_text("一班更衣室热水器坏了").first.click()
    page.wait_for_url(f"**/voice/cases/{case.pk}/")
    page.locator("#handle-text").fill("已更换电热水器并检查线路，当天恢复供应热水。")
    page.get_by_role("button", name="办理完毕").click()
    page.wait_for_load_state()
    page.locator("#reply-text").fill("热水器已更换，当晚恢复供应。感谢支部反映。")
    page.get_by_role("button", name="发布答复").click()
    page.wait_for_load_state()
    assert Case.objects.get(pk=case.pk).state == "replied"

    # The answer is on the branch's problem list.
    page.context.clear_cookies()
    sign_in(page, cast.zhao_secretary.employee_no, password)
    page.goto(page.base + f"/grid/branch/{branch.pk}/problems/")
    row = page.locator("tr, .list-group-item, .card", has_text="一班更衣室热水器坏了").first
    assert "热水器已更换，当晚恢复供应" in row.inner_text()
    _shot(page, "problem_answered")
    assert Problem.objects.get(pk=problem.pk).state == ProblemState.ANSWERED
