"""The 三会一课 figures for assessment and dashboards (core.registry.Figure): what the
branches of an organisation held, what their plans required, who attended, for the
meetings whose required period starts in [start, end]."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from tongxin.people.models import Organisation, Tree
from tongxin.people.scoping import reach_of_organisation

from ..models import Attendance, AttendanceStatus, Meeting
from .selectors import DONE


def _of(org: Organisation, prefix: str = "") -> Q:
    if org.tree == Tree.PARTY:
        return Q(**{f"{prefix}org_path__startswith": org.path})
    return reach_of_organisation(org).q(f"{prefix}branch__unit__path")


def _in(start: date, end: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}period_start__gte": start, f"{prefix}period_start__lte": end})


def meetings_held(org: Organisation, start: date, end: date) -> QuerySet[Meeting]:
    return Meeting.objects.filter(_of(org), _in(start, end), state__in=DONE)


def meetings_required(org: Organisation, start: date, end: date) -> QuerySet[Meeting]:
    return Meeting.objects.filter(_of(org), _in(start, end), from_plan=True)


def attendance_present(org: Organisation, start: date, end: date) -> QuerySet[Attendance]:
    return Attendance.objects.filter(
        _of(org, "meeting__"),
        _in(start, end, "meeting__"),
        meeting__state__in=DONE,
        status=AttendanceStatus.PRESENT,
    )
