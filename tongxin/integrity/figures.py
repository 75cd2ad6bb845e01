"""Integrity's figures for assessment and dashboards (core.registry.Figure): disclosures
published on time, disclosure questions answered on time, and misconduct reports
concluded on time.

Reports are counted only: below INTEGRITY_MIN_COUNT the records are none (a count of
one points at someone), and a dashboard drilling down into them must show counts, not
rows (the report pages are the inspectors' alone and answer 404 to anyone else)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import F, QuerySet

from tongxin.core.registry import day_bounds
from tongxin.people.models import Organisation

from .models import Comment, Disclosure, Report, State


def disclosures_on_time(org: Organisation, start: date, end: date) -> QuerySet[Disclosure]:
    low, high = day_bounds(start, end)
    return Disclosure.objects.filter(
        org_path__startswith=org.path, published_at__gte=low, published_at__lt=high, on_time=True
    )


def questions_answered_on_time(org: Organisation, start: date, end: date) -> QuerySet[Comment]:
    low, high = day_bounds(start, end)
    return Comment.objects.filter(
        disclosure__org_path__startswith=org.path,
        answered_at__gte=low,
        answered_at__lt=high,
        answered_on_time=True,
    )


def reports_concluded_on_time(org: Organisation, start: date, end: date) -> QuerySet[Report]:
    low, high = day_bounds(start, end)
    reports = Report.objects.filter(
        org_path__startswith=org.path,
        state=State.CONCLUDED,
        concluded_at__gte=low,
        concluded_at__lt=high,
        concluded_at__date__lte=F("conclude_due"),
    )
    if reports.count() < settings.INTEGRITY_MIN_COUNT:
        return reports.none()
    return reports
