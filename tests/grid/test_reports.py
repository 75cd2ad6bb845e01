"""The monthly report form (月报表): filled from the month's own records, submitted once,
returned and resubmitted, accepted; on time or late; the secretary's review list and the
member's phone page; and the quarterly self-summary (季度自我小结)."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.grid.reports_helpers import at, last_month, life_event, link, task, visit
from tongxin.core.models import AuditEvent, Notification
from tongxin.core.workflow import Conflict
from tongxin.grid.models import Level, MonthlyReport, QuarterSummary
from tongxin.grid.periods import next_month
from tongxin.grid.report_figures import month_figures, report_deadline
from tongxin.grid.services import problems as problem_services
from tongxin.grid.services import reports as services

WORDS = "本月走访联系职工两次，协调解决了王强家里的困难。下月继续走访。"


@pytest.fixture
def grid(cast, crew):
    """李红 covers 王强 and 刘明; 陈党 covers 何军; 马队 (cadre) covers 李红 and 陈党."""
    a = cast.branch_a
    link(cast.li_member, cast.wang_worker, branch=a)
    link(cast.li_member, crew.liu_worker, branch=a)
    link(crew.chen_member, crew.he_worker, branch=a)
    link(crew.ma_cadre, cast.li_member, branch=a, level=Level.CADRE_MEMBER)
    link(crew.ma_cadre, crew.chen_member, branch=a, level=Level.CADRE_MEMBER)
    return crew


def _month_records(cast, crew, month):
    a = cast.branch_a
    visit(cast.li_member, cast.wang_worker, month.replace(day=3), branch=a, kind="talk",
          content="谈心谈话，王强反映夜班食堂没有热饭。")  # fmt: skip
    visit(cast.li_member, cast.wang_worker, month.replace(day=12), branch=a,
          follow_up="care", follow_up_text="家属住院，申请困难帮扶")  # fmt: skip
    # Not this member's, or not this month's: left out.
    visit(crew.chen_member, crew.he_worker, month.replace(day=5), branch=a)
    visit(cast.li_member, crew.liu_worker, next_month(month).replace(day=2), branch=a)
    task(cast.li_member, month, branch=a, state="done")
    task(cast.li_member, month, branch=a, state="open", due_on=month.replace(day=10))
    task(cast.li_member, month, branch=a, state="cancelled")
    task(crew.chen_member, month, branch=a, state="done")
    life_event(cast.wang_worker, month.replace(day=8), branch=a, owner=cast.li_member)
    problem_services.problem_raise(
        actor=cast.li_member,
        branch=a,
        title="夜班没有热饭",
        body="一班夜班职工反映食堂夜间不供应热饭。",
        source="direct",
    )


# --- filled from the records ------------------------------------------------------------------


def test_the_form_is_filled_from_the_months_own_records(cast, grid, client_for):
    month = last_month()
    _month_records(cast, grid, month)
    figures = month_figures(cast.li_member, month)
    assert figures["covered"] == 2
    assert (figures["talks"], figures["visits"]) == (1, 1)
    assert (figures["visited_people"], figures["not_visited"]) == (1, 1)  # 刘明 not yet
    # Done, open past its date, and the life event's visit (also past it); not the cancelled.
    assert (figures["tasks_total"], figures["tasks_done"], figures["tasks_overdue"]) == (3, 1, 2)
    assert figures["life_events"] == 1
    # The problem was raised today, which is not last month.
    assert figures["problems_raised"] == 0
    assert [r["worker"] for r in figures["visit_rows"]] == ["王强", "王强"]
    assert figures["visit_rows"][0]["kind_label"] == "谈心谈话"
    assert figures["visit_rows"][1]["follow_up_label"] == "转关爱服务"
    assert "家属住院" in figures["visit_rows"][1]["follow_up_text"]

    # The phone page shows the same figures read-only, and the submission stores them.
    phone = client_for(cast.li_member)
    page = phone.get("/grid/my-report/").content.decode()
    assert "夜班没有热饭" not in page and "谈心谈话，王强反映夜班食堂没有热饭。" in page
    assert 'name="own_words"' in page
    response = phone.post("/grid/my-report/", {"month": f"{month:%Y-%m}", "own_words": WORDS})
    assert response.status_code == 302
    report = MonthlyReport.objects.get(member=cast.li_member, month=month)
    assert report.figures == figures
    assert report.branch == cast.branch_a and report.state == "submitted"
    assert AuditEvent.objects.filter(action="grid.report.submitted").count() == 1
    page = phone.get(f"/grid/my-report/?month={month:%Y-%m}").content.decode()
    assert "已提交待审核" in page and 'name="own_words"' not in page


def test_this_months_problems_count_on_this_months_form(cast, grid):
    _month_records(cast, grid, last_month())
    from django.utils import timezone

    today = timezone.localdate()
    assert month_figures(cast.li_member, today)["problems_raised"] == 1


def test_figures_take_the_same_queries_however_many_records(cast, grid):
    month = last_month()
    _month_records(cast, grid, month)
    with CaptureQueriesContext(connection) as few:
        month_figures(cast.li_member, month)
    for day in range(1, 25):
        visit(cast.li_member, grid.liu_worker, month.replace(day=day), branch=cast.branch_a)
        task(cast.li_member, month, branch=cast.branch_a)
    with CaptureQueriesContext(connection) as many:
        figures = month_figures(cast.li_member, month)
    assert len(few.captured_queries) == len(many.captured_queries) <= 5
    assert figures["not_visited"] == 0


# --- once only ----------------------------------------------------------------------------------


def test_a_second_submission_is_refused_in_chinese_and_changes_nothing(cast, grid, client_for):
    month = last_month()
    report = services.report_submit(actor=cast.li_member, month=month, own_words=WORDS)
    visit(cast.li_member, cast.wang_worker, month.replace(day=20), branch=cast.branch_a)
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.report_submit(
            actor=cast.li_member, month=month, own_words="改一下内容，再交一次月报表。"
        )
    assert "本月月报表已提交，不能重复提交" in str(refused.value)
    fresh = MonthlyReport.objects.get(pk=report.pk)
    assert (fresh.own_words, fresh.version, fresh.figures, fresh.submitted_at) == (
        WORDS,
        report.version,
        report.figures,
        report.submitted_at,
    )
    assert AuditEvent.objects.count() == audits
    # Accepted is just as final.
    services.report_accept(actor=cast.zhao_secretary, report_id=report.pk, version=fresh.version)
    with pytest.raises(ValidationError, match="本月月报表已提交"):
        services.report_submit(actor=cast.li_member, month=month, own_words=WORDS)
    # The page says so, and keeps the status.
    response = client_for(cast.li_member).post(
        "/grid/my-report/", {"month": f"{month:%Y-%m}", "own_words": WORDS}
    )
    assert response.status_code == 400
    assert "本月月报表已提交，不能重复提交" in response.content.decode()
    assert MonthlyReport.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_once_file_one_report(cast, grid):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers, covered above")
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            barrier.wait(timeout=10)
            services.report_submit(actor=cast.li_member, month=last_month(), own_words=WORDS)
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(" ".join(exc.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert outcomes.count("ok") == 1 and len(outcomes) == 2
    assert "本月月报表已提交" in next(o for o in outcomes if o != "ok")
    assert MonthlyReport.objects.count() == 1


# --- bad input -----------------------------------------------------------------------------------


def test_bad_submissions_save_nothing_and_say_why(cast, grid):
    today = datetime.date(2026, 3, 10)
    cases = [
        (dict(month=datetime.date(2026, 4, 1)), "还没到"),
        (dict(month=datetime.date(2026, 3, 1)), "25 日起"),
        (dict(month=datetime.date(2025, 2, 1)), "最近 12 个月"),
        (dict(month=None), "请选择月份"),
        (dict(month=datetime.date(2026, 2, 1), own_words="还行"), "至少 10 个字"),
        (dict(month=datetime.date(2026, 2, 1), own_words="   "), "至少 10 个字"),
    ]
    for kwargs, message in cases:
        kwargs.setdefault("own_words", WORDS)
        with pytest.raises(ValidationError, match=message):
            services.report_submit(actor=cast.li_member, now=at(today), **kwargs)
    # From the 25th this month's form is open.
    report = services.report_submit(
        actor=cast.li_member, month=datetime.date(2026, 3, 1), own_words=WORDS,
        now=at(datetime.date(2026, 3, 25)),
    )  # fmt: skip
    assert report.on_time
    # A worker who is no grid member has no report to file.
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=cast.wang_worker, month=last_month(), own_words=WORDS)
    assert MonthlyReport.objects.count() == 1


def test_on_time_is_by_the_due_day_of_the_next_month(cast, grid, settings):
    settings.GRID_REPORT_DUE_DAY = 5
    month = datetime.date(2026, 9, 1)
    assert report_deadline(month) == datetime.date(2026, 10, 5)
    on_time = services.report_submit(
        actor=cast.li_member, month=month, own_words=WORDS,
        now=at(datetime.date(2026, 10, 5), hour=23),
    )  # fmt: skip
    late = services.report_submit(
        actor=grid.chen_member, month=month, own_words=WORDS,
        now=at(datetime.date(2026, 10, 6), hour=8),
    )  # fmt: skip
    assert on_time.on_time and not late.on_time
    settings.GRID_REPORT_DUE_DAY = 31  # a short month: its last day
    assert report_deadline(datetime.date(2026, 1, 1)) == datetime.date(2026, 2, 28)


# --- the secretary's review ----------------------------------------------------------------------


def test_return_and_resubmit(cast, grid, client_for):
    month = last_month()
    report = services.report_submit(actor=cast.li_member, month=month, own_words=WORDS)
    with pytest.raises(ValidationError, match="退回的原因"):
        services.report_return(
            actor=cast.zhao_secretary, report_id=report.pk, version=report.version, note=" "
        )
    assert MonthlyReport.objects.get(pk=report.pk).state == "submitted"
    desk = client_for(cast.zhao_secretary)
    response = desk.post(
        f"/grid/reports/{report.pk}/act/return/",
        {"version": report.version, "note": "请补充走访刘明的情况"},
    )
    assert response.status_code == 302
    returned = MonthlyReport.objects.get(pk=report.pk)
    assert returned.state == "returned" and returned.review_note == "请补充走访刘明的情况"
    note = Notification.objects.get(recipient=cast.li_member)
    assert "退回" in note.title and f"month={month:%Y-%m}" in note.url

    # The member sees the note on the phone page, the form open again with their words.
    phone = client_for(cast.li_member)
    page = phone.get(note.url).content.decode()
    assert "请补充走访刘明的情况" in page and 'name="own_words"' in page and WORDS in page
    visit(cast.li_member, grid.liu_worker, month.replace(day=15), branch=cast.branch_a)
    response = phone.post(
        "/grid/my-report/",
        {"month": f"{month:%Y-%m}", "own_words": WORDS + "已补充走访刘明。"},
    )
    assert response.status_code == 302
    again = MonthlyReport.objects.get(pk=report.pk)
    assert again.state == "submitted" and again.version == returned.version + 1
    assert again.figures["visits"] == 1 and again.own_words.endswith("已补充走访刘明。")
    assert again.on_time == report.on_time
    assert AuditEvent.objects.filter(action="grid.report.resubmitted").count() == 1


def test_accept_with_the_version_the_page_was_drawn_from(cast, grid, client_for):
    report = services.report_submit(actor=cast.li_member, month=last_month(), own_words=WORDS)
    # Outsiders and the member themself may not; a stale version is told, not applied.
    with pytest.raises(PermissionDenied):
        services.report_accept(actor=cast.qian_outsider, report_id=report.pk, version=0)
    with pytest.raises(Conflict):
        services.report_accept(actor=cast.zhao_secretary, report_id=report.pk, version=7)
    accepted = services.report_accept(
        actor=cast.zhao_secretary, report_id=report.pk, version=0, note="情况属实"
    )
    assert accepted.state == "accepted" and accepted.reviewed_by == cast.zhao_secretary
    assert Notification.objects.filter(recipient=cast.li_member, title__contains="通过").exists()
    response = client_for(cast.zhao_secretary).post(
        f"/grid/reports/{report.pk}/act/return/", {"version": 0, "note": "再改改再改改"}
    )
    assert response.status_code == 409
    assert "刷新" in response.content.decode()
    assert MonthlyReport.objects.get(pk=report.pk).state == "accepted"


def test_a_secretary_does_not_review_their_own_report(cast, grid):
    report = services.report_submit(actor=cast.zhao_secretary, month=last_month(), own_words=WORDS)
    assert report.branch == cast.branch_a
    with pytest.raises(PermissionDenied, match="本人"):
        services.report_accept(actor=cast.zhao_secretary, report_id=report.pk, version=0)
    # The mine's administrator (who runs every branch of the mine) may.
    services.report_accept(actor=cast.feng_admin, report_id=report.pk, version=0)


def test_the_review_list_shows_who_filed_on_time_late_or_not_at_all(cast, grid, client_for):
    month = datetime.date(2026, 9, 1)
    done = services.report_submit(
        actor=cast.li_member, month=month, own_words=WORDS, now=at(datetime.date(2026, 10, 2))
    )
    services.report_submit(
        actor=grid.chen_member, month=month, own_words=WORDS, now=at(datetime.date(2026, 10, 9))
    )
    services.report_accept(actor=cast.zhao_secretary, report_id=done.pk, version=0)
    desk = client_for(cast.zhao_secretary)
    response = desk.get(f"/grid/branch/{cast.branch_a.pk}/reports/?month=2026-09")
    assert response.status_code == 200
    counts = response.context["counts"]
    # 李红 and 陈党 cover workers, 马队 covers Party members: three expected.
    assert counts == {
        "expected": 3,
        "submitted": 1,
        "returned": 0,
        "accepted": 1,
        "late": 1,
        "missing": 1,
    }
    page = response.content.decode()
    assert "逾期未交" in page and "迟交" in page and "马队" in page
    late = desk.get(f"/grid/branch/{cast.branch_a.pk}/reports/?month=2026-09&status=late")
    assert [p.name for p in late.context["page"].object_list] == ["陈党"]
    missing = desk.get(f"/grid/branch/{cast.branch_a.pk}/reports/?month=2026-09&status=missing")
    assert [p.name for p in missing.context["page"].object_list] == ["马队"]


def test_the_review_list_takes_the_same_queries_as_the_branch_grows(
    cast, grid, client_for, django_assert_max_num_queries
):
    from tongxin.people import services as people

    month = last_month()
    url = f"/grid/branch/{cast.branch_a.pk}/reports/?month={month:%Y-%m}"
    desk = client_for(cast.zhao_secretary)
    services.report_submit(actor=cast.li_member, month=month, own_words=WORDS)
    desk.get(url)  # the first request after signing in also touches the session
    with CaptureQueriesContext(connection) as few:
        assert desk.get(url).status_code == 200
    for i in range(12):
        member = people.person_create(
            actor=None, employee_no=f"1009{i:02d}", name=f"党员{i}", unit=cast.crew_a2,
            political_status="member", party_org=cast.party_group_a,
        )  # fmt: skip
        worker = people.person_create(
            actor=None, employee_no=f"1008{i:02d}", name=f"职工{i}", unit=cast.crew_a2
        )
        link(member, worker, branch=cast.branch_a)
        if i % 2:
            services.report_submit(actor=member, month=month, own_words=WORDS)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = desk.get(url)
    assert response.context["counts"]["expected"] == 15


def test_reports_outside_the_branch_are_404(cast, grid, client_for):
    report = services.report_submit(actor=cast.li_member, month=last_month(), own_words=WORDS)
    outsider = client_for(cast.qian_outsider)
    assert outsider.get(f"/grid/branch/{cast.branch_a.pk}/reports/").status_code == 404
    assert outsider.get(f"/grid/reports/{report.pk}/").status_code == 404
    response = outsider.post(f"/grid/reports/{report.pk}/act/accept/", {"version": report.version})
    assert response.status_code == 404
    assert MonthlyReport.objects.get(pk=report.pk).state == "submitted"
    # The member reads their own report; a worker of the branch does not.
    assert client_for(cast.li_member).get(f"/grid/reports/{report.pk}/").status_code == 200
    assert client_for(cast.wang_worker).get(f"/grid/reports/{report.pk}/").status_code == 404


def test_a_worker_is_told_there_is_no_report_to_file(cast, client_for):
    page = client_for(cast.wang_worker).get("/grid/my-report/").content.decode()
    assert "不是网格员" in page and 'name="own_words"' not in page


# --- quarterly self-summary ----------------------------------------------------------------------


SUMMARY = "本季度联系职工三人，走访六次，协调解决食堂夜班热饭问题；不足是走访记录不够及时。"


def test_the_quarterly_summary_is_filed_once(cast, grid, client_for):
    from django.utils import timezone

    today = timezone.localdate()
    quarter = services.quarter_of(today)
    summary = services.summary_submit(
        actor=cast.li_member, year=today.year, quarter=quarter, text=SUMMARY
    )
    assert summary.branch == cast.branch_a
    with pytest.raises(ValidationError, match="本季度自我小结已提交，不能重复提交"):
        services.summary_submit(
            actor=cast.li_member, year=today.year, quarter=quarter, text=SUMMARY + "补充"
        )
    assert QuarterSummary.objects.get().text == SUMMARY
    for year, q, message in [
        (today.year, 5, "第 1 至第 4 季度"),
        (today.year + 1, 1, "本季度或此前一年内"),
        (today.year - 3, 1, "本季度或此前一年内"),
        ("x", 1, "请选择年度和季度"),
    ]:
        with pytest.raises(ValidationError, match=message):
            services.summary_submit(actor=cast.li_member, year=year, quarter=q, text=SUMMARY)
    with pytest.raises(ValidationError, match="至少 20 个字"):
        services.summary_submit(
            actor=grid.chen_member, year=today.year, quarter=quarter, text="还可以"
        )
    with pytest.raises(PermissionDenied):
        services.summary_submit(
            actor=cast.wang_worker, year=today.year, quarter=quarter, text=SUMMARY
        )
    assert QuarterSummary.objects.count() == 1

    phone = client_for(grid.chen_member)
    assert phone.get("/grid/my-summary/").status_code == 200
    response = phone.post(
        "/grid/my-summary/", {"period": f"{today.year}-{quarter}", "text": SUMMARY}
    )
    assert response.status_code == 302
    response = phone.post(
        "/grid/my-summary/", {"period": f"{today.year}-{quarter}", "text": SUMMARY}
    )
    assert response.status_code == 400
    assert "本季度自我小结已提交" in response.content.decode()
    assert QuarterSummary.objects.filter(member=grid.chen_member).count() == 1
    assert "党员填写" in client_for(cast.wang_worker).get("/grid/my-summary/").content.decode()
