"""Reading what the meeting forms post (plain values; core.forms)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

SENTINEL_BAD = object()


def parse_starts_at(value):
    """A datetime-local field: None when empty, SENTINEL_BAD when garbled (the service
    says so in Chinese)."""
    value = str(value or "").strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return SENTINEL_BAD
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def agenda_from(post) -> list[tuple[str, bool]]:
    """One item a line; the first is the 第一议题 when the box is ticked."""
    lines = [line.strip() for line in str(post.get("agenda", ""))[:5000].splitlines()]
    lines = [line for line in lines if line]
    first = post.get("first_topic") == "on"
    return [(title, first and i == 0) for i, title in enumerate(lines)]


def agenda_text(meeting) -> str:
    return "\n".join(item.title for item in meeting.agenda.all())


def month_param(value):
    """ "2026-11" → (first day, last day) or None."""
    import calendar
    from datetime import date

    value = str(value or "").strip()
    try:
        year, month = (int(p) for p in value.split("-"))
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    except (ValueError, TypeError):
        return None
