"""Worker voice's figures for assessment and dashboards (core.registry.Figure): the
cases of an organisation's units in a period, and the number made of them."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, F, Q, QuerySet

from tongxin.core.registry import day_bounds
from tongxin.people.models import Organisation
from tongxin.people.scoping import reach_of_organisation

from .models import Case, State

# 5 and 4 stars: 满意 and 基本满意, what the satisfaction rate counts.
SATISFIED = Q(rating__gte=4)


def _cases(org: Organisation) -> QuerySet[Case]:
    return Case.objects.filter(reach_of_organisation(org).q("org_path"))


def received(org: Organisation, start: date, end: date) -> QuerySet[Case]:
    """Cases submitted in the period; proposals still gathering co-signatures are not
    submitted yet."""
    low, high = day_bounds(start, end)
    return (
        _cases(org).filter(created_at__gte=low, created_at__lt=high).exclude(state=State.COSIGNING)
    )


def _replied(org: Organisation, start: date, end: date) -> QuerySet[Case]:
    low, high = day_bounds(start, end)
    return _cases(org).filter(replied_at__gte=low, replied_at__lt=high)


def replied_on_time(org: Organisation, start: date, end: date) -> QuerySet[Case]:
    """Cases answered in the period no later than their deadline (local date)."""
    return _replied(org, start, end).filter(
        deadline__isnull=False, replied_at__date__lte=F("deadline")
    )


def rated(org: Organisation, start: date, end: date) -> QuerySet[Case]:
    """Cases answered in the period that their submitter rated."""
    return _replied(org, start, end).filter(rating__isnull=False)


def satisfaction(org: Organisation, start: date, end: date) -> float | None:
    """满意率: the share of rated cases rated 4 or 5 stars, in per cent (None: no rating)."""
    counts = rated(org, start, end).aggregate(n=Count("pk"), ok=Count("pk", filter=SATISFIED))
    return round(100 * counts["ok"] / counts["n"], 1) if counts["n"] else None
