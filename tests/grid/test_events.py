"""Life events of the five musts (五必谈五必访): recorded by a grid member, a branch
manager, the worker themself, or imported from a sheet. Each opens a talk or visit task
for the member who covers the worker, due in the event kind's working days; nobody
covering → the branch secretary, and the task says why. An event outside the
recorder's scope, or bad input, saves nothing and says why in Chinese.

李红 covers 王强 and 刘明; 陈党 covers 何军; 马队 (cadre) covers 李红 and 陈党;
赵书文 covers 马队. 杨工 is covered by nobody.
"""

import csv
import datetime
import io

import pytest
import xlsxwriter
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tongxin.core.models import AuditEvent, Notification
from tongxin.core.workdays import add_workdays
from tongxin.grid.models import EventSource, GridLink, GridTask, Level, LifeEvent, TaskKind
from tongxin.grid.services import events as services

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.date(2024, 1, 1)


def link(responsible, person=None, *, branch, level=Level.MEMBER_WORKER):
    return GridLink.objects.create(
        level=level, responsible=responsible, person=person, branch=branch, starts_on=LONG_AGO
    )


@pytest.fixture
def network(cast, crew):
    b = cast.branch_a
    link(cast.zhao_secretary, crew.ma_cadre, branch=b, level=Level.SECRETARY_CADRE)
    link(crew.ma_cadre, cast.li_member, branch=b, level=Level.CADRE_MEMBER)
    link(crew.ma_cadre, crew.chen_member, branch=b, level=Level.CADRE_MEMBER)
    link(cast.li_member, cast.wang_worker, branch=b)
    link(cast.li_member, crew.liu_worker, branch=b)
    link(crew.chen_member, crew.he_worker, branch=b)
    return b


def today():
    return timezone.localdate()


def days_ago(n):
    return today() - datetime.timedelta(days=n)


def _nothing_saved():
    assert not LifeEvent.objects.exists()
    assert not GridTask.objects.exists()


# --- recorded by a grid member ----------------------------------------------------------------


def test_a_bereavement_opens_a_visit_task_for_the_covering_member(cast, crew, network):
    event = services.event_record(
        actor=cast.li_member,
        person=cast.wang_worker,
        kind="bereavement",
        occurred_on=days_ago(1),
        description="父亲病故",
    )
    assert (event.visit_kind, event.source, event.branch, event.recorded_by) == (
        "visit",
        EventSource.GRID_MEMBER,
        network,
        cast.li_member,
    )
    task = GridTask.objects.get(life_event=event)
    assert task.owner == cast.li_member
    assert task.title == "家庭丧事：走访 王强"
    assert (task.kind, task.subject, task.branch) == (
        TaskKind.LIFE_EVENT,
        cast.wang_worker,
        network,
    )
    assert task.due_on == add_workdays(today(), settings.GRID_EVENT_WORKDAYS["bereavement"])
    assert "父亲病故" in task.description
    assert AuditEvent.objects.filter(action="grid.life_event.recorded").count() == 1


def test_the_member_above_records_and_the_covering_member_is_told(cast, crew, network):
    event = services.event_record(
        actor=crew.ma_cadre, person=crew.he_worker, kind="conflict_discipline",
        occurred_on=today(),
    )  # fmt: skip
    task = event.tasks.get()
    assert task.owner == crew.chen_member
    assert task.title == "矛盾纠纷或受到处分：谈心 何军" and event.visit_kind == "talk"
    assert task.due_on == add_workdays(today(), settings.GRID_EVENT_WORKDAYS["conflict_discipline"])
    note = Notification.objects.get(recipient=crew.chen_member)
    assert "何军" in note.title and note.url == f"/grid/tasks/{task.pk}/"


def test_a_party_members_event_goes_to_their_cadre(cast, crew, network):
    event = services.event_record(
        actor=cast.zhao_secretary, person=cast.li_member, kind="illness_injury",
        occurred_on=days_ago(3),
    )  # fmt: skip
    assert event.tasks.get().owner == crew.ma_cadre


def test_nobody_covering_sends_the_task_to_the_secretary_saying_why(cast, crew, network):
    event = services.event_record(
        actor=cast.zhao_secretary, person=crew.yang_worker, kind="hardship", occurred_on=today()
    )
    task = event.tasks.get()
    assert task.owner == cast.zhao_secretary
    assert "暂无网格联系人" in task.description


def test_an_admin_of_the_mine_may_record_for_any_worker(cast, crew, network):
    event = services.event_record(
        actor=cast.feng_admin, person=cast.wang_worker, kind="marriage_birth", occurred_on=today()
    )
    assert event.tasks.get().owner == cast.li_member


@pytest.mark.parametrize(
    ("who", "whom"),
    [
        ("qian_outsider", "wang_worker"),  # another branch's secretary
        ("li_member", "he_worker"),  # a member covering other workers
        ("chen_member", "wang_worker"),
        ("wang_worker", "liu_worker"),  # a worker for a workmate
        ("wu_leader", "wang_worker"),  # leadership reads, does not record
    ],
)
def test_an_event_outside_the_recorders_scope_is_refused(cast, crew, network, who, whom):
    people = {**vars(cast), **vars(crew)}
    with pytest.raises(PermissionDenied) as exc:
        services.event_record(
            actor=people[who], person=people[whom], kind="bereavement", occurred_on=today()
        )
    assert str(exc.value) == "该职工不在您的网格范围内。"
    _nothing_saved()


@pytest.mark.parametrize(
    ("field", "kind", "occurred"),
    [
        ("occurred_on", "bereavement", 1),  # tomorrow
        ("occurred_on", "bereavement", -91),
        ("occurred_on", "bereavement", None),
        ("kind", "funeral", 0),
    ],
)
def test_bad_input_saves_nothing_and_says_why(cast, crew, network, field, kind, occurred):
    occurred_on = None if occurred is None else today() + datetime.timedelta(days=occurred)
    with pytest.raises(ValidationError) as exc:
        services.event_record(
            actor=cast.li_member, person=cast.wang_worker, kind=kind, occurred_on=occurred_on
        )
    message = exc.value.message_dict[field][0]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
    _nothing_saved()


def test_the_same_event_twice_is_refused(cast, crew, network):
    services.event_record(
        actor=cast.li_member, person=cast.wang_worker, kind="bereavement", occurred_on=today()
    )
    with pytest.raises(ValidationError) as exc:
        services.event_record(
            actor=crew.ma_cadre, person=cast.wang_worker, kind="bereavement", occurred_on=today()
        )
    assert "已经登记过" in exc.value.message_dict["kind"][0]
    assert LifeEvent.objects.count() == 1


# --- reported by the worker themself ----------------------------------------------------------


def test_a_worker_reports_their_own_event(cast, crew, network):
    event = services.event_report_own(
        actor=cast.wang_worker, kind="illness_injury", occurred_on=days_ago(2), description="手术"
    )
    assert (event.person, event.source, event.recorded_by) == (
        cast.wang_worker,
        EventSource.WORKER,
        cast.wang_worker,
    )
    task = event.tasks.get()
    assert task.owner == cast.li_member and task.title == "生病或受伤：走访 王强"
    assert Notification.objects.filter(recipient=cast.li_member).count() == 1


def test_own_report_in_the_future_is_refused(cast, crew, network):
    with pytest.raises(ValidationError):
        services.event_report_own(
            actor=cast.wang_worker, kind="hardship", occurred_on=today() + datetime.timedelta(1)
        )
    _nothing_saved()


# --- imported -----------------------------------------------------------------------------------


def _csv(rows, encoding="utf-8-sig", name="events.csv"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["工号", "事由", "发生日期", "情况说明"])
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode(encoding), content_type="text/csv")


def _xlsx(rows, title_row=True):
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("事由")
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    start = 0
    if title_row:
        sheet.write(0, 0, "综采一队五必谈五必访登记表")
        start = 1
    for col, header in enumerate(["工号", "事由", "发生日期", "情况说明"]):
        sheet.write(start, col, header)
    for r, row in enumerate(rows, start=start + 1):
        for c, value in enumerate(row):
            if isinstance(value, datetime.date):
                sheet.write_datetime(r, c, datetime.datetime.combine(value, datetime.time()),
                                     date_format)  # fmt: skip
            else:
                sheet.write(r, c, value)
    book.close()
    return SimpleUploadedFile(
        "events.xlsx",
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def test_import_from_xlsx_opens_a_task_per_row(cast, crew, network):
    upload = _xlsx(
        [
            ["100001", "家庭丧事", days_ago(1), "母亲病故"],
            [100012, "生病", days_ago(5), ""],
            ["100013", "生活困难", days_ago(10), "爱人失业"],
        ]
    )
    result = services.events_import(actor=cast.zhao_secretary, upload=upload)
    assert result == {"created": 3}
    events = {e.person_id: e for e in LifeEvent.objects.all()}
    assert events[cast.wang_worker.pk].source == EventSource.IMPORT
    assert events[crew.he_worker.pk].kind == "illness_injury"
    assert events[crew.he_worker.pk].occurred_on == days_ago(5)
    owners = {t.subject_id: t.owner_id for t in GridTask.objects.all()}
    assert owners == {
        cast.wang_worker.pk: cast.li_member.pk,
        crew.he_worker.pk: crew.chen_member.pk,
        crew.yang_worker.pk: cast.zhao_secretary.pk,
    }


def test_import_from_a_gb18030_csv(cast, crew, network):
    upload = _csv([["100011", "结婚", days_ago(3).isoformat(), "新婚"]], encoding="gb18030")
    assert services.events_import(actor=cast.zhao_secretary, upload=upload) == {"created": 1}
    assert LifeEvent.objects.get().person == crew.liu_worker


def test_one_bad_row_and_nothing_is_imported(cast, crew, network):
    upload = _csv(
        [
            ["100001", "家庭丧事", days_ago(1).isoformat(), ""],
            ["999999", "生病", days_ago(1).isoformat(), ""],
            ["100011", "升职", days_ago(1).isoformat(), ""],
            ["100012", "生病", "上周三", ""],
            ["200001", "生病", days_ago(1).isoformat(), ""],
            ["100013", "生病", (today() + datetime.timedelta(days=3)).isoformat(), ""],
            ["100001", "家庭丧事", days_ago(1).isoformat(), ""],
        ]
    )
    with pytest.raises(ValidationError) as exc:
        services.events_import(actor=cast.zhao_secretary, upload=upload)
    messages = exc.value.messages
    assert len(messages) == 6, messages
    assert messages[0].startswith("第 3 行：没有工号为 999999 的人员")
    assert "第 4 行" in messages[1] and "升职" in messages[1]
    assert "第 5 行" in messages[2] and "上周三" in messages[2]
    assert "第 6 行" in messages[3] and "不在您的网格范围内" in messages[3]
    assert "第 7 行" in messages[4] and "晚于今天" in messages[4]
    assert "第 8 行" in messages[5] and "重复" in messages[5]
    _nothing_saved()


def test_import_needs_the_columns_and_a_manager(cast, crew, network):
    bad = SimpleUploadedFile("events.csv", "姓名,日期\n王强,2026-01-01\n".encode(), "text/csv")
    with pytest.raises(ValidationError) as exc:
        services.events_import(actor=cast.zhao_secretary, upload=bad)
    assert "找不到表头" in exc.value.messages[0]
    with pytest.raises(PermissionDenied):
        services.events_import(
            actor=cast.li_member, upload=_csv([["100001", "丧事", today().isoformat(), ""]])
        )
    not_a_sheet = SimpleUploadedFile("events.xlsx", b"hello", "application/octet-stream")
    with pytest.raises(ValidationError):
        services.events_import(actor=cast.zhao_secretary, upload=not_a_sheet)
    _nothing_saved()
