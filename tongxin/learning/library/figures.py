"""The library's figures for assessment and dashboards (core.registry.Figure), each
the count or sum of the records it returns: required person-courses and those
finished (library.courses), study time, study points and the people they are
averaged over (points ÷ people is the average per person)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from tongxin.people.models import Organisation, Person, Tree

from ..models import PointDay, StudyDay
from .courses import courses_finished, courses_required

__all__ = ["courses_finished", "courses_required", "people", "points", "study_seconds"]


def _of(org: Organisation) -> Q:
    field = "party_path" if org.tree == Tree.PARTY else "unit_path"
    return Q(**{f"{field}__startswith": org.path})


def study_seconds(org: Organisation, start: date, end: date) -> QuerySet[StudyDay]:
    return StudyDay.objects.filter(_of(org), day__gte=start, day__lte=end)


def points(org: Organisation, start: date, end: date) -> QuerySet[PointDay]:
    return PointDay.objects.filter(_of(org), day__gte=start, day__lte=end)


def people(org: Organisation, start: date, end: date) -> QuerySet[Person]:
    """The organisation's active people (whom its points are averaged over)."""
    if org.tree == Tree.PARTY:
        return Person.objects.filter(is_active=True, party_org__path__startswith=org.path)
    return Person.objects.filter(is_active=True, unit__path__startswith=org.path)
