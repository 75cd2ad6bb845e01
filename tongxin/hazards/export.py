"""The hazard ledger (隐患排查治理台账) as an Excel file, exactly as the board is filtered.

Written row by row with XlsxWriter's constant-memory mode from a server-side iterator,
so a year of a large mine does not sit in memory. Crews are named with their district,
read once per chunk of rows.
"""

from __future__ import annotations

from itertools import islice

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import exports
from tongxin.people.selectors import unit_labels

from .models import CLOCK_STATES, Severity, Source, State

MAX_ROWS = 500_000
CHUNK = 2000

HEADERS = [
    _("隐患编号"),
    _("发现日期"),
    _("责任单位"),
    _("作业地点"),
    _("具体位置"),
    _("类别"),
    _("等级"),
    _("隐患描述"),
    _("整改措施"),
    _("整改责任人"),
    _("整改期限"),
    _("状态"),
    _("整改完成日期"),
    _("是否按期"),
    _("复查人"),
    _("销号日期"),
    _("来源"),
    _("挂牌督办"),
]


def _day(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d") if moment else ""


def on_time(hazard, today) -> str:
    """是 / 否 once rectified; 超期 while still being rectified past the deadline."""
    if hazard.rectified_at and hazard.deadline:
        return _("是") if timezone.localdate(hazard.rectified_at) <= hazard.deadline else _("否")
    if hazard.deadline and hazard.state in CLOCK_STATES and today > hazard.deadline:
        return _("超期")
    return ""


def _chunks(iterator, size):
    while chunk := list(islice(iterator, size)):
        yield chunk


def ledger_rows(hazards):
    """Each hazard as the ledger's row of plain values, in the order of HEADERS."""
    today = timezone.localdate()
    # Labels translated once, not once per row (lazy labels cost half the export time).
    severity = {v: str(label) for v, label in Severity.choices}
    state = {v: str(label) for v, label in State.choices}
    source = {v: str(label) for v, label in Source.choices}
    hazards = hazards.select_related(
        "unit", "category", "responsible", "workplace", "rechecked_by"
    )[:MAX_ROWS]
    for chunk in _chunks(hazards.iterator(chunk_size=CHUNK), CHUNK):
        labels = unit_labels({h.unit for h in chunk})
        for h in chunk:
            yield [
                h.code,
                _day(h.created_at),
                labels.get(h.unit_id, h.unit.name),
                h.workplace.name if h.workplace_id else "",
                h.location,
                h.category.name,
                severity.get(h.severity, h.severity),
                h.description,
                h.measures,
                h.responsible.name if h.responsible_id else "",
                str(h.deadline or ""),
                state.get(h.state, h.state),
                _day(h.rectified_at),
                on_time(h, today),
                h.rechecked_by.name if h.rechecked_by_id else "",
                _day(h.closed_at) if h.state == State.CLOSED else "",
                source.get(h.source, h.source),
                _("是") if h.supervised else "",
            ]


def ledger_response(hazards) -> FileResponse:
    return exports.ledger_response(
        sheet_name=_("隐患排查治理台账"),
        headers=HEADERS,
        rows=ledger_rows(hazards),
        widths=[(0, 0, 16), (2, 4, 18), (7, 8, 40)],
        filename=f"隐患排查治理台账-{timezone.localdate():%Y%m%d}.xlsx",
    )
