"""Reading a file of network links (网格联系名单) for `services.network.links_import`.

The file is read the way the roster import reads HR exports (people/roster/reading):
its type checked by extension and content, Excel through python-calamine, CSV in
UTF-8 (with or without BOM), GB18030 or UTF-16. The header may sit below a title
row. Columns, in any order (others are ignored):

    责任人工号 · 联系对象工号 · 层级 (optional: 党员包职工 by default) · 生效日期 (optional)

Each data row becomes a `LinkRow` with the row number the spreadsheet shows and the
reasons, in Chinese, why a cell cannot be used; the service checks the people.
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
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.people.roster.cells import _date_from_text, _text
from tongxin.people.roster.reading import RosterFileError, decode_csv, sniff

from .models import Level

MAX_UPLOAD_MB = 5
MAX_ROWS = 5000
HEADER_SCAN_ROWS = 10
EXCEL_EPOCH = datetime.date(1899, 12, 30)
EARLIEST = datetime.date(2000, 1, 1)

HEADERS = {
    "responsible": ("责任人工号", "网格员工号", "党员工号", "包保人工号", "责任人员工号"),
    "person": ("联系对象工号", "职工工号", "被包保人工号", "联系对象员工号"),
    "level": ("层级", "网格层级", "联系层级"),
    "starts_on": ("生效日期", "开始日期", "起始日期"),
}
HEADER_KEYS = {text: key for key, texts in HEADERS.items() for text in texts}

LEVEL_WORDS = {
    Level.LEADER_BRANCH: ("1", "一", "班子成员联系党支部", "班子成员联系支部", "班子成员"),
    Level.SECRETARY_CADRE: (
        "2",
        "二",
        "支部书记、科队长包队干",
        "支部书记科队长包队干",
        "书记包队干",
        "科队长包队干",
    ),
    Level.CADRE_MEMBER: ("3", "三", "队干包班组长和党员", "队干包班组长和普通党员", "队干包党员"),
    Level.MEMBER_WORKER: ("4", "四", "党员包职工群众", "党员包职工", "普通党员包职工群众"),
}


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\(.*?\)|\[.*?\]", "", text)
    return re.sub(r"[\s*]", "", text)


LEVELS = {_norm(word): level for level, words in LEVEL_WORDS.items() for word in words}
LEVELS.update({level.value: level for level in Level})
LEVELS.update({_norm(str(level.label)): level for level in Level})
for _level in Level:
    LEVELS.setdefault(f"{_level.value}级", _level)


@dataclass
class LinkRow:
    number: int
    responsible_no: str = ""
    person_no: str = ""
    level: Level | None = Level.MEMBER_WORKER
    starts_on: datetime.date | None = None
    errors: list[str] = field(default_factory=list)


def _parse_level(cell) -> Level:
    text = _norm(_text(cell))
    if not text:
        return Level.MEMBER_WORKER
    level = LEVELS.get(text) or LEVELS.get(text.rstrip("级层"))
    if level is None:
        raise ValueError(
            _("层级“%(v)s”无法识别，可填：%(choices)s（或 1～4）。")
            % {"v": _text(cell), "choices": "、".join(str(label) for label in Level.labels)}
        )
    return level


def _parse_date(cell) -> datetime.date | None:
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, datetime.datetime):
        day = cell.date()
    elif isinstance(cell, datetime.date):
        day = cell
    elif isinstance(cell, int | float) and 20000 <= cell <= 80000:
        day = EXCEL_EPOCH + datetime.timedelta(days=int(cell))
    else:
        day = _date_from_text(_text(cell))
    if day is None:
        raise ValueError(
            _("生效日期“%(v)s”无法识别（例如 2026-03-01、2026/3/1、2026年3月1日）。")
            % {"v": _text(cell)}
        )
    latest = timezone.localdate() + datetime.timedelta(days=366)
    if not EARLIEST <= day <= latest:
        raise ValueError(_("生效日期“%(v)s”不在合理范围内。") % {"v": day.isoformat()})
    return day


def _employee_no(cell) -> str:
    return _text(cell).replace(" ", "")[:20]


def _raw_rows(upload, kind: str):
    if kind == "csv":
        upload.seek(0)
        text = decode_csv(upload.read())
        delimiter = max(",\t;", key=text[:4096].count)
        try:
            yield from enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1)
        except csv.Error as exc:
            raise RosterFileError(_("CSV 文件格式有误：%(err)s") % {"err": exc}) from exc
        return
    upload.seek(0)
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(upload)
    except python_calamine.PasswordError as exc:
        raise RosterFileError(_("工作簿设置了密码，请去掉密码后再上传。")) from exc
    except Exception as exc:  # calamine raises several types for damaged files
        raise RosterFileError(_("无法读取该工作簿，文件可能已损坏。")) from exc
    with workbook:
        for meta in workbook.sheets_metadata:
            if meta.visible != python_calamine.SheetVisibleEnum.Visible:
                continue
            try:
                sheet = workbook.get_sheet_by_name(meta.name)
            except python_calamine.CalamineError:
                continue
            yield from enumerate(sheet.iter_rows(), start=1)
            return


def read_rows(upload) -> list[LinkRow]:
    """Every non-blank data row of the file; ValidationError({"upload": …}) if the file
    as a whole cannot be used (type, size, encoding, no header, too many rows)."""
    if upload is None:
        raise ValidationError({"upload": _("请选择要导入的文件。")})
    if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
        raise ValidationError(
            {"upload": _("文件超过 %(n)d MB，请拆分后再导入。") % {"n": MAX_UPLOAD_MB}}
        )
    try:
        kind = sniff(upload, upload.name)
        return _table(_raw_rows(upload, kind))
    except RosterFileError as exc:
        raise ValidationError({"upload": exc.messages}) from None


def _table(raw) -> list[LinkRow]:
    layout = None
    rows: list[LinkRow] = []
    for number, cells in raw:
        if layout is None:
            if number > HEADER_SCAN_ROWS:
                break
            keys = {HEADER_KEYS.get(_norm(_text(c))): i for i, c in enumerate(cells)}
            keys.pop(None, None)
            if "responsible" in keys and "person" in keys:
                layout = keys
            continue
        if not any(_text(c) for c in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise RosterFileError(_("一次最多导入 %(n)d 行，请拆分后再导入。") % {"n": MAX_ROWS})
        rows.append(_row(number, cells, layout))
    if layout is None:
        raise RosterFileError(
            _("在前%(n)d行中找不到表头：需要“责任人工号”和“联系对象工号”两列。")
            % {"n": HEADER_SCAN_ROWS}
        )
    if not rows:
        raise RosterFileError(_("文件中没有数据行。"))
    return rows


def _cell(cells, layout, key):
    index = layout.get(key)
    return cells[index] if index is not None and index < len(cells) else None


def _row(number: int, cells, layout) -> LinkRow:
    row = LinkRow(
        number=number,
        responsible_no=_employee_no(_cell(cells, layout, "responsible")),
        person_no=_employee_no(_cell(cells, layout, "person")),
    )
    if not row.responsible_no:
        row.errors.append(_("缺少责任人工号。"))
    try:
        row.level = _parse_level(_cell(cells, layout, "level"))
    except ValueError as exc:
        row.level = None
        row.errors.append(str(exc))
    try:
        row.starts_on = _parse_date(_cell(cells, layout, "starts_on"))
    except ValueError as exc:
        row.errors.append(str(exc))
    if row.level == Level.LEADER_BRANCH and row.person_no:
        row.errors.append(_("“班子成员联系党支部”不填联系对象工号。"))
    elif row.level not in (None, Level.LEADER_BRANCH) and not row.person_no:
        row.errors.append(_("缺少联系对象工号。"))
    return row
