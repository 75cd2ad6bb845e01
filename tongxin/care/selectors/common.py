"""What the care reads share: the start of a day in local time and the units a care page
may be narrowed to."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import QuerySet
from django.utils import timezone

from tongxin.people.models import Organisation, Tree
from tongxin.people.scoping import Reach

UNIT_KINDS = ("group", "company", "mine", "district", "department")


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def units_for(reach: Reach) -> QuerySet[Organisation]:
    """Units (down to districts and departments) a care page may be narrowed to."""
    if reach.empty:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        reach.q("path"), tree=Tree.UNIT, kind__in=UNIT_KINDS, is_active=True
    ).order_by("path")
