"""The rhythm of 三三制: which period an inspection belongs to, and the periods in a span."""

from __future__ import annotations

from datetime import date, timedelta

from .models import Level


def period_of(level: str, day: date) -> str:
    if level == Level.CREW_DAILY:
        return day.isoformat()
    if level == Level.DISTRICT_WEEKLY:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day:%Y-%m}"


def period_bounds(level: str, day: date) -> tuple[date, date]:
    """First and last day of the period `day` falls in."""
    if level == Level.CREW_DAILY:
        return day, day
    if level == Level.DISTRICT_WEEKLY:
        first = day - timedelta(days=day.weekday())
        return first, first + timedelta(days=6)
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def periods_between(level: str, start: date, end: date) -> list[tuple[str, date, date]]:
    """Every whole or partial period from `start` to `end`, oldest first."""
    out, day = [], start
    while day <= end:
        first, last = period_bounds(level, day)
        out.append((period_of(level, day), first, last))
        day = last + timedelta(days=1)
    return out
