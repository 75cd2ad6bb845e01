"""Days and months as the grid counts them: which links are current on a day, and the
month arithmetic of tasks, reports and figures (a month is its first day)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone


def current_q(on: date | None = None, prefix: str = "") -> Q:
    """Links current on `on` (today by default): ``starts_on <= on`` and ``ends_on``
    null or later. `prefix` reaches them across a relation (e.g. "grid_links_held__")."""
    on = on or timezone.localdate()
    return Q(**{f"{prefix}starts_on__lte": on}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gt": on})
    )


def first_of(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    month = first_of(month)
    return (month + timedelta(days=32)).replace(day=1)


def previous_month(month: date) -> date:
    return (first_of(month) - timedelta(days=1)).replace(day=1)


def month_end(month: date) -> date:
    """The last day of the month `month` (any day of it) lies in."""
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def parse_month(value: str | None) -> date | None:
    """ "2026-03" → 2026-03-01; anything else → None."""
    value = (value or "").strip()
    if len(value) != 7 or value[4] != "-" or not (value[:4].isdigit() and value[5:].isdigit()):
        return None
    try:
        return date(int(value[:4]), int(value[5:]), 1)
    except ValueError:
        return None
