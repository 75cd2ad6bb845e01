"""Values an attacker types into any text field that ends up in a spreadsheet, and the
check that an exported file holds them as text, never as a formula."""

import io

from openpyxl import load_workbook

HOSTILE = [
    '=HYPERLINK("http://evil.example/","点我")',
    "+1+1",
    "-1+1",
    "@SUM(1,1)",
    "{=1+1}",
    "\t=1+1",
    "=cmd|' /C calc'!A0",
]


def hostile(n: int) -> str:
    """The n-th hostile value, cycling, so each column of a row gets a different one."""
    return HOSTILE[n % len(HOSTILE)]


def cells_of(response) -> list:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    book = load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_no_formulas(response, expected: list[str]) -> None:
    """No cell is a formula, and each hostile value is there as the text it was (a unit
    may be labelled with its district in front)."""
    cells = cells_of(response)
    formulas = [c.coordinate for c in cells if c.data_type == "f"]
    assert not formulas, formulas
    texts = {c.value for c in cells if isinstance(c.value, str)}
    for value in expected:
        assert any(text.endswith(value) for text in texts), value
