"""Times of what an anonymous writer does are kept to the hour, so that they cannot be
matched with anything else that happened at the same moment (their own sign-in, a
named record of theirs)."""

from __future__ import annotations

from django.utils import timezone


def top_of_hour(moment):
    return moment.replace(minute=0, second=0, microsecond=0)


def hour_now():
    return top_of_hour(timezone.now())


def writer_time(last=None):
    """When an anonymous writer's step is recorded: the top of the hour, but not before
    the record's last step (staff's, at its minute), so that the times read in the order
    things happened; that order is known anyway."""
    hour = hour_now()
    return max(hour, last) if last else hour
