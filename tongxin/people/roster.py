"""Roster import (花名册导入, SPEC §1): read an HR export, check every row, apply all or nothing.

The file is read twice: once to check it (the preview) and once more, inside one
transaction, to apply it. Applying checks every row again against the database as it
is then, so a preview that has gone stale can never write half a roster.

Sections of this module:
1. Reading: the file's type by extension and content, CSV encodings, the header row.
2. Cells: one parser per column, turning a cell into a value or a reason in Chinese.
3. The engine: one pass over the rows in chunks; counts and collects errors, and in
   apply mode also writes each chunk (bulk) with one audit row per changed person.
4. Services: upload, check, confirm, apply, cancel; each a status transition claimed
   with a conditional update, so two workers or two clicks never do the work twice.
5. Reads for the pages: which imports an administrator may see, progress.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import logging
import os
import re
import secrets
import time
import unicodedata
import uuid
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from operator import attrgetter

import python_calamine
from charset_normalizer import from_bytes
from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core import audit
from tongxin.core.models import AuditEvent

from .models import (
    ImportStatus,
    Organisation,
    OrgKind,
    Person,
    PoliticalStatus,
    Role,
    RosterImport,
    SkillGrade,
    Tree,
)
from .scoping import reach_of
from .services import PERSON_AUDIT_FIELDS, set_name

logger = logging.getLogger(__name__)

CHUNK_ROWS = 2000  # rows checked (and written) together; also how often progress is saved
BATCH_SIZE = 1000  # rows per INSERT / UPDATE statement
MAX_STORED_ERRORS = 5000  # bad rows kept on the import; the count is always exact
SAMPLE_SIZE = 10  # changes of each kind shown in the preview
HEADER_SCAN_ROWS = 10  # HR exports often put a title or a date above the header
RUNNING = (ImportStatus.PENDING, ImportStatus.CHECKING, ImportStatus.APPLYING)


class RosterFileError(ValidationError):
    """The file as a whole cannot be read as a roster (type, encoding, header)."""


# --- 1. Reading -------------------------------------------------------------------

EXTENSIONS = {".xlsx": "xlsx", ".xls": "xls", ".ods": "ods", ".csv": "csv"}
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and encrypted .xlsx
ZIP_MAGIC = b"PK\x03\x04"  # .xlsx and .ods

# The columns an HR export has, with the header variants seen in real exports. Header
# text is compared after removing spaces, "*" and anything in brackets.
COLUMNS: dict[str, tuple[str, ...]] = {
    "employee_no": ("工号", "员工编号", "职工编号", "员工工号", "职工工号", "人员编号", "员工号"),
    "name": ("姓名", "员工姓名", "职工姓名"),
    "unit": ("单位", "所在单位", "所属单位", "单位名称", "部门", "所在部门", "单位/部门"),
    "post": ("岗位", "岗位名称", "职位"),
    "phone": ("手机", "手机号", "手机号码", "移动电话", "手机电话"),
    "political_status": ("政治面貌",),
    "union_member": ("工会会员", "是否工会会员", "是否为工会会员", "是否会员"),
    "skill_grade": ("技能等级", "技术等级", "职业技能等级", "技能鉴定等级"),
    "hire_date": ("入职日期", "入职时间", "入矿日期", "入矿时间", "进矿日期", "进矿时间"),
}
REQUIRED = ("employee_no", "name", "unit")
HEADER_KEYS = {alias: key for key, aliases in COLUMNS.items() for alias in aliases}
LABELS = {
    "employee_no": gettext_lazy("工号"),
    "name": gettext_lazy("姓名"),
    "unit": gettext_lazy("单位"),
    "post": gettext_lazy("岗位"),
    "phone": gettext_lazy("手机"),
    "political_status": gettext_lazy("政治面貌"),
    "union_member": gettext_lazy("工会会员"),
    "skill_grade": gettext_lazy("技能等级"),
    "hire_date": gettext_lazy("入职日期"),
}
TEMPLATE_HEADERS = [aliases[0] for aliases in COLUMNS.values()]


def _max_unpacked_bytes() -> int:
    # A zip that expands far beyond its size is a zip bomb, not a roster.
    return settings.ROSTER_MAX_UPLOAD_MB * 1024 * 1024 * 10


def sniff(fileobj, name: str) -> str:
    """The file's kind ("xlsx", "xls", "ods", "csv"), checked by extension AND content."""
    ext = os.path.splitext(name or "")[1].lower()
    kind = EXTENSIONS.get(ext)
    if kind is None:
        raise RosterFileError(_("请上传 .xlsx、.xls、.ods 或 .csv 格式的文件。"))
    fileobj.seek(0)
    head = fileobj.read(4096)
    fileobj.seek(0)
    if not head:
        raise RosterFileError(_("文件是空的。"))
    looks_like_markup = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<"
    if kind in ("xlsx", "ods"):
        if head.startswith(OLE2_MAGIC):
            raise RosterFileError(
                _("文件是旧版 .xls 或加了密码的工作簿，与扩展名不符。请去掉密码并另存为 .xlsx。")
            )
        if not head.startswith(ZIP_MAGIC):
            raise RosterFileError(
                _("文件内容不是 Excel 工作簿，与扩展名 %(ext)s 不符。请用 Excel 另存为 .xlsx。")
                % {"ext": ext}
            )
        _check_zip(fileobj, kind)
    elif kind == "xls":
        if head.startswith(ZIP_MAGIC):
            raise RosterFileError(_("文件内容是 .xlsx 格式，请把扩展名改为 .xlsx 再上传。"))
        if looks_like_markup:
            raise RosterFileError(
                _("这个 .xls 文件其实是网页（HTML）格式，请用 Excel 打开后另存为 .xlsx。")
            )
        if not head.startswith(OLE2_MAGIC):
            raise RosterFileError(_("文件内容不是 Excel 工作簿，与扩展名 .xls 不符。"))
    else:
        if head.startswith((ZIP_MAGIC, OLE2_MAGIC)):
            raise RosterFileError(
                _("文件内容是 Excel 工作簿而不是 CSV，请把扩展名改为 .xlsx 或 .xls 再上传。")
            )
        utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        if b"\x00" in head and not utf16:
            raise RosterFileError(_("文件内容不是文本，不是 CSV 文件。"))
    return kind


def _check_zip(fileobj, kind: str) -> None:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError) as exc:
        raise RosterFileError(_("文件已损坏，无法作为工作簿打开。")) from exc
    finally:
        fileobj.seek(0)
    if kind == "xlsx" and "xl/workbook.xml" not in names:
        raise RosterFileError(_("文件是压缩包但不是 Excel 工作簿（.xlsx）。"))
    if kind == "ods" and not mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        raise RosterFileError(_("文件是压缩包但不是 ODS 电子表格。"))
    if sum(info.file_size for info in infos) > _max_unpacked_bytes():
        raise RosterFileError(_("工作簿解压后过大，请拆分成几个文件再上传。"))


def decode_csv(data: bytes) -> str:
    """CSV text in UTF-8 (with or without BOM), GB18030/GBK, or UTF-16 (Excel's "Unicode text")."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        # A GB18030 file is almost never valid UTF-8, so trying UTF-8 first is safe.
        candidates = ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    guess = from_bytes(data).best()
    if guess is None:
        raise RosterFileError(_("无法识别 CSV 文件的编码，请另存为 UTF-8 或 GB18030（GBK）编码。"))
    return str(guess)


def _header_text(cell) -> str:
    text = unicodedata.normalize("NFKC", _text(cell))
    text = re.sub(r"\(.*?\)|\[.*?\]", "", text)  # hints such as 入职日期(yyyy-mm-dd)
    return re.sub(r"[\s*]", "", text)


@dataclass
class Table:
    """The data rows of a roster file below its header, and what each column holds."""

    sheet: str
    header_row: int  # as the spreadsheet numbers it, from 1
    layout: list[tuple[int, str]]  # (column index, key)
    used: list[str]  # header texts recognised
    ignored: list[str]  # header texts of columns left alone
    estimate: int  # data rows at most (blank rows are skipped when reading)
    _rows: Iterator[tuple[int, list]]

    def rows(self) -> Iterator[tuple[int, list]]:
        """(row number, cells) for each non-blank row below the header."""
        for number, cells in self._rows:
            if any(
                c is not None and c != "" and (c.__class__ is not str or c.strip()) for c in cells
            ):
                yield number, cells


def _find_header(rows: Iterator[tuple[int, list]], sheet: str, total: int) -> Table | None:
    for number, cells in islice(rows, HEADER_SCAN_ROWS):
        keys = [HEADER_KEYS.get(_header_text(c)) for c in cells]
        if sum(1 for k in REQUIRED if k in keys) < 2:
            continue
        layout, used, ignored, seen = [], [], [], {}
        for index, (cell, key) in enumerate(zip(cells, keys, strict=True)):
            text = _text(cell)
            if key is None:
                if text:
                    ignored.append(text)
                continue
            if key in seen:
                raise RosterFileError(
                    _("“%(a)s”和“%(b)s”两列都表示“%(col)s”，请删除其中一列。")
                    % {"a": seen[key], "b": text, "col": LABELS[key]}
                )
            seen[key] = text
            layout.append((index, key))
            used.append(text)
        missing = [str(LABELS[k]) for k in REQUIRED if k not in seen]
        if missing:
            raise RosterFileError(_("缺少必填列：%(cols)s。") % {"cols": "、".join(missing)})
        return Table(sheet, number, layout, used, ignored, max(total - number, 0), rows)
    return None


def _csv_rows(reader) -> Iterator[tuple[int, list]]:
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):  # noqa: B007 (used below)
            yield number, cells
    except csv.Error as exc:
        raise RosterFileError(
            _("CSV 文件第%(row)d行格式有误：%(err)s") % {"row": number + 1, "err": exc}
        ) from exc


@contextmanager
def open_table(source, kind: str) -> Iterator[Table]:
    """Open a roster file (a path or a binary file object) at its header row."""
    no_header = RosterFileError(
        _("在前%(n)d行中找不到表头：至少需要“工号”“姓名”“单位”三列。") % {"n": HEADER_SCAN_ROWS}
    )
    if kind == "csv":
        if isinstance(source, str | os.PathLike):
            with open(source, "rb") as fh:
                data = fh.read()
        else:
            source.seek(0)
            data = source.read()
        text = decode_csv(data)
        del data
        head = text[:4096]
        delimiter = max(",\t;", key=head.count)
        rows = _csv_rows(csv.reader(io.StringIO(text), delimiter=delimiter))
        lines = text.count("\n") + (0 if text.endswith("\n") else 1)
        table = _find_header(rows, "", lines)
        if table is None:
            raise no_header
        yield table
        return
    try:
        if isinstance(source, str | os.PathLike):
            workbook = python_calamine.CalamineWorkbook.from_path(source)
        else:
            source.seek(0)
            workbook = python_calamine.CalamineWorkbook.from_filelike(source)
    except python_calamine.PasswordError as exc:
        raise RosterFileError(_("工作簿设置了密码，请去掉密码后再上传。")) from exc
    except Exception as exc:  # calamine raises several types for damaged files
        raise RosterFileError(_("无法读取该工作簿，文件可能已损坏。")) from exc
    with workbook:
        table = None
        for meta in workbook.sheets_metadata:
            if meta.visible != python_calamine.SheetVisibleEnum.Visible:
                continue
            try:
                sheet = workbook.get_sheet_by_name(meta.name)
            except python_calamine.CalamineError:  # chart sheets and the like have no cells
                continue
            # iter_rows starts at the sheet's first row even when it is blank, so the
            # numbering below is the one the spreadsheet shows.
            end = sheet.end[0] + 1 if sheet.end else 0
            table = _find_header(enumerate(sheet.iter_rows(), start=1), meta.name, end)
            if table is not None:
                break
        if table is None:
            raise no_header
        yield table


# --- 2. Cells -----------------------------------------------------------------------


class Bad(Exception):
    """A cell that cannot be used; the message says why, in Chinese."""


EXCEL_TEXT = re.compile(r'^="(.*)"$')  # ="0012" keeps leading zeros in CSV exports
EMPLOYEE_NO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,19}$")
MOBILE = re.compile(r"^1[3-9]\d{9}$")
CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
DATE_TEXT = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T][\d:.]+)?$"
)
EXCEL_EPOCH = datetime.date(1899, 12, 30)

POLITICAL = {
    "中共党员": PoliticalStatus.MEMBER,
    "中国共产党党员": PoliticalStatus.MEMBER,
    "共产党员": PoliticalStatus.MEMBER,
    "党员": PoliticalStatus.MEMBER,
    "预备党员": PoliticalStatus.PROBATIONARY,
    "中共预备党员": PoliticalStatus.PROBATIONARY,
    "共青团员": PoliticalStatus.LEAGUE,
    "团员": PoliticalStatus.LEAGUE,
    "群众": PoliticalStatus.MASSES,
}
YES = {"是", "y", "yes", "true", "1", "会员", "√"}
NO = {"否", "n", "no", "false", "0", "非会员", "×"}
SKILL = {
    "初级工": SkillGrade.JUNIOR,
    "初级": SkillGrade.JUNIOR,
    "五级": SkillGrade.JUNIOR,
    "中级工": SkillGrade.INTERMEDIATE,
    "中级": SkillGrade.INTERMEDIATE,
    "四级": SkillGrade.INTERMEDIATE,
    "高级工": SkillGrade.SENIOR,
    "高级": SkillGrade.SENIOR,
    "三级": SkillGrade.SENIOR,
    "技师": SkillGrade.TECHNICIAN,
    "二级": SkillGrade.TECHNICIAN,
    "高级技师": SkillGrade.SENIOR_TECHNICIAN,
    "一级": SkillGrade.SENIOR_TECHNICIAN,
    "无": SkillGrade.NONE,  # written out, it clears the grade; a blank cell leaves it
}


def _text(cell) -> str:
    """A cell as trimmed text; whole numbers without ".0" (Excel stores 工号 as 100001.0)."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "是" if cell else "否"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    text = str(cell).strip()
    match = EXCEL_TEXT.match(text)
    return match.group(1).strip() if match else text


def _plain(cell) -> str:
    return unicodedata.normalize("NFKC", _text(cell)).strip()


def parse_employee_no(cell) -> str:
    value = _plain(cell)
    if not EMPLOYEE_NO.match(value):
        raise Bad(
            _("工号“%(v)s”格式不正确（只能由字母、数字、“-”组成，最长20位）。") % {"v": value}
        )
    return value


def parse_name(cell) -> str:
    value = CJK_SPACE.sub("", _text(cell))
    if len(value) > 40:
        raise Bad(_("姓名过长（最多40个字）。"))
    return value


def parse_post(cell) -> str:
    value = _text(cell)
    if len(value) > 40:
        raise Bad(_("岗位“%(v)s”过长（最多40个字）。") % {"v": value[:40]})
    return value


def parse_phone(cell) -> str:
    raw = _plain(cell)
    value = re.sub(r"[\s-]", "", raw)
    if len(value) == 13 and value.startswith("86"):
        value = value[2:]
    elif value.startswith("+86"):
        value = value[3:]
    if MOBILE.match(value):
        return value
    if "E+" in raw.upper():
        raise Bad(
            _("手机号“%(v)s”被 Excel 写成了科学计数法，请把该列设为文本后重新导出。") % {"v": raw}
        )
    raise Bad(_("手机号“%(v)s”不是11位手机号码。") % {"v": raw})


def parse_political_status(cell) -> str:
    value = _plain(cell)
    try:
        return POLITICAL[value].value
    except KeyError:
        raise Bad(
            _("政治面貌“%(v)s”无法识别（可填：中共党员、预备党员、共青团员、群众）。")
            % {"v": value}
        ) from None


def parse_union_member(cell) -> bool:
    value = _plain(cell).lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise Bad(_("工会会员“%(v)s”无法识别（请填“是”或“否”）。") % {"v": _text(cell)})


def parse_skill_grade(cell) -> str:
    value = _plain(cell)
    try:
        return SKILL[value].value
    except KeyError:
        raise Bad(
            _("技能等级“%(v)s”无法识别（可填：初级工、中级工、高级工、技师、高级技师，或留空）。")
            % {"v": value}
        ) from None


def parse_hire_date(cell) -> datetime.date:
    if isinstance(cell, datetime.datetime):
        day = cell.date()
    elif isinstance(cell, datetime.date):
        day = cell
    else:
        day = _date_from_text(_plain(cell))
    if day is None:
        raise Bad(
            _("入职日期“%(v)s”无法识别（例如 2024-03-01、2024/3/1、2024年3月1日）。")
            % {"v": _text(cell)}
        )
    if not datetime.date(1950, 1, 1) <= day <= _latest_hire_date(int(time.time() // 3600)):
        raise Bad(_("入职日期“%(v)s”不在合理范围内。") % {"v": day.isoformat()})
    return day


@lru_cache(maxsize=1)
def _latest_hire_date(_hour: int) -> datetime.date:
    """A year from today; cached by the hour, as localdate() costs more than the parse."""
    return timezone.localdate() + datetime.timedelta(days=366)


def _date_from_text(value: str) -> datetime.date | None:
    parts = None
    if match := DATE_TEXT.match(value):
        parts = match.groups()
    elif re.fullmatch(r"\d{8}", value):  # 20240301
        parts = (value[:4], value[4:6], value[6:])
    elif re.fullmatch(r"\d{5}(\.\d+)?", value):  # an Excel serial day number, e.g. 45352
        return EXCEL_EPOCH + datetime.timedelta(days=int(float(value)))
    if parts is None:
        return None
    try:
        return datetime.date(*(int(p) for p in parts))
    except ValueError:
        return None


PARSERS: dict[str, Callable] = {
    "employee_no": parse_employee_no,
    "name": parse_name,
    "post": parse_post,
    "phone": parse_phone,
    "political_status": parse_political_status,
    "union_member": parse_union_member,
    "skill_grade": parse_skill_grade,
    "hire_date": parse_hire_date,
}


class UnitIndex:
    """Unit names inside the import's scope: "一班", or "综采一队/一班" where "一班" is ambiguous.

    Every tail of a unit's path below the scope is a key: 红岩矿/综采一队/一班,
    综采一队/一班 and 一班 all name the same crew if they name nothing else.
    """

    def __init__(self, scope: Organisation):
        self.scope = scope
        self.keys: dict[str, list[int]] = {}
        self.labels: dict[int, str] = {}
        self._cache: dict[str, int] = {}
        chains: dict[str, list[str]] = {}
        units = (
            Organisation.objects.filter(tree=Tree.UNIT, is_active=True, path__startswith=scope.path)
            .order_by("path")
            .values_list("pk", "name", "path")
        )
        step = Organisation.steplen
        for pk, name, path in units:
            chain = [*chains.get(path[:-step], []), _unit_key(name)]
            chains[path] = chain
            self.labels[pk] = "/".join(chain[1:]) or name
            for start in range(len(chain)):
                self.keys.setdefault("/".join(chain[start:]), []).append(pk)

    def resolve(self, cell) -> int:
        text = _text(cell)
        if text in self._cache:
            return self._cache[text]
        found = self.keys.get(_unit_key(text), [])
        if not found:
            raise Bad(
                _("单位“%(v)s”不在导入范围“%(scope)s”内，或名称有误。")
                % {"v": text, "scope": self.scope.name}
            )
        if len(found) > 1:
            options = "、".join(self.labels[pk] for pk in found[:5])
            raise Bad(
                _("单位“%(v)s”有%(n)d个同名单位（%(options)s），请写明上级，如“%(example)s”。")
                % {
                    "v": text,
                    "n": len(found),
                    "options": options,
                    "example": self.labels[found[0]],
                }
            )
        self._cache[text] = found[0]
        return found[0]


def _unit_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "/".join(p for p in re.split(r"\s*[/\\]\s*", re.sub(r"\s+", "", text)) if p)


def parse_row(cells: list, layout: list[tuple[int, str]], units: UnitIndex):
    """The row's non-blank values by key, and the reasons it cannot be used."""
    values, errors = {}, []
    for index, key in layout:
        cell = cells[index] if index < len(cells) else ""
        if cell is None or cell == "" or (cell.__class__ is str and not cell.strip()):
            if key in REQUIRED:
                errors.append(_("缺少%(col)s。") % {"col": LABELS[key]})
            continue
        try:
            values[key] = units.resolve(cell) if key == "unit" else PARSERS[key](cell)
        except Bad as bad:
            errors.append(str(bad))
    return values, errors


# --- 3. The engine ------------------------------------------------------------------


@dataclass
class Outcome:
    """What a pass over the file found (and, in apply mode, wrote)."""

    error_limit: int | None = MAX_STORED_ERRORS
    rows: int = 0
    create: int = 0
    update: int = 0
    unchanged: int = 0
    error_rows: int = 0
    errors: list[dict] = field(default_factory=list)
    samples: list[dict] = field(default_factory=list)
    sampled: dict[str, int] = field(default_factory=lambda: {"create": 0, "update": 0})
    table: dict = field(default_factory=dict)

    def add_error(self, row: int | None, employee_no: str, reasons: list[str]) -> None:
        self.error_rows += 1
        if self.error_limit is None or len(self.errors) < self.error_limit:
            self.errors.append({"row": row, "employee_no": employee_no, "errors": reasons})

    @classmethod
    def failed(cls, reason: str) -> Outcome:
        outcome = cls()
        outcome.add_error(None, "", [reason])
        return outcome

    def summary(self) -> dict:
        return {
            "create": self.create,
            "update": self.update,
            "unchanged": self.unchanged,
            "error_rows": self.error_rows,
            "errors_truncated": self.error_rows > len(self.errors),
            "samples": self.samples,
            **self.table,
        }


def _unusable_password() -> str:
    # What set_unusable_password() stores ("!" and 40 random characters), without its
    # per-character secrets.choice loop, which costs ten seconds for 100,000 people.
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


def _show(key: str, value, units: UnitIndex, person: Person | None = None) -> str:
    """A value as the preview shows it."""
    if value is None or value == "":
        return ""
    if key == "unit":
        if value in units.labels:
            return units.labels[value]
        return person.unit.name if person is not None and person.unit else str(value)
    if key == "political_status":
        return str(PoliticalStatus(value).label)
    if key == "skill_grade":
        return str(SkillGrade(value).label)
    if key == "union_member":
        return _("是") if value else _("否")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _new_person(values: dict) -> Person:
    person = Person(
        employee_no=values["employee_no"],
        unit_id=values["unit"],
        post=values.get("post", ""),
        phone=values.get("phone", ""),
        political_status=values.get("political_status", PoliticalStatus.MASSES),
        union_member=values.get("union_member", True),
        skill_grade=values.get("skill_grade", ""),
        hire_date=values.get("hire_date"),
        party_org_id=None,  # given, so that __init__ does not look up each default
        union_org_id=None,
        password=_unusable_password(),
        # They receive an initial password from an administrator later, and change it.
        must_change_password=True,
    )
    set_name(person, values["name"])
    return person


def _changes(person: Person, values: dict) -> list[tuple[str, object, object]]:
    """(key, old, new) for each value in the file that differs from what is on file."""
    found = []
    for key, new in values.items():
        old = person.unit_id if key == "unit" else getattr(person, key)
        if key != "employee_no" and old != new:
            found.append((key, old, new))
    return found


def _json(value):
    return str(value) if isinstance(value, datetime.date) else value


# Fields whose values the database driver takes as they are, exactly as Django's
# get_db_prep_save would leave them; the others (JSON, IP addresses, and on SQLite
# dates and times, which Django writes as text in UTC) go through get_db_prep_save.
PLAIN_FIELDS = {
    "postgresql": (
        models.CharField,
        models.TextField,
        models.BooleanField,
        models.IntegerField,
        models.DateField,  # and DateTimeField: aware datetimes go as they are
        models.ForeignKey,
    ),
    "sqlite": (
        models.CharField,
        models.TextField,
        models.BooleanField,
        models.IntegerField,
        models.ForeignKey,
    ),
}


def _insert(model, objs: list) -> None:
    """INSERT new rows: COPY on PostgreSQL, executemany on SQLite, bulk_create elsewhere.

    Measured at 100,000 rows, bulk_create took most of the apply phase: on PostgreSQL
    its INSERT … UNNEST spends its time encoding and parsing array literals of JSON and
    text (the phase missed its 60 s target); on SQLite it compiles a statement for every
    45 rows (999 parameters). Both fast paths write the values the fields prepare.
    """
    if not objs:
        return
    db = connections[DEFAULT_DB_ALIAS]  # not the proxy: it costs a lookup per call
    if db.vendor not in PLAIN_FIELDS:
        model.objects.bulk_create(objs, batch_size=BATCH_SIZE)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    # Values are read as they stand: right for these models, which have no auto_now fields.
    assert not any(
        getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) for f in fields
    )
    values = attrgetter(*(f.attname for f in fields))
    plain = PLAIN_FIELDS[db.vendor]
    prepare = [(i, f) for i, f in enumerate(fields) if not isinstance(f, plain)]

    def rows():
        for obj in objs:
            row = list(values(obj))
            for i, f in prepare:
                row[i] = f.get_db_prep_save(row[i], db)
            yield row

    quote = db.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows():
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 (model names)
            cursor.executemany(sql, list(rows()))  # a list: the debug cursor takes its len()
    if model is Person:  # neither returns the new ids; the audit rows need them
        ids = dict(
            Person.objects.filter(employee_no__in=[p.employee_no for p in objs]).values_list(
                "employee_no", "pk"
            )
        )
        for person in objs:
            person.pk = ids[person.employee_no]
            person._state.adding = False


def _write(creates: list[Person], updates: list[tuple[Person, list]], actor, note: str) -> None:
    """One chunk's new and changed people, and one audit row for each."""
    _insert(Person, creates)
    label = str(actor)[:80]
    events = [
        audit.build(
            action="people.person.created",
            actor=actor,
            actor_label=label,
            obj=person,
            after=audit.snapshot(person, PERSON_AUDIT_FIELDS),
            note=note,
        )
        for person in creates
    ]
    if updates:
        fields = set()
        for person, changes in updates:
            for key, _old, new in changes:
                if key == "name":
                    set_name(person, new)
                    fields.update(("name", "name_pinyin", "name_initials"))
                else:
                    setattr(person, "unit_id" if key == "unit" else key, new)
                    fields.add(key)
            events.append(
                audit.build(
                    action="people.person.updated",
                    actor=actor,
                    actor_label=label,
                    obj=person,
                    before={key: _json(old) for key, old, _new in changes},
                    after={key: _json(new) for key, _old, new in changes},
                    note=note,
                )
            )
        Person.objects.bulk_update(
            [person for person, _changes in updates], sorted(fields), batch_size=BATCH_SIZE
        )
    _insert(AuditEvent, events)


def run(
    table: Table,
    *,
    scope_unit: Organisation,
    actor: Person,
    write: bool = False,
    on_progress: Callable[[int], None] | None = None,
    error_limit: int | None = MAX_STORED_ERRORS,
    note: str = "",
) -> Outcome:
    """Check every row; with write=True also write each chunk (the caller holds the transaction).

    Once a row is bad nothing more is written, but checking goes on so that every bad
    row is reported; the caller then rolls back what was written.
    """
    outcome = Outcome(error_limit=error_limit)
    outcome.table = {
        "sheet": table.sheet,
        "header_row": table.header_row,
        "columns": table.used,
        "ignored": table.ignored,
    }
    units = UnitIndex(scope_unit)
    reach = reach_of(actor, {Role.ADMIN})
    first_row: dict[str, int] = {}  # 工号 -> the row it first appears on
    no_index = dict((key, index) for index, key in table.layout)["employee_no"]
    rows = table.rows()
    while chunk := list(islice(rows, CHUNK_ROWS)):
        good = []
        for number, cells in chunk:
            outcome.rows += 1
            values, errors = parse_row(cells, table.layout, units)
            employee_no = values.get("employee_no", "")
            if employee_no:
                if employee_no in first_row:
                    errors.append(_("工号与第%(row)d行重复。") % {"row": first_row[employee_no]})
                else:
                    first_row[employee_no] = number
            if errors:
                raw = employee_no or (_text(cells[no_index]) if no_index < len(cells) else "")
                outcome.add_error(number, raw[:20], errors)
            else:
                good.append((number, values))
        existing = Person.objects.filter(employee_no__in=[v["employee_no"] for _, v in good])
        if write:
            existing = existing.select_for_update(of=("self",))
        on_file = {p.employee_no: p for p in existing.select_related("unit")}
        creates, updates = [], []
        for number, values in good:
            person = on_file.get(values["employee_no"])
            if person is None:
                if write:
                    creates.append(_new_person(values))
                outcome.create += 1
                changes = [(key, None, value) for key, value in values.items()]
                _sample(outcome, "create", number, values, changes, units)
            elif not (reach.everything or reach.covers(person.unit)):
                outcome.add_error(
                    number, values["employee_no"], [_("工号已存在于您管辖范围之外的单位。")]
                )
            elif changes := _changes(person, values):
                updates.append((person, changes))
                outcome.update += 1
                _sample(outcome, "update", number, values, changes, units, person)
            else:
                outcome.unchanged += 1
        if write and not outcome.error_rows:
            _write(creates, updates, actor, note)
        if on_progress is not None:
            on_progress(outcome.rows)
    return outcome


def _sample(outcome, action, number, values, changes, units, person=None) -> None:
    if outcome.sampled[action] >= SAMPLE_SIZE:
        return
    outcome.sampled[action] += 1
    outcome.samples.append(
        {
            "action": action,
            "row": number,
            "employee_no": values["employee_no"],
            "name": values["name"],
            "changes": [
                {
                    "key": key,
                    "field": str(LABELS[key]),
                    "old": _show(key, old, units, person),
                    "new": _show(key, new, units),
                }
                for key, old, new in changes
                if key != "employee_no"
            ],
        }
    )


def inspect_file(path, *, scope_unit: Organisation, actor: Person) -> Outcome:
    """Check a file without recording anything (manage.py import_roster --dry-run)."""
    try:
        with open(path, "rb") as fh:
            kind = sniff(fh, os.fspath(path))
        with open_table(path, kind) as table:
            return run(table, scope_unit=scope_unit, actor=actor, error_limit=None)
    except RosterFileError as exc:
        return Outcome.failed(exc.messages[0])


# --- 4. Services --------------------------------------------------------------------


def _require_admin_of(actor: Person, unit: Organisation) -> None:
    if not reach_of(actor, {Role.ADMIN}).covers(unit):
        raise ValidationError(
            _("您不是“%(unit)s”的系统管理员，不能导入该单位的花名册。") % {"unit": unit.name}
        )


@contextmanager
def _source(roster_import: RosterImport):
    """The stored file as a path where storage has one, otherwise its bytes."""
    try:
        path = roster_import.file.path
    except NotImplementedError:  # storage without local files
        with roster_import.file.open("rb") as fh:
            data = io.BytesIO(fh.read())
        yield data
    else:
        yield path


def _kind(roster_import: RosterImport) -> str:
    return EXTENSIONS[os.path.splitext(roster_import.file.name)[1].lower()]


@transaction.atomic
def roster_upload(
    *, actor: Person, scope_unit: Organisation, file: File, name: str
) -> RosterImport:
    """Keep an uploaded roster (a Django File) for checking; type, encoding, header checked here."""
    _require_admin_of(actor, scope_unit)
    if scope_unit.tree != Tree.UNIT:
        raise ValidationError(_("导入范围必须是行政单位。"))
    if file.size is not None and file.size > settings.ROSTER_MAX_UPLOAD_MB * 1024 * 1024:
        raise RosterFileError(
            _("文件超过%(mb)d MB的上限，请拆分后再上传。") % {"mb": settings.ROSTER_MAX_UPLOAD_MB}
        )
    kind = sniff(file, name)
    with open_table(file, kind) as table:
        estimate = table.estimate
    roster_import = RosterImport(
        uploaded_by=actor,
        scope_unit=scope_unit,
        original_name=os.path.basename(name)[:200],
        total_rows=estimate,
    )
    file.seek(0)
    # A random stored name: the original (often Chinese, with spaces) is kept for display.
    roster_import.file.save(f"{uuid.uuid4().hex}.{kind}", file, save=False)
    roster_import.save()
    audit.record(
        action="people.roster.uploaded",
        actor=actor,
        obj=roster_import,
        after={"file": roster_import.original_name, "scope_unit": scope_unit.pk, "rows": estimate},
    )
    return roster_import


def roster_start_check(*, roster_import: RosterImport, background: bool | None = None) -> None:
    """Check now, or in the task worker when the file is large (ROSTER_BACKGROUND_ROWS)."""
    if background is None:
        background = roster_import.total_rows > settings.ROSTER_BACKGROUND_ROWS
    if background:
        from .tasks import check_roster_import

        transaction.on_commit(lambda: check_roster_import(roster_import.pk))
    else:
        roster_check(roster_import=roster_import)


def roster_check(*, roster_import: RosterImport) -> RosterImport:
    """PENDING → CHECKING → READY (every row good) or INVALID; the preview's figures."""
    pk = roster_import.pk
    claimed = RosterImport.objects.filter(pk=pk, status=ImportStatus.PENDING).update(
        status=ImportStatus.CHECKING, processed_rows=0
    )
    if not claimed:
        roster_import.refresh_from_db()
        return roster_import

    def saved(rows: int) -> None:
        # Outside any transaction, so the page polling this import sees it move.
        RosterImport.objects.filter(pk=pk, status=ImportStatus.CHECKING).update(processed_rows=rows)

    status = ImportStatus.READY
    try:
        with _source(roster_import) as source, open_table(source, _kind(roster_import)) as table:
            outcome = run(
                table,
                scope_unit=roster_import.scope_unit,
                actor=roster_import.uploaded_by,
                on_progress=saved,
            )
        if outcome.error_rows:
            status = ImportStatus.INVALID
        elif not outcome.rows:
            status, outcome = ImportStatus.INVALID, Outcome.failed(_("文件中没有数据行。"))
    except RosterFileError as exc:
        status, outcome = ImportStatus.INVALID, Outcome.failed(exc.messages[0])
    except Exception:
        logger.exception("roster import %s: check failed", pk)
        status = ImportStatus.FAILED
        outcome = Outcome.failed(_("检查时发生意外错误，没有导入任何数据。请联系系统维护人员。"))
    RosterImport.objects.filter(pk=pk, status=ImportStatus.CHECKING).update(
        status=status,
        errors=outcome.errors,
        summary=outcome.summary(),
        total_rows=outcome.rows,
        processed_rows=outcome.rows,
        finished_at=None if status == ImportStatus.READY else timezone.now(),
    )
    roster_import.refresh_from_db()
    return roster_import


def roster_confirm(
    *, actor: Person, roster_import: RosterImport, background: bool | None = None
) -> RosterImport:
    """READY → APPLYING, then apply now or in the task worker when the file is large."""
    _require_admin_of(actor, roster_import.scope_unit)
    with transaction.atomic():
        claimed = RosterImport.objects.filter(
            pk=roster_import.pk, status=ImportStatus.READY
        ).update(status=ImportStatus.APPLYING, processed_rows=0)
        if not claimed:
            raise ValidationError(_("这份花名册不在待确认状态，不能导入。"))
        audit.record(action="people.roster.confirmed", actor=actor, obj=roster_import)
        roster_import.refresh_from_db()
        if background is None:
            background = roster_import.total_rows > settings.ROSTER_BACKGROUND_ROWS
        if background:
            from .tasks import apply_roster_import

            pk, actor_pk = roster_import.pk, actor.pk
            transaction.on_commit(lambda: apply_roster_import(pk, actor_pk))
            return roster_import
    return roster_apply(roster_import=roster_import, actor=actor)


class _RollBack(Exception):
    def __init__(self, outcome: Outcome):
        self.outcome = outcome


def roster_apply(
    *,
    roster_import: RosterImport,
    actor: Person,
    on_progress: Callable[[int], None] | None = None,
) -> RosterImport:
    """APPLYING → APPLIED, all rows in one transaction; or INVALID/FAILED with nothing written."""
    pk = roster_import.pk
    if roster_import.status != ImportStatus.APPLYING:
        raise ValidationError(_("这份花名册不在导入状态。"))
    note = _("花名册导入 #%(pk)d：%(file)s") % {"pk": pk, "file": roster_import.original_name}
    try:
        with transaction.atomic():
            _require_admin_of(actor, roster_import.scope_unit)
            with _source(roster_import) as source, open_table(source, _kind(roster_import)) as t:
                outcome = run(
                    t,
                    scope_unit=roster_import.scope_unit,
                    actor=actor,
                    write=True,
                    on_progress=on_progress,
                    note=note,
                )
            if outcome.error_rows:
                raise _RollBack(outcome)
            RosterImport.objects.filter(pk=pk, status=ImportStatus.APPLYING).update(
                status=ImportStatus.APPLIED,
                summary=outcome.summary(),
                errors=[],
                total_rows=outcome.rows,
                processed_rows=outcome.rows,
                finished_at=timezone.now(),
            )
            audit.record(
                action="people.roster.applied",
                actor=actor,
                obj=roster_import,
                after={k: getattr(outcome, k) for k in ("rows", "create", "update", "unchanged")},
            )
    except _RollBack as rollback:
        # The roster changed meaning since the preview (someone else's change): report.
        _finish(pk, ImportStatus.INVALID, rollback.outcome)
    except (RosterFileError, ValidationError) as exc:
        _finish(pk, ImportStatus.INVALID, Outcome.failed(exc.messages[0]))
    except Exception:
        logger.exception("roster import %s: apply failed", pk)
        _finish(
            pk,
            ImportStatus.FAILED,
            Outcome.failed(
                _("导入时发生意外错误，没有写入任何数据。请稍后重新上传，或联系系统维护人员。")
            ),
        )
    roster_import.refresh_from_db()
    return roster_import


def _finish(pk: int, status: str, outcome: Outcome) -> None:
    RosterImport.objects.filter(pk=pk, status=ImportStatus.APPLYING).update(
        status=status,
        errors=outcome.errors,
        summary=outcome.summary(),
        finished_at=timezone.now(),
    )


@transaction.atomic
def roster_cancel(*, actor: Person, roster_import: RosterImport) -> RosterImport:
    """A checked roster the administrator decides not to apply."""
    _require_admin_of(actor, roster_import.scope_unit)
    cancelled = RosterImport.objects.filter(pk=roster_import.pk, status=ImportStatus.READY).update(
        status=ImportStatus.CANCELLED, finished_at=timezone.now()
    )
    if not cancelled:
        raise ValidationError(_("只有待确认的花名册可以取消。"))
    audit.record(action="people.roster.cancelled", actor=actor, obj=roster_import)
    roster_import.refresh_from_db()
    return roster_import


# --- 5. Reads for the pages ---------------------------------------------------------


def imports_visible_to(viewer: Person) -> QuerySet[RosterImport]:
    """Imports into units the viewer administers."""
    reach = reach_of(viewer, {Role.ADMIN})
    return RosterImport.objects.filter(reach.q("scope_unit__path"))


def import_for_admin(viewer: Person, pk: int) -> RosterImport:
    return get_object_or_404(
        imports_visible_to(viewer).select_related("uploaded_by", "scope_unit"), pk=pk
    )


def scope_choices(viewer: Person) -> QuerySet[Organisation]:
    """Units the viewer may import into; crews are too small to be a roster's scope."""
    reach = reach_of(viewer, {Role.ADMIN})
    return (
        Organisation.objects.filter(reach.q("path"), tree=Tree.UNIT, is_active=True)
        .exclude(kind=OrgKind.CREW)
        .order_by("path")
    )


def progress_of(roster_import: RosterImport) -> tuple[int, int, int]:
    """(rows done, rows in all, percent) for the progress bar."""
    done = roster_import.processed_rows
    if roster_import.status == ImportStatus.APPLYING:
        # Applying runs in one transaction, invisible to the page until it commits; the
        # worker publishes its count through the task queue's store instead.
        from .tasks import applied_rows

        done = applied_rows(roster_import.pk)
    total = max(roster_import.total_rows, 1)
    return done, roster_import.total_rows, min(100, done * 100 // total)
