"""Reading a roster file: its type by extension and content, CSV encodings, the header row."""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice

import python_calamine
from charset_normalizer import from_bytes
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .cells import _text
from .columns import HEADER_KEYS, LABELS, REQUIRED

HEADER_SCAN_ROWS = 10  # HR exports often put a title or a date above the header


class RosterFileError(ValidationError):
    """The file as a whole cannot be read as a roster (type, encoding, header)."""


EXTENSIONS = {".xlsx": "xlsx", ".xls": "xls", ".ods": "ods", ".csv": "csv"}
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and encrypted .xlsx
ZIP_MAGIC = b"PK\x03\x04"  # .xlsx and .ods


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
