"""The ledger (诉求台账) as an Excel file, exactly as the inbox is filtered.

Written row by row with XlsxWriter's constant-memory mode from a server-side
iterator, so a year of a large mine does not sit in memory.
"""

from __future__ import annotations

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import exports

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


def ledger_rows(cases):
    today = timezone.localdate()
    cases = cases.select_related("submitter", "entered_by")[:MAX_ROWS]
    for case in cases.iterator(chunk_size=2000):
        overdue = bool(case.deadline) and case.state in CLOCK_STATES and today > case.deadline
        yield [
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
            _when(case.replied_at),
            case.reply,
            case.rating or "",
            case.rating_comment,
        ]


def ledger_response(cases) -> FileResponse:
    return exports.ledger_response(
        sheet_name=_("诉求台账"),
        headers=HEADERS,
        rows=ledger_rows(cases),
        widths=[(2, 3, 40), (13, 14, 18)],
        filename=f"诉求台账-{timezone.localdate():%Y%m%d}.xlsx",
    )
