"""Roster import (花名册导入): real xlsx, xls and CSV files, checked, previewed and applied.

The files are built here the way HR systems write them: openpyxl and XlsxWriter for
xlsx, xlwt for the old xls, and CSV in GB18030, UTF-8 with BOM and plain UTF-8.
"""

import datetime
import io

import openpyxl
import pytest
import xlsxwriter
import xlwt
from django.contrib.auth.hashers import is_password_usable
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from tongxin.core.models import AuditEvent
from tongxin.people import roster, services
from tongxin.people.models import ImportStatus, Person, Role, RosterImport

pytestmark = pytest.mark.django_db

HEADERS = ["工号", "姓名", "单位", "岗位", "手机", "政治面貌", "工会会员", "技能等级", "入职日期"]

# Three newcomers, one of them in the ambiguous "一班" written in path form.
NEWCOMERS = [
    [
        "500001",
        "陈晓明",
        "综采一队/一班",
        "支架工",
        "13911112222",
        "中共党员",
        "是",
        "中级工",
        "2024/3/1",
    ],
    ["500002", "刘芳", "机电科", "电工", "13911113333", "共青团员", "否", "高级工", "2024-03-01"],
    ["500003", "张伟", "掘进二队", "掘进机司机", "", "群众", "是", "", "2023年12月5日"],
]


# --- building files -----------------------------------------------------------------


def csv_bytes(rows, headers=HEADERS, encoding="utf-8") -> bytes:
    lines = [",".join(headers)] + [",".join(str(c) for c in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows, headers=HEADERS, title=None) -> bytes:
    """openpyxl, as most exports: optional title row above the header."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "花名册"
    if title:
        sheet.append([title])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsxwriter_bytes(rows, headers=HEADERS) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, headers)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, datetime.date):
                sheet.write_datetime(r, c, datetime.datetime.combine(value, datetime.time()), day)
            else:
                sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def xls_bytes(rows, headers=HEADERS) -> bytes:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("花名册")
    day = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for c, title in enumerate(headers):
        sheet.write(0, c, title)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, datetime.date):
                sheet.write(r, c, value, day)
            else:
                sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(cast, name, data, *, actor=None, scope=None) -> RosterImport:
    """Upload and check in the request, as the page does for small files."""
    roster_import = roster.roster_upload(
        actor=actor or cast.feng_admin,
        scope_unit=scope or cast.mine,
        file=SimpleUploadedFile(name, data),
        name=name,
    )
    return roster.roster_check(roster_import=roster_import)


def apply(roster_import, actor) -> RosterImport:
    return roster.roster_confirm(actor=actor, roster_import=roster_import, background=False)


def error_rows(roster_import) -> dict[int, str]:
    return {e["row"]: " ".join(e["errors"]) for e in roster_import.errors}


# --- the three formats, and the encodings -----------------------------------------


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
def test_csv_in_each_encoding_imports(cast, encoding):
    imp = upload(cast, "花名册.csv", csv_bytes(NEWCOMERS, encoding=encoding))
    assert imp.status == ImportStatus.READY, imp.errors
    assert imp.summary["create"] == 3 and imp.summary["update"] == 0
    imp = apply(imp, cast.feng_admin)
    assert imp.status == ImportStatus.APPLIED

    chen = Person.objects.get(employee_no="500001")
    assert chen.name == "陈晓明" and chen.name_initials == "cxm"
    assert chen.unit == cast.crew_a1  # "综采一队/一班", not 掘进二队's 一班
    assert chen.political_status == "member" and chen.union_member is True
    assert chen.skill_grade == "intermediate" and chen.hire_date == datetime.date(2024, 3, 1)
    assert chen.must_change_password and not is_password_usable(chen.password)
    liu = Person.objects.get(employee_no="500002")
    assert liu.unit == cast.department and liu.union_member is False
    assert liu.political_status == "league" and liu.skill_grade == "senior"
    zhang = Person.objects.get(employee_no="500003")
    assert zhang.phone == "" and zhang.skill_grade == ""
    assert zhang.hire_date == datetime.date(2023, 12, 5)
    created = AuditEvent.objects.filter(action="people.person.created", actor=cast.feng_admin)
    assert created.count() == 3
    event = created.get(object_id=str(chen.pk))
    assert event.after["phone"] == "13911112222" and event.after["hire_date"] == "2024-03-01"
    assert event.actor_label == str(cast.feng_admin) and "花名册导入" in event.note
    now = timezone.now()
    for moment in (event.at, chen.created_at):
        assert moment.tzinfo is not None and abs((now - moment).total_seconds()) < 60
    assert Person.objects.get(employee_no="500001", created_at__gte=now - datetime.timedelta(1))


def test_gb18030_csv_with_excel_habits(cast):
    """GBK bytes, ="..." text cells, full-width digits, +86 phones, spaced names."""
    rows = [
        [
            '="500010"',
            "王 小 二",
            "机电科",
            "",
            "+86 139 1111 4444",
            "党员",
            "Y",
            "五级",
            "20240301",
        ],
        ["５０００１１", "赵六", "机电科", "", "139-1111-5555", "团员", "否", "无", "45352"],
    ]
    imp = upload(cast, "export.CSV", csv_bytes(rows, encoding="gb18030"))
    assert imp.status == ImportStatus.READY, imp.errors
    apply(imp, cast.feng_admin)
    first = Person.objects.get(employee_no="500010")
    assert first.name == "王小二" and first.phone == "13911114444"
    assert first.skill_grade == "junior" and first.hire_date == datetime.date(2024, 3, 1)
    second = Person.objects.get(employee_no="500011")
    assert second.hire_date == datetime.date(2024, 3, 1)  # Excel serial day 45352


def test_xls_imports(cast):
    rows = [
        [500001.0, "陈晓明", "综采一队/一班", "支架工", 13911112222.0, "中共党员", "是", "中级工",
         datetime.date(2024, 3, 1)],
        [500002.0, "刘芳", "机电科", "电工", 13911113333.0, "预备党员", "否", "技师", 45352],
    ]  # fmt: skip
    imp = upload(cast, "花名册.xls", xls_bytes(rows))
    assert imp.status == ImportStatus.READY, imp.errors
    apply(imp, cast.feng_admin)
    chen = Person.objects.get(employee_no="500001")
    assert chen.phone == "13911112222" and chen.hire_date == datetime.date(2024, 3, 1)
    liu = Person.objects.get(employee_no="500002")
    assert liu.political_status == "probationary" and liu.skill_grade == "technician"
    assert liu.hire_date == datetime.date(2024, 3, 1)


def test_xlsx_imports_with_title_row_and_numbers(cast):
    rows = [
        [500001, "陈晓明", "综采一队/一班", "支架工", 13911112222, "中共党员", True, "中级工",
         datetime.date(2024, 3, 1)],
        ["500002", "刘芳", "机电科", None, None, None, None, None, None],
    ]  # fmt: skip
    imp = upload(cast, "花名册.xlsx", xlsx_bytes(rows, title="红岩矿职工花名册（2024年）"))
    assert imp.status == ImportStatus.READY, imp.errors
    assert imp.summary["header_row"] == 2
    apply(imp, cast.feng_admin)
    assert Person.objects.get(employee_no="500001").union_member is True
    liu = Person.objects.get(employee_no="500002")
    assert liu.political_status == "masses" and liu.post == "" and liu.hire_date is None


def test_xlsxwriter_file_with_date_cells(cast):
    rows = [["500001", "陈晓明", "机电科", "电工", "13911112222", "群众", "是", "技师",
             datetime.date(2021, 7, 15)]]  # fmt: skip
    imp = upload(cast, "a.xlsx", xlsxwriter_bytes(rows))
    assert imp.status == ImportStatus.READY, imp.errors
    apply(imp, cast.feng_admin)
    assert Person.objects.get(employee_no="500001").hire_date == datetime.date(2021, 7, 15)


# --- bad rows -----------------------------------------------------------------------


def test_three_bad_rows_import_nothing_and_are_named(cast):
    rows = [
        NEWCOMERS[0],  # row 2: good
        ["500002", "刘芳", "通风区", "", "", "群众", "是", "", ""],  # row 3: unknown unit
        NEWCOMERS[2],  # row 4: good
        ["500001", "陈晓明", "机电科", "", "", "群众", "是", "", ""],  # row 5: duplicate 工号
        ["500005", "周强", "机电科", "", "1391111", "群众", "是", "", "2024-13-45"],  # row 6
    ]
    before = Person.objects.count()
    imp = upload(cast, "bad.xlsx", xlsx_bytes(rows))
    assert imp.status == ImportStatus.INVALID
    assert imp.summary["error_rows"] == 3
    errors = error_rows(imp)
    assert sorted(errors) == [3, 5, 6]
    assert "单位“通风区”不在导入范围“红岩矿”内" in errors[3]
    assert "工号与第2行重复" in errors[5]
    assert "手机号“1391111”不是11位手机号码" in errors[6]
    assert "入职日期“2024-13-45”无法识别" in errors[6]
    assert {e["employee_no"] for e in imp.errors} == {"500002", "500001", "500005"}
    with pytest.raises(ValidationError):
        apply(imp, cast.feng_admin)
    assert Person.objects.count() == before
    assert (
        not AuditEvent.objects.filter(action="people.person.created").exclude(actor=None).exists()
    )


def test_every_kind_of_bad_cell_has_a_reason(cast):
    rows = [
        ["", "无工号", "机电科", "", "", "", "", "", ""],
        ["50 01", "格式错", "机电科", "", "", "", "", "", ""],
        ["500003", "", "机电科", "", "", "", "", "", ""],
        ["500004", "无单位", "", "", "", "", "", "", ""],
        ["500005", "政治面貌错", "机电科", "", "", "民主党派", "", "", ""],
        ["500006", "会员错", "机电科", "", "", "", "也许", "", ""],
        ["500007", "等级错", "机电科", "", "", "", "", "特级", ""],
        ["500008", "科学计数", "机电科", "", "1.39111E+10", "", "", "", ""],
        ["500009", "远古", "机电科", "", "", "", "", "", "1900-01-01"],
    ]
    imp = upload(cast, "bad.csv", csv_bytes(rows))
    errors = error_rows(imp)
    assert "缺少工号" in errors[2]
    assert "工号“50 01”格式不正确" in errors[3]
    assert "缺少姓名" in errors[4]
    assert "缺少单位" in errors[5]
    assert "政治面貌“民主党派”无法识别" in errors[6]
    assert "工会会员“也许”无法识别" in errors[7]
    assert "技能等级“特级”无法识别" in errors[8]
    assert "科学计数法" in errors[9]
    assert "不在合理范围内" in errors[10]


def test_ambiguous_unit_must_be_given_with_its_district(cast):
    rows = [["500001", "陈晓明", "一班", "", "", "", "", "", ""]]
    imp = upload(cast, "a.csv", csv_bytes(rows))
    reason = error_rows(imp)[2]
    assert "单位“一班”有2个同名单位" in reason
    assert "综采一队/一班" in reason and "掘进二队/一班" in reason
    ok = upload(cast, "b.csv", csv_bytes([["500001", "陈晓明", "掘进二队 / 一班"]], HEADERS[:3]))
    assert ok.status == ImportStatus.READY
    apply(ok, cast.feng_admin)
    assert Person.objects.get(employee_no="500001").unit == cast.crew_b1


def test_units_are_looked_up_inside_the_scope_only(cast):
    services.role_assign(
        actor=None, person=cast.zhou_head, role=Role.ADMIN, organisation=cast.district_a
    )
    rows = [["500001", "陈晓明", "机电科"], ["500002", "刘芳", "一班"]]
    imp = upload(cast, "a.csv", csv_bytes(rows, HEADERS[:3]), actor=cast.zhou_head,
                 scope=cast.district_a)  # fmt: skip
    errors = error_rows(imp)
    assert list(errors) == [2]  # 机电科 is outside 综采一队; 一班 is unique inside it
    assert "不在导入范围“综采一队”内" in errors[2]


# --- re-importing -------------------------------------------------------------------


def test_reimport_updates_by_employee_no_and_changes_nothing_else(cast):
    wang, li = cast.wang_worker, cast.li_member
    others = {
        p.pk: (p.name, p.unit_id, p.phone, p.post, p.political_status)
        for p in Person.objects.exclude(pk__in=[wang.pk, li.pk])
    }
    headers = ["工号", "姓名", "单位", "手机号码", "政治面貌"]
    rows = [
        ["100001", "王强", "综采一队/二班", "13800009999", ""],  # moved, new phone
        ["100002", "李红", "综采一队/二班", "13800002222", "中共党员"],  # as on file
        ["500001", "陈晓明", "机电科", "13911112222", "群众"],
    ]
    imp = upload(cast, "again.csv", csv_bytes(rows, headers))
    assert imp.status == ImportStatus.READY, imp.errors
    assert (imp.summary["create"], imp.summary["update"], imp.summary["unchanged"]) == (1, 1, 1)
    [sample] = [s for s in imp.summary["samples"] if s["action"] == "update"]
    assert {c["field"]: (c["old"], c["new"]) for c in sample["changes"]} == {
        "单位": ("综采一队/一班", "综采一队/二班"),
        "手机": ("13800001111", "13800009999"),
    }
    apply(imp, cast.feng_admin)

    wang.refresh_from_db()
    assert wang.unit == cast.crew_a2 and wang.phone == "13800009999"
    assert wang.post == "采煤机司机"  # no 岗位 column: left alone
    assert wang.political_status == "masses"  # blank cell: left alone
    assert not wang.must_change_password and wang.check_password("Tongxin#2026")
    li.refresh_from_db()
    assert li.phone == "13800002222" and li.party_org == cast.party_group_a
    assert {
        p.pk: (p.name, p.unit_id, p.phone, p.post, p.political_status)
        for p in Person.objects.exclude(pk__in=[wang.pk, li.pk]).exclude(employee_no="500001")
    } == others

    events = AuditEvent.objects.filter(actor=cast.feng_admin, action__startswith="people.person")
    assert events.count() == 2  # the unchanged 李红 has none
    updated = events.get(action="people.person.updated")
    assert updated.object_id == str(wang.pk)
    assert updated.before == {"unit": cast.crew_a1.pk, "phone": "13800001111"}
    assert updated.after == {"unit": cast.crew_a2.pk, "phone": "13800009999"}

    # The same file once more: nothing to do, nothing written.
    again = apply(upload(cast, "again.csv", csv_bytes(rows, headers)), cast.feng_admin)
    assert (again.summary["create"], again.summary["update"], again.summary["unchanged"]) == (
        0,
        0,
        3,
    )
    assert events.count() == 2


def test_renaming_keeps_pinyin_keys_in_step(cast):
    imp = upload(cast, "a.csv", csv_bytes([["100001", "王大强", "综采一队/一班"]], HEADERS[:3]))
    apply(imp, cast.feng_admin)
    cast.wang_worker.refresh_from_db()
    assert cast.wang_worker.name_initials == "wdq"


def test_people_outside_the_importers_reach_are_not_updated(cast):
    services.role_assign(
        actor=None, person=cast.zhou_head, role=Role.ADMIN, organisation=cast.district_a
    )
    rows = [
        ["200001", "钱进", "一班"],  # 钱进 works in 掘进二队, outside this admin's reach
        ["500001", "陈晓明", "二班"],
    ]
    imp = upload(cast, "a.csv", csv_bytes(rows, HEADERS[:3]), actor=cast.zhou_head,
                 scope=cast.district_a)  # fmt: skip
    assert imp.status == ImportStatus.INVALID
    assert error_rows(imp) == {2: "工号已存在于您管辖范围之外的单位。"}
    cast.qian_outsider.refresh_from_db()
    assert cast.qian_outsider.unit == cast.district_b
    assert not Person.objects.filter(employee_no="500001").exists()


def test_apply_checks_again_and_rolls_back_what_it_wrote(cast, monkeypatch):
    """The preview went stale: a row turned bad after the check. Nothing is kept."""
    # The first chunk is written before the error (CHUNK_ROWS is read by the engine).
    monkeypatch.setattr(roster.engine, "CHUNK_ROWS", 2)
    rows = [
        ["500001", "陈晓明", "机电科"],
        ["500002", "刘芳", "机电科"],
        ["500003", "张伟", "机电科"],
    ]
    imp = upload(cast, "a.csv", csv_bytes(rows, HEADERS[:3]))
    assert imp.status == ImportStatus.READY and imp.summary["create"] == 3
    # Meanwhile 500003 is given to someone at group level, outside this admin's reach.
    services.person_create(actor=None, employee_no="500003", name="别人", unit=cast.group)
    before = Person.objects.count()
    imp = apply(imp, cast.feng_admin)
    assert imp.status == ImportStatus.INVALID
    assert error_rows(imp) == {4: "工号已存在于您管辖范围之外的单位。"}
    assert Person.objects.count() == before
    assert not Person.objects.filter(employee_no__in=["500001", "500002"]).exists()
    assert not AuditEvent.objects.filter(actor=cast.feng_admin, action="people.person.created")


# --- headers and file types ---------------------------------------------------------


def test_header_variants_and_extra_columns(cast):
    headers = [
        "序号",
        "工号*",
        "姓名",
        "所在单位",
        "身份证号",
        "手机号",
        "是否工会会员",
        "入职时间",
    ]
    rows = [
        ["1", "500001", "陈晓明", "机电科", "110101199001011234", "13911112222", "否", "2024.3.1"]
    ]
    imp = upload(cast, "a.csv", csv_bytes(rows, headers))
    assert imp.status == ImportStatus.READY, imp.errors
    assert imp.summary["ignored"] == ["序号", "身份证号"]
    apply(imp, cast.feng_admin)
    chen = Person.objects.get(employee_no="500001")
    assert chen.union_member is False and chen.id_number == ""
    assert chen.hire_date == datetime.date(2024, 3, 1)


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (["工号", "姓名", "岗位"], "缺少必填列：单位"),
        (["序号", "备注"], "找不到表头"),
        (["工号", "姓名", "单位", "手机", "手机号码"], "“手机”和“手机号码”两列都表示“手机”"),
    ],
)
def test_bad_headers_are_refused_at_upload(cast, headers, message):
    with pytest.raises(ValidationError) as caught:
        upload(cast, "a.csv", csv_bytes([["1"] * len(headers)], headers))
    assert message in caught.value.messages[0]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.txt", b"x", "请上传 .xlsx、.xls、.ods 或 .csv"),
        ("a.csv", b"", "文件是空的"),
        ("a.xlsx", csv_bytes(NEWCOMERS), "文件内容不是 Excel 工作簿"),
        ("a.csv", xlsx_bytes(NEWCOMERS), "请把扩展名改为 .xlsx 或 .xls"),
        ("a.xls", b"<html><table><tr><td>1</td></tr></table></html>", "网页（HTML）"),
        ("a.xlsx", xls_bytes([]), "旧版 .xls 或加了密码"),
        ("a.xls", xlsx_bytes([]), "请把扩展名改为 .xlsx"),
        ("a.xlsx", b"PK\x03\x04garbage", "文件已损坏"),
        ("a.csv", b"\x00\x01\x02binary", "不是 CSV"),
    ],
)
def test_file_type_is_checked_by_extension_and_content(cast, name, data, message):
    with pytest.raises(ValidationError) as caught:
        upload(cast, name, data)
    assert message in caught.value.messages[0]
    assert not RosterImport.objects.exists()


def test_only_an_administrator_of_the_scope_may_upload(cast):
    with pytest.raises(ValidationError):
        upload(cast, "a.csv", csv_bytes(NEWCOMERS), actor=cast.zhao_secretary)
    services.role_assign(
        actor=None, person=cast.zhou_head, role=Role.ADMIN, organisation=cast.district_a
    )
    with pytest.raises(ValidationError):
        upload(cast, "a.csv", csv_bytes(NEWCOMERS), actor=cast.zhou_head, scope=cast.mine)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024/3/1", datetime.date(2024, 3, 1)),
        ("2024-03-01", datetime.date(2024, 3, 1)),
        ("2024年3月1日", datetime.date(2024, 3, 1)),
        ("2024.03.01", datetime.date(2024, 3, 1)),
        ("20240301", datetime.date(2024, 3, 1)),
        ("45352", datetime.date(2024, 3, 1)),
        (45352.0, datetime.date(2024, 3, 1)),
        ("2024-03-01 00:00:00", datetime.date(2024, 3, 1)),
        (datetime.datetime(2024, 3, 1, 8, 0), datetime.date(2024, 3, 1)),
    ],
)
def test_date_forms(text, expected):
    assert roster.parse_hire_date(text) == expected


@pytest.mark.parametrize("text", ["2024-02-30", "3/1/2024", "去年", "2024年3月"])
def test_dates_that_are_refused(text):
    with pytest.raises(roster.Bad):
        roster.parse_hire_date(text)


# --- the background path is decided by size -----------------------------------------


def test_large_files_are_left_to_the_task_worker(
    cast, settings, django_capture_on_commit_callbacks
):
    settings.ROSTER_BACKGROUND_ROWS = 2
    imp = roster.roster_upload(
        actor=cast.feng_admin,
        scope_unit=cast.mine,
        file=SimpleUploadedFile("a.csv", csv_bytes(NEWCOMERS)),
        name="a.csv",
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        roster.roster_start_check(roster_import=imp)
    assert len(callbacks) == 1
    imp.refresh_from_db()
    assert imp.status == ImportStatus.PENDING and imp.total_rows == 3


# --- the management command ---------------------------------------------------------


def test_command_imports_a_file(cast, tmp_path, capsys):
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(xlsx_bytes(NEWCOMERS))
    call_command("import_roster", str(path), "--scope-unit", "红岩矿", "--actor", "900003")
    out = capsys.readouterr().out
    assert "新增3人" in out
    assert Person.objects.filter(employee_no__in=["500001", "500002", "500003"]).count() == 3
    assert RosterImport.objects.get().status == ImportStatus.APPLIED


def test_command_prints_bad_rows_and_fails(cast, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    rows = [NEWCOMERS[0], ["500002", "刘芳", "通风区", "", "12", "", "", "", ""]]
    path.write_bytes(csv_bytes(rows, encoding="gb18030"))
    with pytest.raises(CommandError, match="没有导入任何数据"):
        call_command(
            "import_roster", str(path), "--scope-unit", str(cast.mine.pk), "--actor", "900003"
        )
    err = capsys.readouterr().err
    assert "第3行（工号 500002）" in err and "通风区" in err and "手机号“12”" in err
    assert not Person.objects.filter(employee_no="500001").exists()


def test_command_dry_run_writes_nothing(cast, tmp_path, capsys):
    path = tmp_path / "a.csv"
    path.write_bytes(csv_bytes(NEWCOMERS))
    call_command(
        "import_roster", str(path), "--scope-unit", "红岩矿", "--actor", "900003", "--dry-run"
    )
    assert "将新增3人" in capsys.readouterr().out
    assert not Person.objects.filter(employee_no="500001").exists()
    assert not RosterImport.objects.exists()


def test_command_refuses_a_non_administrator(cast, tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(csv_bytes(NEWCOMERS))
    with pytest.raises(CommandError, match="不是“红岩矿”的系统管理员"):
        call_command("import_roster", str(path), "--scope-unit", "红岩矿", "--actor", "100003")
