"""The meeting types a mine starts with, after the branch work regulations (《中国共产党
支部工作条例（试行）》): the branch general meeting and the Party lecture once a
quarter, the branch committee, the Party group and the themed Party day once a month.
The mine's Party committee may change labels and cadence; the codes stay."""

from __future__ import annotations

import calendar
from datetime import date

from django.utils.translation import gettext_lazy as _

ASSEMBLY = "assembly"
COMMITTEE = "committee"
GROUP = "group"
LECTURE = "lecture"
THEME_DAY = "theme_day"

# code: (label, cadence in months)
DEFAULT_TYPES = {
    ASSEMBLY: (_("支部党员大会"), 3),
    COMMITTEE: (_("支部委员会"), 1),
    GROUP: (_("党小组会"), 1),
    LECTURE: (_("党课"), 3),
    THEME_DAY: (_("主题党日"), 1),
}

CADENCES = (1, 2, 3, 4, 6, 12)  # months that divide the year


def ensure_types(model, mine) -> None:
    """Create the mine's meeting types that are missing (a new mine, a test database)."""
    existing = set(model.objects.filter(mine=mine).values_list("code", flat=True))
    model.objects.bulk_create(
        [
            model(
                mine=mine,
                org_path=mine.path,
                code=code,
                label=str(label),
                cadence_months=months,
                order=i,
            )
            for i, (code, (label, months)) in enumerate(DEFAULT_TYPES.items())
            if code not in existing
        ],
        ignore_conflicts=True,
    )


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def periods(year: int, months: int) -> list[tuple[date, date]]:
    """The required periods of a year for a cadence of `months` (both days inclusive)."""
    months = months if months in CADENCES else 1
    return [(date(year, m, 1), _month_end(year, m + months - 1)) for m in range(1, 13, months)]


def period_of(day: date, months: int) -> tuple[date, date]:
    for start, end in periods(day.year, months):
        if start <= day <= end:
            return start, end
    raise ValueError(day)
