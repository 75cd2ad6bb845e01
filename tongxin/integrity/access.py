"""Who may see a misconduct report: only the 纪检监察 of the unit that handles it, and
of the level above once it is escalated. Nobody else: not the unit's leadership, not
the administrator (whose reach is everything elsewhere), not the Party secretary.

The handling unit is fixed when the report is made (`handling_path`): the nearest unit
at or above the one concerned that has a 纪检监察, and, for a report about a unit's own
leadership or inspectors, the nearest strictly above it. A reporter reaches their
report by their account (`reporter_key`, a keyed hash of their id) or by the receipt.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.db.models import Q, QuerySet

from tongxin.core.access import fetch
from tongxin.core.anonymous.receipts import receipt_hash
from tongxin.people.models import Organisation, Role, RoleAssignment
from tongxin.people.scoping import role_assignments
from tongxin.people.selectors import ancestor_paths

from .models import Report
from .workflow import Actor


def inspector_paths(person) -> set[str]:
    """The units in which the person is 纪检监察 (roles are loaded once per request)."""
    if not getattr(person, "is_authenticated", False):
        return set()
    return {
        ra.organisation.path
        for ra in role_assignments(person)
        if ra.role == Role.DISCIPLINE_INSPECTOR and ra.organisation.is_active
    }


def is_inspector(person) -> bool:
    return bool(inspector_paths(person))


def nearest_inspector_path(path: str, *, strictly_above: bool = False) -> str:
    """The path of the nearest unit at (or strictly above) `path` with a 纪检监察;
    "" when there is none."""
    candidates = ancestor_paths(path)
    if strictly_above:
        candidates = candidates[:-1]
    held = RoleAssignment.objects.filter(
        role=Role.DISCIPLINE_INSPECTOR, organisation__path__in=candidates
    ).values_list("organisation__path", flat=True)
    return max(held, key=len, default="")


def handling_path(unit: Organisation, *, about_leadership: bool) -> str:
    found = nearest_inspector_path(unit.path, strictly_above=about_leadership)
    # Nobody yet: the unit (or the one above) itself, for an inspector appointed later.
    if found:
        return found
    steplen = Organisation.steplen
    return unit.path[:-steplen] if about_leadership and len(unit.path) > steplen else unit.path


def reports_visible_to(person) -> QuerySet[Report]:
    paths = inspector_paths(person)
    if not paths:
        return Report.objects.none()
    return Report.objects.filter(Q(handler_path__in=paths) | Q(supervisor_path__in=paths))


def report_for(person, pk: int) -> Report:
    """The one fetch of a report for staff pages and the API: 404 outside the scope."""
    return fetch(reports_visible_to(person).select_related("unit"), pk=pk)


def reporter_key(person) -> str:
    """A keyed hash of a named reporter's id: their reports are found by it, and a dump
    of the database alone cannot say whose it is."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"integrity-reporter:{person.pk}".encode(), hashlib.sha256
    ).hexdigest()


def reports_of(person) -> QuerySet[Report]:
    if not getattr(person, "is_authenticated", False):
        return Report.objects.none()
    return Report.objects.filter(is_anonymous=False, reporter_key=reporter_key(person))


def own_report(person, pk: int) -> Report:
    return fetch(reports_of(person).select_related("unit"), pk=pk)


def report_for_receipt(code: str) -> Report | None:
    digest = receipt_hash(code)
    if digest is None:
        return None
    return (
        Report.objects.filter(is_anonymous=True, receipt_hash=digest).select_related("unit").first()
    )


def actor_kinds(person, report: Report, *, reporter_ok: bool = False, **context) -> set[Actor]:
    kinds = set()
    if reporter_ok:
        kinds.add(Actor.REPORTER)
    paths = inspector_paths(person)
    if report.handler_path in paths or (report.supervisor_path and report.supervisor_path in paths):
        kinds.add(Actor.INSPECTOR)
    return kinds
