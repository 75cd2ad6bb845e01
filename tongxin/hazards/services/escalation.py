"""The overdue sweep, every 15 minutes: one level per sweep, each claimed once.

1  overdue: the responsible person, the unit's head and the union chair are told
2  major and overdue, or any hazard three days over: the leadership is told
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.timeline import SYSTEM_LABEL
from tongxin.people.models import Role
from tongxin.people.selectors import holders_over

from ..access import assigners_to_tell
from ..models import CLOCK_STATES, Hazard, Severity
from .base import hazard_flow, tell

LEADERSHIP_AFTER_DAYS = 3


def due_level(hazard: Hazard, today) -> int:
    if hazard.deadline is None or today <= hazard.deadline:
        return 0
    if hazard.severity == Severity.MAJOR or (today - hazard.deadline).days >= LEADERSHIP_AFTER_DAYS:
        return 2
    return 1


def sweep(*, now: datetime | None = None) -> int:
    today = timezone.localdate(now or timezone.now())
    escalated = 0
    candidates = (
        Hazard.objects.filter(state__in=CLOCK_STATES, deadline__lt=today, escalation_level__lt=2)
        .select_related("responsible")
        .order_by("deadline", "pk")
    )
    for hazard in candidates.iterator(chunk_size=500):
        if due_level(hazard, today) <= hazard.escalation_level:
            continue
        level = hazard.escalation_level + 1
        with transaction.atomic():
            claimed = Hazard.objects.filter(
                pk=hazard.pk, escalation_level=hazard.escalation_level, state__in=CLOCK_STATES
            ).update(escalation_level=level)
            if not claimed:
                continue
            if level == 1:
                # The responsible person, those who assigned it, and the union.
                people = [hazard.responsible, *assigners_to_tell(hazard)]
                people += holders_over(hazard.unit_path, Role.UNION_CHAIR, nearest=True)
                title = _("已超过整改期限 %(d)s") % {"d": hazard.deadline}
            else:
                people = holders_over(hazard.unit_path, Role.LEADERSHIP)
                title = _("%(sev)s隐患超期未整改，请督办") % {"sev": hazard.get_severity_display()}
            tell(people, hazard, title)
            hazard_flow.write_event(
                hazard, action=f"escalate_{level}", actor=None, from_state=hazard.state, note=title
            )
            audit.record(
                action="hazards.hazard.escalated",
                obj=hazard,
                after={"level": level},
                actor_label=str(SYSTEM_LABEL),
            )
            escalated += 1
    return escalated
