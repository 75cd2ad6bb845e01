"""The one spreadsheet writer: text that looks like a formula stays text, in xlsx and
in CSV, and no module writes a spreadsheet any other way."""

import io
import pathlib
import re

from openpyxl import load_workbook

from tests.hostile import HOSTILE
from tongxin.core import exports


def test_the_workbook_writes_hostile_text_as_text():
    buffer = io.BytesIO()
    book = exports.workbook(buffer, constant_memory=False)
    sheet = book.add_worksheet("x")
    exports.write_row(sheet, 0, 0, [*HOSTILE, "http://evil.example/", "00123", 7, None])
    book.close()
    cells = list(load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows())[0]
    assert [c.data_type for c in cells[: len(HOSTILE)]] == ["s"] * len(HOSTILE)
    assert [c.value for c in cells[: len(HOSTILE)]] == HOSTILE
    link, number_text, number = cells[len(HOSTILE) : len(HOSTILE) + 3]
    assert link.hyperlink is None and number_text.value == "00123" and number.value == 7


def test_csv_cells_that_start_a_formula_are_escaped():
    out = io.StringIO()
    exports.csv_writer(out).writerow([*HOSTILE, "\r=1", "正常", "100001"])
    cells = out.getvalue().splitlines()[0]
    for value in HOSTILE:
        if value[0] != "{":  # an array formula only exists inside xlsx
            assert exports.csv_cell(value) == "'" + value
    assert exports.csv_cell("正常") == "正常" and exports.csv_cell("100001") == "100001"
    assert exports.csv_cell("\r=1") == "'\r=1"
    assert ",=" not in cells and not cells.startswith("=")


def test_no_module_writes_a_spreadsheet_but_the_one_writer():
    """Present and future exports: xlsxwriter, openpyxl and csv.writer are used only in
    tongxin/core/exports.py."""
    root = pathlib.Path(__file__).resolve().parents[2] / "tongxin"
    pattern = re.compile(
        r"^\s*(import|from) (xlsxwriter|openpyxl)|csv\.(writer|DictWriter)\(", re.MULTILINE
    )
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "exports.py" and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
