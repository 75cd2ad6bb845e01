"""The deadline sweep, run by the task worker every quarter of an hour.

Each case climbs one level per sweep, and each level is claimed with a conditional
update (`escalation_level` still what it was), so two workers running the sweep at
once never send the same message twice:

    1  the handler is reminded, one working day before the deadline
    2  the deadline has passed: the department's head and the union chair are told
    3  three working days over: the leadership is told

Replies nobody rated within VOICE_AUTO_CLOSE_WORKDAYS are closed.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.timeline import SYSTEM_LABEL, Visibility
from tongxin.core.workdays import add_workdays, workdays_between
from tongxin.people.models import Role
from tongxin.people.selectors import holders_over

from .. import classify
from ..models import CLOCK_STATES, Case, State
from .base import case_flow, department_people, leadership, tell

LEADERSHIP_AFTER_WORKDAYS = 3


def due_level(case: Case, today) -> int:
    if case.deadline is None:
        return 0
    over = workdays_between(case.deadline, today)
    if over >= LEADERSHIP_AFTER_WORKDAYS:
        return 3
    if today > case.deadline:
        return 2
    if workdays_between(today, case.deadline) <= 1:
        return 1
    return 0


def _escalate(case: Case, level: int, today) -> None:
    if level == 1:
        people = department_people(case)
        title = _("办理期限 %(d)s 将到，请抓紧办理") % {"d": case.deadline}
        note, visibility = _("已提醒承办人：期限将到"), Visibility.INTERNAL
    elif level == 2:
        heads = holders_over(case.department.path, Role.DEPARTMENT_HEAD, nearest=True)
        chairs = holders_over(case.org_path, Role.UNION_CHAIR, nearest=True)
        people = heads + chairs
        title = _("已超过办理期限 %(d)s，请督促承办") % {"d": case.deadline}
        note, visibility = _("已超期，已告知承办部门负责人和工会主席"), Visibility.PUBLIC
    else:
        people = leadership(case)
        title = _("超期 %(n)s 个工作日未办结，请督办") % {
            "n": workdays_between(case.deadline, today)
        }
        note, visibility = _("超期三个工作日以上，已报告矿领导"), Visibility.PUBLIC
    tell(people, case, title)
    case_flow.write_event(
        case,
        action=f"escalate_{level}",
        actor=None,
        note=note,
        visibility=visibility,
        label=str(SYSTEM_LABEL),
    )
    audit.record(
        action="voice.case.escalated",
        obj=case,
        after={"level": level},
        actor_label=str(SYSTEM_LABEL),
    )


def sweep(*, now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    today = timezone.localdate(now)
    horizon = add_workdays(today, 1)
    counts = {"escalated": 0, "closed": 0}
    candidates = (
        Case.objects.filter(state__in=CLOCK_STATES, deadline__lte=horizon, escalation_level__lt=3)
        .select_related("department", "handler", "organisation")
        .order_by("deadline", "pk")
    )
    for case in candidates.iterator(chunk_size=500):
        if due_level(case, today) <= case.escalation_level:
            continue
        level = case.escalation_level + 1
        with transaction.atomic():
            claimed = Case.objects.filter(
                pk=case.pk, escalation_level=case.escalation_level, state__in=CLOCK_STATES
            ).update(escalation_level=level)
            if claimed:
                case.escalation_level = level
                _escalate(case, level, today)
                counts["escalated"] += 1

    # Replies not rated in time are closed; the last working day counted is today.
    cutoff_days = settings.VOICE_AUTO_CLOSE_WORKDAYS
    stale = Case.objects.filter(state=State.REPLIED, replied_at__lt=now).values_list(
        "pk", "replied_at"
    )
    for pk, replied_at in stale.iterator(chunk_size=500):
        if workdays_between(timezone.localdate(replied_at), today) < cutoff_days:
            continue
        with transaction.atomic():
            case = (
                Case.objects.select_for_update(of=("self",))
                .select_related("organisation")
                .get(pk=pk)
            )
            if case.state != State.REPLIED:
                continue
            case.closed_at = now
            case_flow.finish(
                case,
                "auto_close",
                actor=None,
                fields=["closed_at"],
                note=_("答复后 %(n)s 个工作日未评价，自动办结") % {"n": cutoff_days},
                label=str(SYSTEM_LABEL),
            )
            classify.forget(case)
            counts["closed"] += 1
    return counts
