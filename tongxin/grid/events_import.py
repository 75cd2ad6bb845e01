"""Reading a sheet of life events (五必谈五必访事由) for `services.events.events_import`.

Columns, found in a header row among the first ten: 工号, 事由 (the Chinese name of the
occasion, e.g. 家庭丧事, or a short form such as 丧事, 生病, 结婚), 发生日期, and
optionally 情况说明. Files are .xlsx, .xls, .ods or .csv (UTF-8, UTF-8 with BOM,
GB18030/GBK), checked by content as the roster import checks them. Each row becomes an
`EventRow` with its number as the spreadsheet shows it and what is wrong with it.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field

import python_calamine
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tongxin.core import exports
from tongxin.people.roster.cells import DATE_TEXT, EXCEL_EPOCH, _text
from tongxin.people.roster.reading import decode_csv, sniff

from .models import EventKind

MAX_ROWS = 2000
MAX_UPLOAD_MB = 10
HEADER_SCAN_ROWS = 10

COLUMNS = {
    "employee_no": ("工号", "员工编号", "职工编号", "员工工号", "职工工号", "人员编号"),
    "kind": ("事由", "类别", "事项", "五必谈五必访事由", "情形"),
    "occurred_on": ("发生日期", "日期", "发生时间", "时间"),
    "description": ("情况说明", "说明", "情况", "备注", "具体情况"),
}
REQUIRED = ("employee_no", "kind", "occurred_on")
HEADER_KEYS = {alias: key for key, aliases in COLUMNS.items() for alias in aliases}
TEMPLATE_HEADERS = ["工号", "事由", "发生日期", "情况说明"]

KIND_WORDS = {
    EventKind.ILLNESS_INJURY: ("生病", "受伤", "生病或受伤", "生病受伤", "住院", "工伤", "伤病"),
    EventKind.BEREAVEMENT: ("丧事", "家庭丧事", "亲属去世", "直系亲属去世", "丧亲"),
    EventKind.MARRIAGE_BIRTH: ("结婚", "生育", "结婚或生育", "结婚生育", "婚育", "生子"),
    EventKind.HARDSHIP: ("困难", "生活困难", "家庭困难", "经济困难"),
    EventKind.CONFLICT_DISCIPLINE: (
        "矛盾",
        "纠纷",
        "矛盾纠纷",
        "处分",
        "受到处分",
        "违纪",
        "矛盾纠纷或受到处分",
    ),
}
KINDS = {
    **{word: kind for kind, words in KIND_WORDS.items() for word in words},
    **{str(kind.label): kind for kind in EventKind},
    **{kind.value: kind for kind in EventKind},
}


@dataclass
class EventRow:
    number: int
    employee_no: str = ""
    kind: str = ""
    occurred_on: datetime.date | None = None
    description: str = ""
    problems: list[str] = field(default_factory=list)


def _header(cell) -> str:
    text = unicodedata.normalize("NFKC", _text(cell))
    text = re.sub(r"\(.*?\)|\[.*?\]", "", text)
    return re.sub(r"[\s*]", "", text)


def _date(cell) -> datetime.date | None:
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if 1 <= cell < 100_000:
            return EXCEL_EPOCH + datetime.timedelta(days=int(cell))
        return None
    text = unicodedata.normalize("NFKC", _text(cell))
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return EXCEL_EPOCH + datetime.timedelta(days=int(float(text)))
    match = DATE_TEXT.match(text)
    if not match:
        return None
    try:
        return datetime.date(*(int(p) for p in match.groups()))
    except ValueError:
        return None


def _rows(upload, kind: str):
    if kind == "csv":
        upload.seek(0)
        text = decode_csv(upload.read())
        delimiter = max(",\t;", key=text[:4096].count)
        try:
            yield from enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1)
        except csv.Error as exc:
            raise ValidationError(_("CSV 文件格式有误：%(err)s") % {"err": exc}) from exc
        return
    try:
        upload.seek(0)
        workbook = python_calamine.CalamineWorkbook.from_filelike(upload)
        sheet = workbook.get_sheet_by_index(0)
        rows = list(sheet.iter_rows())
    except Exception as exc:  # calamine raises several types for damaged files
        raise ValidationError(_("无法读取该工作簿，文件可能已损坏或设置了密码。")) from exc
    yield from enumerate(rows, start=1)


def read_events(upload) -> list[EventRow]:
    """The rows of the sheet, each with its problems; ValidationError for the file."""
    if upload is None:
        raise ValidationError(_("请选择要导入的文件。"))
    if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
        raise ValidationError(_("文件不能超过 %(n)s MB。") % {"n": MAX_UPLOAD_MB})
    kind = sniff(upload, getattr(upload, "name", ""))
    layout: dict[str, int] | None = None
    out: list[EventRow] = []
    for number, cells in _rows(upload, kind):
        if layout is None:
            if number > HEADER_SCAN_ROWS:
                break
            keys = {HEADER_KEYS.get(_header(c)): i for i, c in enumerate(cells)}
            if all(k in keys for k in REQUIRED):
                layout = {k: i for k, i in keys.items() if k is not None}
            continue
        values = {k: (cells[i] if i < len(cells) else None) for k, i in layout.items()}
        if not any(_text(v) for v in values.values()):
            continue
        if len(out) >= MAX_ROWS:
            raise ValidationError(_("一次最多导入 %(n)s 行，请拆分成几个文件。") % {"n": MAX_ROWS})
        row = EventRow(number=number)
        row.employee_no = _text(values.get("employee_no"))[:20]
        if not row.employee_no:
            row.problems.append(_("工号为空"))
        word = re.sub(r"\s", "", unicodedata.normalize("NFKC", _text(values.get("kind"))))
        row.kind = KINDS.get(word, "")
        if not row.kind:
            row.problems.append(
                _(
                    "事由“%(w)s”无法识别，应为：生病或受伤、家庭丧事、结婚或生育、生活困难、矛盾纠纷或受到处分"
                )
                % {"w": word[:20]}
            )
        raw_date = values.get("occurred_on")
        row.occurred_on = _date(raw_date)
        if row.occurred_on is None:
            row.problems.append(
                _("发生日期“%(d)s”格式不对，应为 2026-03-15 这样的日期")
                % {"d": _text(raw_date)[:20]}
                if _text(raw_date)
                else _("发生日期为空")
            )
        row.description = _text(values.get("description"))
        out.append(row)
    if layout is None:
        raise ValidationError(
            _("在前 %(n)s 行中找不到表头：需要“工号”“事由”“发生日期”三列。")
            % {"n": HEADER_SCAN_ROWS}
        )
    return out


def template_csv() -> bytes:
    """An example sheet (CSV, UTF-8 with BOM so Excel opens it right)."""
    out = io.StringIO()
    writer = exports.csv_writer(out)
    writer.writerow(TEMPLATE_HEADERS)
    writer.writerow(["100001", "家庭丧事", "2026-03-15", "父亲病故"])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
