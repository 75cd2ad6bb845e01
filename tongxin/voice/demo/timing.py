"""When things happened: each case's timeline moved back into the past year.

Dates: the services stamp everything "now". To make a year of history the timestamps
are moved back afterwards with queryset .update() / bulk_update on created_at,
updated_at, replied_at, closed_at, paused_on, deadline and the events' `at` (and on
co-signatures, milestones and the forum meeting). That is acceptable for demo data
only: nothing else may write these fields except through the services. The audit log
is append-only and keeps the real time of seeding.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from tongxin.core.workdays import add_workdays

from .. import services
from ..models import CLOCK_STATES, Case, CaseEvent, Cosign, Milestone
from ..services.base import WRITER_ACTIONS
from .context import Plan, Script, Seeder


def _floor_hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def _daytime(moment: datetime) -> datetime:
    """The same day with its 24 hours squeezed into 07:30-21:30, keeping the order."""
    local = timezone.localtime(moment)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    seconds = (local - midnight).total_seconds()
    return midnight + timedelta(seconds=7.5 * 3600 + seconds * 14 / 24)


def span(seeder: Seeder, final: str, overdue_days: int, days: int) -> tuple[datetime, datetime]:
    rng = seeder.rng
    u = rng.uniform
    if overdue_days:
        # The last step (assignment or reopening) a deadline's worth before it ran out.
        deadline = seeder.today - timedelta(days=overdue_days)
        end = seeder.day_at(deadline - timedelta(days=round(days * 1.4)), rng.randint(8, 16))
        back = u(20, 40) if final.startswith("reopened") else u(2, 8)
        return end - timedelta(days=back), end
    if final == "submitted":
        start = seeder.ago(u(0.05, 4))
        return start, start
    if final == "accepted":
        start = seeder.ago(u(1.5, 6))
        return start, start + timedelta(hours=u(2, 30))
    if final in ("assigned", "handled", "merged"):
        return seeder.ago(u(3, 8)), seeder.ago(u(0.1, 1.5))
    if final == "awaiting_info":
        return seeder.ago(u(4, 12)), seeder.ago(u(1, 3))
    if final == "replied":
        return seeder.ago(u(6, 25)), seeder.ago(u(0.05, 2.5))
    if final == "autoclose":
        return seeder.ago(u(22, 30)), seeder.ago(u(13, 16))
    if final == "reopened":
        return seeder.ago(u(15, 30)), seeder.ago(u(0.2, 2))
    if final == "reopened_closed":
        start = seeder.ago(u(40, 100))
        return start, start + timedelta(days=u(20, 35))
    # closed: any time in the past year, handled within a few weeks.
    start = seeder.ago(u(10, 360) if rng.random() < 0.7 else u(10, 60))
    end = min(start + timedelta(days=u(4, 25)), seeder.ago(u(0.5, 2)))
    return start, end


def plan(seeder: Seeder, case: Case, script: Script, category: str | None) -> None:
    days = 10
    if category:
        c = seeder.categories[category]
        days = c.major_deadline_days if script.major else c.deadline_days
    start, end = span(seeder, script.final, script.overdue_days, days)
    seeder.plans.append(
        Plan(case.pk, start, end, case.is_anonymous, overdue_days=script.overdue_days)
    )
    seeder.case_ids.append(case.pk)


def retime(seeder: Seeder, plan: Plan) -> None:
    case = Case.objects.select_related("category").get(pk=plan.case_id)
    events = list(CaseEvent.objects.filter(case_id=case.pk).order_by("pk"))
    gaps = [seeder.rng.uniform(0.4, 1.6) for _ in events[1:]]
    total = sum(gaps) or 1.0
    span = plan.end - plan.start
    at, elapsed = [plan.start], 0.0
    for gap in gaps:
        elapsed += gap
        at.append(plan.start + span * (elapsed / total))
    at = [min(_daytime(t), seeder.now) for t in at]
    previous = None
    for event, moment in zip(events, at, strict=True):
        # As services.base.now_for: the writer's own steps to the hour (not before the
        # step they answer), staff's at their minute.
        if plan.anonymous and event.action in WRITER_ACTIONS:
            moment = max(_floor_hour(moment), previous or _floor_hour(moment))
        event.at = previous = moment
    at = [event.at for event in events]
    CaseEvent.objects.bulk_update(events, ["at"])

    def last(*actions: str) -> datetime | None:
        found = [e.at for e in events if e.action in actions]
        return found[-1] if found else None

    fields: dict = {"created_at": at[0], "updated_at": at[-1]}
    if case.replied_at:
        fields["replied_at"] = last("reply") or at[-1]
    if case.closed_at:
        fields["closed_at"] = last("rate", "decline", "auto_close") or at[-1]
    if case.paused_on:
        fields["paused_on"] = timezone.localdate(last("request_info") or at[-1])
    if case.deadline:
        if plan.overdue_days:
            deadline = seeder.today - timedelta(days=plan.overdue_days)
        else:
            base = timezone.localdate(last("assign", "reopen") or at[-1])
            deadline = services.default_deadline(case.category, case.is_major, base)
            if case.state in CLOCK_STATES and deadline <= seeder.today:
                deadline = add_workdays(seeder.today, 2)
        fields["deadline"] = deadline
        # The assignment's note names the deadline it set: name the moved one.
        assigned = [e for e in events if e.action == "assign"]
        if assigned and str(case.deadline) in assigned[-1].note:
            assigned[-1].note = assigned[-1].note.replace(str(case.deadline), str(deadline))
            CaseEvent.objects.filter(pk=assigned[-1].pk).update(note=assigned[-1].note)
    Case.objects.filter(pk=case.pk).update(**fields)
    cosign_times = [e.at for e in events if e.action == "cosign"]
    for cosign, moment in zip(
        Cosign.objects.filter(case=case).order_by("pk"), cosign_times, strict=False
    ):
        Cosign.objects.filter(pk=cosign.pk).update(at=moment)
    added = [e.at for e in events if e.action == "milestone"]
    done = [e.at for e in events if e.action == "milestone_done"]
    milestones = list(Milestone.objects.filter(case=case).order_by("pk"))
    for i, milestone in enumerate(milestones):
        changes = {}
        if i < len(added):
            changes["created_at"] = added[i]
        if milestone.done_on and done:
            changes["done_on"] = timezone.localdate(done.pop(0))
        if changes:
            Milestone.objects.filter(pk=milestone.pk).update(**changes)


def retime_sweep(seeder: Seeder) -> None:
    """The sweep wrote its steps "now"; put them where the deadline put them."""
    events = CaseEvent.objects.filter(
        case_id__in=seeder.case_ids, action__startswith="escalate_"
    ).select_related("case")
    changed = []
    for event in CaseEvent.objects.filter(
        case_id__in=seeder.case_ids, action="auto_close"
    ).select_related("case"):
        replied = timezone.localdate(event.case.replied_at)
        day = add_workdays(replied, settings.VOICE_AUTO_CLOSE_WORKDAYS)
        event.at = min(seeder.day_at(day, 0, 15), seeder.now)
        Case.objects.filter(pk=event.case_id).update(closed_at=event.at, updated_at=event.at)
        changed.append(event)
    for event in events:
        deadline = event.case.deadline
        if deadline is None or deadline >= seeder.today:
            continue
        level = int(event.action.rsplit("_", 1)[1])
        day = {
            1: deadline - timedelta(days=1),
            2: deadline + timedelta(days=1),
            3: add_workdays(deadline, 3),
        }[level]
        moment = min(seeder.day_at(day, 8, 30), seeder.now)
        event.at = moment  # a reminder is the system's step: its real time
        changed.append(event)
    CaseEvent.objects.bulk_update(changed, ["at"])
