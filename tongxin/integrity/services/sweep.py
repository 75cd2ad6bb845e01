"""The periodic step: tell the inspectors of the hour's new reports, and escalate the
overdue ones to the level above (a conditional update claims each, so that two
workers never escalate one twice)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.notify import notify
from tongxin.core.timeline import Visibility
from tongxin.people.models import Person, Role

from ..access import nearest_inspector_path
from ..models import Report, State
from .reports import report_flow


def inspectors_at(path: str):
    if not path:
        return Person.objects.none()
    return Person.objects.filter(
        is_active=True,
        roles__role=Role.DISCIPLINE_INSPECTOR,
        roles__organisation__path=path,
    ).distinct()


def overdue(today) -> Q:
    return Q(state=State.RECEIVED, ack_due__lt=today) | Q(
        state__in=(State.ACCEPTED, State.VERIFYING), conclude_due__lt=today
    )


# A deadline this close (calendar days, today included) is "due soon" on the desk and
# the inspector's home panel.
DUE_SOON_DAYS = 5


def due_soon(today) -> Q:
    """Open reports whose deadline falls within DUE_SOON_DAYS, not yet past it."""
    horizon = today + timedelta(days=DUE_SOON_DAYS)
    return Q(state=State.RECEIVED, ack_due__gte=today, ack_due__lte=horizon) | Q(
        state__in=(State.ACCEPTED, State.VERIFYING),
        conclude_due__gte=today,
        conclude_due__lte=horizon,
    )


def sweep(today=None) -> int:
    """Escalate every overdue report not yet escalated; returns how many."""
    today = today or timezone.localdate()
    done = 0
    candidates = Report.objects.filter(overdue(today), escalated_at__isnull=True)
    for report in candidates.only("pk", "handler_path"):
        above = nearest_inspector_path(report.handler_path, strictly_above=True)
        with transaction.atomic():
            claimed = Report.objects.filter(pk=report.pk, escalated_at__isnull=True).update(
                escalated_at=timezone.now(), supervisor_path=above
            )
            if not claimed:
                continue
            report = Report.objects.get(pk=report.pk)
            report_flow.write_event(
                report, action="escalate", actor=None, visibility=Visibility.INTERNAL
            )
            audit.record(action="integrity.report.escalate", actor=None, obj=report)
            notify(
                recipients=inspectors_at(above),
                title=_("有一件举报逾期未办，已报上一级纪检监察督办"),
                url=reverse("integrity:desk"),
            )
            done += 1
    return done


def tell_inspectors(since) -> int:
    """One message per inspector for the reports received since `since` (the last
    hour): neither the content nor the unit, only that there is something to handle."""
    fresh = Report.objects.filter(
        created_at__gte=since, created_at__lt=since + timedelta(hours=1), state=State.RECEIVED
    )
    paths = set(fresh.values_list("handler_path", flat=True))
    told = 0
    for path in paths:
        told += notify(
            recipients=inspectors_at(path),
            title=_("有新的举报待受理"),
            url=reverse("integrity:desk"),
        )
    return told
