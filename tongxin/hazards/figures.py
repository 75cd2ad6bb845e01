"""The hazards' figures for assessment and dashboards (core.registry.Figure): the
hazards of an organisation's units in a period, and the number made of them."""

from __future__ import annotations

from datetime import date

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from tongxin.core.registry import day_bounds
from tongxin.people.models import Organisation
from tongxin.people.scoping import reach_of_organisation

from .models import Hazard


def _hazards(org: Organisation) -> QuerySet[Hazard]:
    return Hazard.objects.filter(reach_of_organisation(org).q("unit_path"))


def found(org: Organisation, start: date, end: date) -> QuerySet[Hazard]:
    """Hazards found (recorded) in the period, as the board's statistics count them."""
    low, high = day_bounds(start, end)
    return _hazards(org).filter(created_at__gte=low, created_at__lt=high)


def rectified_on_time(org: Organisation, start: date, end: date) -> QuerySet[Hazard]:
    """Of those found in the period, the ones rectified by their deadline."""
    return found(org, start, end).filter(
        rectified_at__isnull=False, rectified_at__date__lte=F("deadline")
    )


def overdue(org: Organisation, start: date, end: date) -> QuerySet[Hazard]:
    """Hazards whose deadline fell in the period and has passed without rectification
    by then: still open, or rectified late. A period's figure stays what it was."""
    today = timezone.localdate()
    return _hazards(org).filter(
        Q(rectified_at__isnull=True) | Q(rectified_at__date__gt=F("deadline")),
        deadline__gte=start,
        deadline__lte=end,
        deadline__lt=today,
    )
