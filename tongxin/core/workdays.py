"""The working-day calendar: deadlines count working days, not calendar days.

Monday to Friday are working days, corrected by `Holiday` rows: a holiday on a
weekday is a day off, and a weekend day marked `is_workday` is worked (调休). Each
call reads the corrections for the span it needs in one query.
"""

from __future__ import annotations

from datetime import date, timedelta

from .models import Holiday


def _corrections(start: date, end: date) -> dict[date, bool]:
    return dict(
        Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", "is_workday")
    )


def _is_workday(day: date, corrections: dict[date, bool]) -> bool:
    if day in corrections:
        return corrections[day]
    return day.weekday() < 5


def is_workday(day: date) -> bool:
    return _is_workday(day, _corrections(day, day))


def add_workdays(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself not counted)."""
    if days <= 0:
        return start
    # Long holidays (春节) can add nine days off; read generously, once.
    corrections = _corrections(start, start + timedelta(days=days * 2 + 30))
    current, left = start, days
    while left:
        current += timedelta(days=1)
        if _is_workday(current, corrections):
            left -= 1
    return current


def workdays_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`; negative if end < start."""
    if end == start:
        return 0
    if end < start:
        return -workdays_between(end, start)
    corrections = _corrections(start, end)
    count, current = 0, start
    while current < end:
        current += timedelta(days=1)
        if _is_workday(current, corrections):
            count += 1
    return count


# How far ahead deadlines reach: a case's longest clock is some twenty working days, and
# a year's schedule is published in late autumn; looking 60 days ahead names next year's
# gap in November, while there is time to enter it.
CALENDAR_HORIZON = timedelta(days=60)


def years_without_calendar(today: date) -> list[int]:
    """The years deadlines may fall in (this one and, near its end, the next) that have no
    holiday rows at all: working days there are plain Monday to Friday, which is wrong
    around 春节 and 国庆, so the administrator's home names them rather than staying silent."""
    years = sorted({today.year, (today + CALENDAR_HORIZON).year})
    known = set(
        Holiday.objects.filter(date__year__in=years).values_list("date__year", flat=True).distinct()
    )
    return [year for year in years if year not in known]
