"""Contests' figures for assessment and dashboards (core.registry.Figure)."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from tongxin.core.registry import day_bounds
from tongxin.people.models import Organisation
from tongxin.people.scoping import reach_of_organisation

from ..models.contests import Paper, PracticeAnswer


def participation(org: Organisation, start: date, end: date) -> QuerySet[Paper]:
    """Contest papers handed in during the period by people of the organisation."""
    low, high = day_bounds(start, end)
    return Paper.objects.filter(
        reach_of_organisation(org).q("unit_path"), submitted_at__gte=low, submitted_at__lt=high
    )


def practice_answers(org: Organisation, start: date, end: date) -> QuerySet[PracticeAnswer]:
    """Daily practice questions answered in the period by people of the organisation."""
    low, high = day_bounds(start, end)
    return PracticeAnswer.objects.filter(
        reach_of_organisation(org).q("practice__person__unit__path"),
        answered_at__gte=low,
        answered_at__lt=high,
    )
