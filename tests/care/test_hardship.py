"""Hardship files (困难职工档案) and their yearly review, assistance records and their
totals per year and unit, the review reminder sent once, the pages and the export."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from tongxin.care import selectors, services
from tongxin.care.models import (
    Assistance,
    FileState,
    HardshipFile,
    HardshipReview,
)
from tongxin.care.services.base import year_after
from tongxin.core.models import Notification

pytestmark = pytest.mark.django_db


def _messages(exc) -> str:
    return " ".join(m for msgs in exc.value.message_dict.values() for m in msgs)


def _file(cast, person=None, *, actor=None, opened_on=None, **fields):
    values = {
        "level": "hardship",
        "cause": "illness",
        "family_situation": "妻子长期患病，两个孩子上学",
        "household_size": 4,
        "monthly_income": "850.50",
    }
    values.update(fields)
    return services.file_open(
        actor=actor or cast.sun_chair,
        person=person or cast.wang_worker,
        opened_on=opened_on,
        **values,
    )


def _aid(
    cast,
    person=None,
    *,
    actor=None,
    amount="1000",
    kind="warmth",
    source="union_funds",
    given_on=None,
):
    return services.assistance_record(
        actor=actor or cast.sun_chair,
        person=person or cast.wang_worker,
        kind=kind,
        amount=amount,
        source=source,
        given_on=given_on or timezone.localdate(),
    )


# --- files ---------------------------------------------------------------------------------------


def test_opening_a_file_schedules_its_review_a_year_on(cast):
    opened = timezone.localdate() - timedelta(days=30)
    file = _file(cast, opened_on=opened)
    assert file.next_review_on == year_after(opened)
    assert file.org_path == cast.crew_a1.path and file.monthly_income == Decimal("850.50")
    assert not file.is_retired
    assert year_after(date(2024, 2, 29)) == date(2025, 2, 28)


def test_one_file_in_force_per_person(cast):
    _file(cast)
    with pytest.raises(ValidationError) as exc:
        _file(cast, level="extreme")
    assert "已有在档的困难职工档案" in _messages(exc)
    assert HardshipFile.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"level": "poor"}, "level", "请选择困难程度"),
        ({"cause": ""}, "cause", "请选择致困原因"),
        ({"family_situation": "困难"}, "family_situation", "至少 4 个字"),
        ({"household_size": 0}, "household_size", "至少为 1 人"),
        ({"household_size": "三"}, "household_size", "请填写家庭人口"),
        ({"monthly_income": "-1"}, "monthly_income", "不能为负数"),
        ({"monthly_income": "abc"}, "monthly_income", "应为数字"),
        ({"monthly_income": ""}, "monthly_income", "请填写家庭人均月收入"),
        ({"opened_on": "tomorrow"}, "opened_on", "不能晚于今天"),
    ],
)
def test_bad_files_save_nothing(cast, fields, field, words):
    if fields.get("opened_on") == "tomorrow":
        fields = {"opened_on": timezone.localdate() + timedelta(days=1)}
    with pytest.raises(ValidationError) as exc:
        _file(cast, **fields)
    assert field in exc.value.message_dict and words in _messages(exc)
    assert not HardshipFile.objects.exists()


def test_files_are_opened_by_the_union_of_the_unit_only(cast, care):
    for outsider in (care.chu_chair_b, cast.wu_leader, cast.zhao_secretary, cast.wang_worker):
        with pytest.raises(PermissionDenied):
            _file(cast, actor=outsider)
    # A retired worker keeps a file (and the mine's administrator may open it).
    cast.li_member.is_active = False
    cast.li_member.save(update_fields=["is_active"])
    assert _file(cast, cast.li_member, actor=cast.feng_admin).is_retired


def test_the_yearly_review_keeps_changes_or_closes(cast):
    today = timezone.localdate()
    file = _file(cast, opened_on=today - timedelta(days=360))
    due = file.next_review_on
    services.file_review(actor=cast.sun_chair, file_id=file.pk, version=0, outcome="keep")
    file.refresh_from_db()
    assert file.next_review_on == year_after(due) and file.last_reviewed_on == today
    with pytest.raises(ValidationError) as exc:
        services.file_review(
            actor=cast.sun_chair,
            file_id=file.pk,
            version=1,
            outcome="change",
            level_after="hardship",
        )
    assert "与原来相同" in _messages(exc)
    services.file_review(
        actor=cast.sun_chair,
        file_id=file.pk,
        version=1,
        outcome="change",
        level_after="extreme",
        monthly_income="600",
    )
    file.refresh_from_db()
    assert file.level == "extreme" and file.monthly_income == Decimal("600.00")
    with pytest.raises(ValidationError) as exc:
        services.file_review(actor=cast.sun_chair, file_id=file.pk, version=2, outcome="close")
    assert "复核意见" in _messages(exc)
    with pytest.raises(services.Conflict):
        services.file_review(actor=cast.sun_chair, file_id=file.pk, version=1, outcome="keep")
    services.file_review(
        actor=cast.sun_chair,
        file_id=file.pk,
        version=2,
        outcome="close",
        note="子女已工作，家庭脱困",
    )
    file.refresh_from_db()
    assert file.state == FileState.CLOSED
    assert HardshipReview.objects.filter(file=file).count() == 3
    with pytest.raises(services.Conflict):
        services.file_review(actor=cast.sun_chair, file_id=file.pk, version=3, outcome="keep")
    # Closed: a new file may be opened.
    assert _file(cast).state == FileState.ACTIVE


def test_a_late_review_moves_the_next_one_a_year_from_the_review(cast):
    today = timezone.localdate()
    file = _file(cast, opened_on=today - timedelta(days=800))
    services.file_review(actor=cast.sun_chair, file_id=file.pk, version=0, outcome="keep")
    file.refresh_from_db()
    assert file.next_review_on == year_after(today)


def test_reviews_by_others_are_refused(cast, care):
    file = _file(cast)
    with pytest.raises(PermissionDenied):
        services.file_review(actor=care.chu_chair_b, file_id=file.pk, version=0, outcome="keep")
    with pytest.raises(ValidationError) as exc:
        services.file_review(actor=cast.sun_chair, file_id=file.pk, version=0, outcome="maybe")
    assert "复核结论" in _messages(exc)
    assert not HardshipReview.objects.exists()


# --- the reminder -----------------------------------------------------------------------------


def test_the_review_reminder_goes_once_to_the_nearest_chair(cast, care):
    today = timezone.localdate()
    days = settings.CARE_REVIEW_REMIND_DAYS
    file = _file(cast, opened_on=today - timedelta(days=300))
    due = file.next_review_on
    far = due - timedelta(days=days + 1)
    assert services.send_review_reminders(on=far) == 0
    near = due - timedelta(days=days)
    assert services.send_review_reminders(on=near) == 1
    assert services.send_review_reminders(on=near) == 0
    assert services.send_review_reminders(on=near + timedelta(days=3)) == 0
    told = Notification.objects.filter(title__contains="待年度复核")
    assert [n.recipient for n in told] == [cast.sun_chair]
    assert "王强" in told[0].title and str(due) in told[0].body
    # Reviewed: the next due date gets its own reminder, a year later.
    services.file_review(
        actor=cast.sun_chair, file_id=file.pk, version=0, outcome="keep", reviewed_on=today
    )
    file.refresh_from_db()
    assert services.send_review_reminders(on=near + timedelta(days=5)) == 0
    assert services.send_review_reminders(on=file.next_review_on - timedelta(days=days)) == 1
    # Closed files are not reminded.
    services.file_review(
        actor=cast.sun_chair, file_id=file.pk, version=1, outcome="close", note="已脱困"
    )
    assert services.send_review_reminders(on=file.next_review_on + timedelta(days=400)) == 0


def test_the_periodic_task_calls_the_service(cast):
    from tongxin.care.tasks import remind_hardship_reviews

    _file(cast, opened_on=timezone.localdate() - timedelta(days=364))
    assert remind_hardship_reviews.call_local() == 1


# --- assistance ----------------------------------------------------------------------------------


def test_assistance_links_to_the_file_in_force(cast, crew):
    file = _file(cast)
    aid = _aid(cast, amount="1500.5")
    assert aid.file == file and aid.amount == Decimal("1500.50")
    assert _aid(cast, crew.liu_worker).file is None


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"amount": "0"}, "amount", "必须大于 0 元"),
        ({"amount": "-5"}, "amount", "必须大于 0 元"),
        ({"amount": "100000.01"}, "amount", "不能超过 100000 元"),
        ({"amount": "一千"}, "amount", "金额应为数字"),
        ({"kind": "gift"}, "kind", "请选择帮扶类型"),
        ({"source": "bank"}, "source", "请选择资金来源"),
        ({"given_on": "tomorrow"}, "given_on", "不能晚于今天"),
    ],
)
def test_bad_assistance_saves_nothing(cast, fields, field, words):
    if fields.get("given_on") == "tomorrow":
        fields = {"given_on": timezone.localdate() + timedelta(days=1)}
    with pytest.raises(ValidationError) as exc:
        _aid(cast, **fields)
    assert field in exc.value.message_dict and words in _messages(exc)
    assert not Assistance.objects.exists()


def test_assistance_is_for_the_unions_own_people(cast, care):
    _aid(cast, amount="100000")
    for outsider in (care.chu_chair_b, cast.wu_leader, cast.wang_worker):
        with pytest.raises(PermissionDenied):
            _aid(cast, actor=outsider)
    assert Assistance.objects.count() == 1


def test_totals_per_year_and_unit_by_kind_and_source(cast, care, crew):
    this_year = timezone.localdate().year
    last = date(this_year - 1, 12, 31)
    jan = date(this_year, 1, 1)
    _aid(cast, amount="1000", given_on=jan)  # 综采一队一班
    _aid(cast, crew.liu_worker, amount="500", kind="schooling", source="higher_union", given_on=jan)
    _aid(cast, crew.yang_worker, amount="300.25", kind="medical", given_on=jan)  # 二班
    _aid(cast, amount="700", given_on=last)  # last year
    _aid(cast, care.jiang_worker_b, actor=care.chu_chair_b, amount="2000", given_on=jan)
    _aid(cast, cast.wu_leader, actor=cast.feng_admin, amount="50", given_on=jan)  # the mine itself
    totals = selectors.assistance_totals(cast.wu_leader, this_year, cast.mine)
    rows = {r["name"]: r for r in totals["units"]}
    assert set(rows) == {"综采一队", "掘进二队", "红岩矿（本级）"}
    assert rows["综采一队"]["total"] == Decimal("1800.25") and rows["综采一队"]["n"] == 3
    assert rows["综采一队"]["people"] == 3
    assert rows["掘进二队"]["total"] == Decimal("2000")
    assert totals["total"] == Decimal("3850.25") and totals["n"] == 5
    kinds = {k["code"]: k["total"] for k in totals["kinds"]}
    assert kinds["warmth"] == Decimal("3050") and kinds["schooling"] == Decimal("500")
    assert kinds["medical"] == Decimal("300.25") and kinds["living"] == 0
    sources = {s["code"]: s["total"] for s in totals["sources"]}
    assert sources["union_funds"] == Decimal("3350.25") and sources["higher_union"] == 500
    # One level down from a district: its crews.
    district = selectors.assistance_totals(cast.sun_chair, this_year, cast.district_a)
    assert {r["name"]: r["total"] for r in district["units"]} == {
        "一班": Decimal("1500"),
        "二班": Decimal("300.25"),
    }
    # Per year.
    years = {y["year"]: y["total"] for y in selectors.assistance_by_year(cast.wu_leader, cast.mine)}
    assert years == {this_year: Decimal("3850.25"), this_year - 1: Decimal("700")}
    # A district chair's reach stops at the district, whatever unit is asked for.
    chair = selectors.assistance_totals(cast.sun_chair, this_year, cast.mine)
    assert chair["total"] == Decimal("1800.25")


def test_the_totals_page_for_chairs_admins_and_leadership(cast, care, client_for):
    _aid(cast, amount="1000")
    for person in (cast.sun_chair, cast.feng_admin, cast.wu_leader):
        response = client_for(person).get("/care/assistance/")
        assert response.status_code == 200 and "1000" in response.content.decode()
    for person in (cast.wang_worker, cast.zhao_secretary, cast.zheng_inspector):
        assert client_for(person).get("/care/assistance/").status_code == 404
    # Leadership reads totals, not files.
    assert client_for(cast.wu_leader).get("/care/hardship/").status_code == 404
    page = client_for(cast.wu_leader).get("/care/assistance/?year=1800&unit=x").content.decode()
    assert "部分筛选条件无效" in page


def test_the_assistance_export_has_the_rows_and_the_totals(cast, crew, client_for):
    this_year = timezone.localdate().year
    jan = date(this_year, 1, 2)
    _aid(cast, amount="1000", given_on=jan)
    _aid(cast, crew.liu_worker, amount="250.5", kind="medical", source="donation", given_on=jan)
    _aid(cast, amount="9", given_on=date(this_year - 1, 6, 1))
    response = client_for(cast.wu_leader).get(
        f"/care/assistance/export/?unit={cast.mine.pk}&year={this_year}"
    )
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][:4] == ("序号", "发放日期", "单位", "职工")
    assert [r[3] for r in rows[1:3]] == ["王强", "刘明"]
    assert rows[-1][0] == "合计" and rows[-1][7] == 1250.5
    summary = list(book.worksheets[1].iter_rows(values_only=True))
    assert summary[1][0] == "综采一队" and summary[1][3] == 1250.5
    assert any(r[0] == "社会捐助" and r[3] == 250.5 for r in summary)


def test_file_pages_open_review_and_assist(cast, client_for):
    client = client_for(cast.sun_chair)
    bad = client.post(
        "/care/hardship/new/",
        {
            "employee_no": "100001",
            "level": "hardship",
            "cause": "illness",
            "family_situation": "家",
            "household_size": "0",
            "monthly_income": "-1",
        },
    )
    assert bad.status_code == 400 and "至少为 1 人" in bad.content.decode()
    assert not HardshipFile.objects.exists()
    ok = client.post(
        "/care/hardship/new/",
        {
            "employee_no": "100001",
            "level": "hardship",
            "cause": "illness",
            "family_situation": "妻子患病",
            "household_size": "3",
            "monthly_income": "800",
        },
    )
    file = HardshipFile.objects.get()
    assert ok.status_code == 302 and ok["Location"] == f"/care/hardship/{file.pk}/"
    again = client.post(
        "/care/hardship/new/",
        {
            "employee_no": "100001",
            "level": "hardship",
            "cause": "illness",
            "family_situation": "妻子患病",
            "household_size": "3",
            "monthly_income": "800",
        },
    )
    assert again.status_code == 400 and "已有在档" in again.content.decode()
    url = f"/care/hardship/{file.pk}/"
    assert (
        client.post(
            url, {"action": "assist", "kind": "warmth", "amount": "0", "source": "union_funds"}
        ).status_code
        == 400
    )
    assert (
        client.post(
            url,
            {
                "action": "assist",
                "kind": "warmth",
                "amount": "800",
                "source": "union_funds",
                "given_on": timezone.localdate().isoformat(),
            },
        ).status_code
        == 302
    )
    assert (
        client.post(url, {"action": "review", "version": 0, "outcome": "keep"}).status_code == 302
    )
    page = client.get(url).content.decode()
    assert "800" in page and "维持" in page
    # Reviews due are highlighted on the list.
    HardshipFile.objects.filter(pk=file.pk).update(next_review_on=timezone.localdate())
    listing = client.get("/care/hardship/")
    assert listing.context["page"].object_list[0].review_due
    assert "table-warning" in listing.content.decode()
    due_only = client.get("/care/hardship/?due=1").context["page"]
    assert due_only.paginator.count == 1


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_files_and_totals_query_counts_are_flat(cast, crew, client_for):
    people = [cast.wang_worker, crew.liu_worker, crew.he_worker, crew.yang_worker]
    for p in people[:2]:
        _file(cast, p)
        _aid(cast, p)
    client = client_for(cast.sun_chair)
    client.get("/care/")
    urls = [
        "/care/hardship/",
        "/care/assistance/",
        f"/care/hardship/{HardshipFile.objects.first().pk}/",
    ]
    small = {url: _queries(client, url) for url in urls}
    for p in people[2:]:
        _file(cast, p)
    for i in range(30):
        _aid(cast, people[i % 4], kind=["warmth", "medical", "living"][i % 3], amount=str(100 + i))
    assert {url: _queries(client, url) for url in urls} == small


def test_assistance_at_the_desk_for_a_worker_without_a_file(cast, crew, client_for):
    client = client_for(cast.sun_chair)
    bad = client.post(
        "/care/assistance/new/",
        {
            "employee_no": "100011",
            "kind": "condolence",
            "amount": "200000",
            "source": "union_funds",
            "given_on": timezone.localdate().isoformat(),
        },
    )
    assert bad.status_code == 400 and "不能超过 100000 元" in bad.content.decode()
    ok = client.post(
        "/care/assistance/new/",
        {
            "employee_no": "100011",
            "kind": "condolence",
            "amount": "800",
            "source": "union_funds",
            "given_on": timezone.localdate().isoformat(),
        },
    )
    assert ok.status_code == 302 and ok["Location"] == "/care/assistance/"
    aid = Assistance.objects.get()
    assert aid.person == crew.liu_worker and aid.file is None


def test_hostile_text_in_every_column_stays_text_in_the_assistance_ledger(cast, client_for):
    from tests.hostile import assert_no_formulas, hostile
    from tongxin.care.models import Assistance
    from tongxin.people.models import Organisation, Person

    aid = _aid(cast, given_on=date(timezone.localdate().year, 1, 2))
    Assistance.objects.filter(pk=aid.pk).update(note=hostile(0))
    Person.objects.filter(pk=cast.wang_worker.pk).update(name=hostile(1), employee_no="@1")
    Organisation.objects.filter(pk=aid.organisation_id).update(name=hostile(2))
    response = client_for(cast.wu_leader).get(
        f"/care/assistance/export/?unit={cast.mine.pk}&year={timezone.localdate().year}"
    )
    assert response.status_code == 200
    assert_no_formulas(response, [hostile(n) for n in range(3)] + ["@1"])
