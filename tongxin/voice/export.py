"""The ledger (诉求台账) as an Excel file, exactly as the inbox is filtered.

Written row by row with XlsxWriter's constant-memory mode from a server-side
iterator, so a year of a large mine does not sit in memory.
"""

from __future__ import annotations

import tempfile

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from xlsxwriter import Workbook

from .models import CLOCK_STATES

MAX_ROWS = 200_000

HEADERS = [
    _("编号"),
    _("渠道"),
    _("标题"),
    _("内容"),
    _("分类"),
    _("重大事项"),
    _("所属单位"),
    _("提出人"),
    _("状态"),
    _("承办部门"),
    _("承办人"),
    _("办理期限"),
    _("是否超期"),
    _("提交时间"),
    _("答复时间"),
    _("答复"),
    _("评价"),
    _("评价意见"),
]


def _submitter(case) -> str:
    if case.is_anonymous:
        return str(_("匿名"))
    if case.submitter_id:
        return case.submitter.name
    if case.entered_by_id:
        return _("%(name)s（代录）") % {"name": case.entered_by.name}
    return ""


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def ledger_response(cases) -> FileResponse:
    today = timezone.localdate()
    cases = cases.select_related("submitter", "entered_by")[:MAX_ROWS]
    handle = tempfile.TemporaryFile()
    book = Workbook(handle, {"constant_memory": True, "in_memory": False})
    sheet = book.add_worksheet(_("诉求台账"))
    bold = book.add_format({"bold": True, "bg_color": "#F2DCDB"})
    sheet.write_row(0, 0, HEADERS, bold)
    sheet.set_column(2, 3, 40)
    sheet.set_column(13, 14, 18)
    for row, case in enumerate(cases.iterator(chunk_size=2000), start=1):
        overdue = bool(case.deadline) and case.state in CLOCK_STATES and today > case.deadline
        sheet.write_row(
            row,
            0,
            [
                case.code,
                case.get_channel_display(),
                case.title,
                case.body,
                case.category.name if case.category_id else "",
                _("是") if case.is_major else "",
                case.organisation.name,
                _submitter(case),
                case.get_state_display(),
                case.department.name if case.department_id else "",
                case.handler.name if case.handler_id else "",
                str(case.deadline or ""),
                _("超期") if overdue else "",
                _when(case.created_at),
                timezone.localtime(case.replied_at).strftime("%Y-%m-%d %H:%M")
                if case.replied_at
                else "",
                case.reply,
                case.rating or "",
                case.rating_comment,
            ],
        )
    book.close()
    handle.seek(0)
    name = f"诉求台账-{today:%Y%m%d}.xlsx"
    return FileResponse(handle, as_attachment=True, filename=name)
