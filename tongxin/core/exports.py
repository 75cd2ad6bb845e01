"""The one writer for every spreadsheet the platform hands out (xlsx and CSV).

Cells hold text people typed or imported (case titles, names from a roster), and a
spreadsheet program evaluates text that looks like a formula: `=HYPERLINK(...)` in a
case title becomes a live link in the union chair's ledger. So nothing here lets
XlsxWriter guess a cell's type from its text: strings are written with
`write_string`, numbers with `write_number`, and the workbook is opened with
formulas, URLs and numbers-from-strings all switched off (its `write_row` would
otherwise still turn "{=...}" into an array formula). CSV has no types at all, so a
cell that begins with a character Excel reads as the start of a formula is prefixed
with an apostrophe, the OWASP advice.

Every export and template goes through `workbook`/`write_row` or `csv_writer`; a test
(tests/core/test_exports.py) fails if a module opens a Workbook or csv.writer itself.
"""

from __future__ import annotations

import csv
import decimal
import tempfile
from collections.abc import Iterable
from typing import Any

from django.http import FileResponse
from xlsxwriter import Workbook

# What Excel, LibreOffice and Google Sheets treat as the start of a formula in CSV,
# with tab and carriage return, which some of them skip before looking.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")

WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def workbook(handle, *, constant_memory: bool = True) -> Workbook:
    """A workbook that never turns text into a formula, a link or a number.

    `constant_memory` writes rows to disk as they come (the ledgers, which may hold a
    year of a large mine); small templates pass False to write columns out of order.
    """
    options = {**WORKBOOK_OPTIONS, "constant_memory": constant_memory}
    options["in_memory"] = not constant_memory
    return Workbook(handle, options)


def temporary_workbook() -> tuple[Any, Workbook]:
    """A constant-memory workbook on an anonymous temporary file, for a download."""
    handle = tempfile.TemporaryFile()
    return handle, workbook(handle)


def write_cell(sheet, row: int, col: int, value, fmt=None) -> None:
    """Numbers as numbers, everything else as a plain string, never guessed."""
    if value is None or value == "":
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        sheet.write_string(row, col, str(value), fmt)
    elif isinstance(value, (int, float, decimal.Decimal)):
        sheet.write_number(row, col, float(value), fmt)
    else:
        sheet.write_string(row, col, str(value), fmt)


def write_row(sheet, row: int, col: int, values: Iterable, fmt=None) -> None:
    for offset, value in enumerate(values):
        write_cell(sheet, row, col + offset, value, fmt)


def file_response(handle, name: str) -> FileResponse:
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=name)


def ledger_response(
    *,
    sheet_name: str,
    headers: list,
    rows: Iterable[list],
    widths: Iterable[tuple[int, int, int]] = (),
    filename: str,
) -> FileResponse:
    """A one-sheet ledger: a bold header row, then `rows` streamed to a temporary file.

    `widths` is (first column, last column, width) per band of columns.
    """
    handle, book = temporary_workbook()
    sheet = book.add_worksheet(sheet_name)
    bold = book.add_format({"bold": True, "bg_color": "#F2DCDB"})
    for first, last, width in widths:
        sheet.set_column(first, last, width)
    write_row(sheet, 0, 0, headers, bold)
    for row, values in enumerate(rows, start=1):
        write_row(sheet, row, 0, values)
    book.close()
    return file_response(handle, filename)


def csv_cell(value) -> str:
    """A CSV cell that a spreadsheet shows as the text it is, never evaluates."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_writer(out):
    """csv.writer whose rows have every cell passed through `csv_cell`."""
    return _SafeCsvWriter(csv.writer(out))


class _SafeCsvWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row: Iterable) -> None:
        self._writer.writerow([csv_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)
