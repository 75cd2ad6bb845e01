"""The service ledger (服务台账) and the assistance ledger (帮扶台账) as Excel files,
exactly as the desk page is filtered.

Written row by row with XlsxWriter's constant-memory mode from a server-side iterator,
like the hazard ledger; crews are named with their district, read once per chunk.
"""

from __future__ import annotations

from itertools import islice

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import exports
from tongxin.people.selectors import unit_labels

from .models import AssistanceKind, AssistanceSource, ItemSource, ItemState, NeedCategory

MAX_ROWS = 500_000
CHUNK = 2000

LEDGER_HEADERS = [
    _("序号"),
    _("登记日期"),
    _("单位"),
    _("服务对象"),
    _("工号"),
    _("类别"),
    _("来源"),
    _("服务事项"),
    _("具体内容"),
    _("责任人"),
    _("完成期限"),
    _("状态"),
    _("完成日期"),
    _("是否按期"),
    _("服务结果"),
]

AID_HEADERS = [
    _("序号"),
    _("发放日期"),
    _("单位"),
    _("职工"),
    _("工号"),
    _("帮扶类型"),
    _("资金来源"),
    _("金额（元）"),
    _("困难职工建档"),
    _("说明"),
]


def _chunks(iterator, size):
    while chunk := list(islice(iterator, size)):
        yield chunk


def _day(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d") if moment else ""


def on_time(item, today) -> str:
    if item.state == ItemState.DONE and item.done_on:
        return _("是") if item.done_on <= item.deadline else _("否")
    if item.state == ItemState.OPEN and today > item.deadline:
        return _("超期")
    return ""


def ledger_rows(items):
    today = timezone.localdate()
    category = {v: str(label) for v, label in NeedCategory.choices}
    source = {v: str(label) for v, label in ItemSource.choices}
    state = {v: str(label) for v, label in ItemState.choices}
    items = items.select_related("person", "organisation", "owner")[:MAX_ROWS]
    n = 0
    for chunk in _chunks(items.iterator(chunk_size=CHUNK), CHUNK):
        labels = unit_labels({i.organisation for i in chunk})
        for i in chunk:
            n += 1
            yield [
                n,
                _day(i.created_at),
                labels.get(i.organisation_id, ""),
                i.person.name if i.person_id else "",
                i.person.employee_no if i.person_id else "",
                category.get(i.category, i.category),
                source.get(i.source, i.source),
                i.title,
                i.description,
                i.owner.name,
                str(i.deadline),
                state.get(i.state, i.state),
                str(i.done_on or ""),
                on_time(i, today),
                i.result,
            ]


def ledger_response(items) -> FileResponse:
    return exports.ledger_response(
        sheet_name=_("服务台账"),
        headers=LEDGER_HEADERS,
        rows=ledger_rows(items),
        widths=[(2, 3, 16), (7, 8, 36), (14, 14, 40)],
        filename=f"服务台账-{timezone.localdate():%Y%m%d}.xlsx",
    )


def assistance_rows(records):
    kind = {v: str(label) for v, label in AssistanceKind.choices}
    source = {v: str(label) for v, label in AssistanceSource.choices}
    records = records.select_related("person", "organisation")[:MAX_ROWS]
    n = 0
    for chunk in _chunks(records.iterator(chunk_size=CHUNK), CHUNK):
        labels = unit_labels({a.organisation for a in chunk})
        for a in chunk:
            n += 1
            yield [
                n,
                str(a.given_on),
                labels.get(a.organisation_id, ""),
                a.person.name,
                a.person.employee_no,
                kind.get(a.kind, a.kind),
                source.get(a.source, a.source),
                a.amount,
                _("是") if a.file_id else "",
                a.note,
            ]


def assistance_response(records, totals: dict) -> FileResponse:
    """The year's records, their total at the foot, and a second sheet of the totals per
    unit, by kind and by source."""
    handle, book = exports.temporary_workbook()
    bold = book.add_format({"bold": True, "bg_color": "#F2DCDB"})
    money = book.add_format({"num_format": "#,##0.00"})
    money_bold = book.add_format({"num_format": "#,##0.00", "bold": True})
    sheet = book.add_worksheet(_("帮扶台账"))
    sheet.set_column(2, 3, 16)
    sheet.set_column(9, 9, 30)
    exports.write_row(sheet, 0, 0, AID_HEADERS, bold)
    row = 0
    for row, values in enumerate(assistance_rows(records), start=1):
        exports.write_row(sheet, row, 0, values[:7])
        sheet.write_number(row, 7, float(values[7]), money)
        exports.write_row(sheet, row, 8, values[8:])
    exports.write_cell(sheet, row + 1, 0, _("合计"), bold)
    sheet.write_number(row + 1, 7, float(totals["total"]), money_bold)

    summary = book.add_worksheet(_("汇总"))
    summary.set_column(0, 0, 20)
    kinds = [str(label) for _code, label in AssistanceKind.choices]
    exports.write_row(
        summary, 0, 0, [_("单位"), _("笔数"), _("人数"), _("合计（元）"), *kinds], bold
    )
    r = 0
    for r, unit in enumerate(totals["units"], start=1):
        exports.write_row(summary, r, 0, [unit["name"], unit["n"], unit["people"]])
        summary.write_number(r, 3, float(unit["total"]), money)
        for c, value in enumerate(unit["kinds"], start=4):
            summary.write_number(r, c, float(value), money)
    r += 1
    exports.write_row(summary, r, 0, [_("合计"), totals["n"], ""], bold)
    summary.write_number(r, 3, float(totals["total"]), money_bold)
    for c, kind in enumerate(totals["kinds"], start=4):
        summary.write_number(r, c, float(kind["total"]), money_bold)
    r += 2
    exports.write_row(summary, r, 0, [_("资金来源"), _("笔数"), "", _("合计（元）")], bold)
    for source in totals["sources"]:
        r += 1
        exports.write_row(summary, r, 0, [str(source["label"]), source["n"], ""])
        summary.write_number(r, 3, float(source["total"]), money)
    book.close()
    unit = totals["unit"].name
    return exports.file_response(handle, f"帮扶台账-{unit}-{totals['year']}.xlsx")
