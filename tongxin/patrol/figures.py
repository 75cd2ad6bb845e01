"""The video patrol's figures for assessment and dashboards (core.registry.Figure): the
detections of an organisation's cameras opened in a period, and what became of them."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from tongxin.core.registry import day_bounds
from tongxin.hazards.models import State
from tongxin.people.models import Organisation
from tongxin.people.scoping import reach_of_organisation

from .models import Detection
from .selectors import CONFIRMED


def detections(org: Organisation, start: date, end: date) -> QuerySet[Detection]:
    low, high = day_bounds(start, end)
    return Detection.objects.filter(
        reach_of_organisation(org).q("org_path"), opened_at__gte=low, opened_at__lt=high
    )


def confirmed(org: Organisation, start: date, end: date) -> QuerySet[Detection]:
    return detections(org, start, end).filter(hazard__state__in=CONFIRMED)


def dismissed(org: Organisation, start: date, end: date) -> QuerySet[Detection]:
    return detections(org, start, end).filter(hazard__state=State.DISMISSED)
