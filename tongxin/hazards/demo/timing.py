"""Moving the dates back.

Dates: the services stamp everything "now", and an inspection always belongs to today's
period. As in the voice demo, the timestamps are moved back afterwards with queryset
.update() / bulk_update: a hazard's created_at, deadline, rectified_at, closed_at and its
events' `at` (and the assignment note naming the deadline), an inspection's period,
started_at and finished_at, a plan's starts_on. That is acceptable for demo data only.
This module moves the hazards' and the sweep's; the inspections' and plans' are moved
where they are made.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Max

from ..models import Hazard, HazardEvent, Severity, Source, State
from .context import Script, Seeder


def retime_all(seeder: Seeder) -> None:
    """Every hazard's dates at once: read in two queries, written in a few batches."""
    ids = [s.hazard_id for s in seeder.scripts]
    hazards = Hazard.objects.in_bulk(ids)
    events: dict[int, list[HazardEvent]] = defaultdict(list)
    for event in HazardEvent.objects.filter(hazard_id__in=ids).order_by("pk"):
        events[event.hazard_id].append(event)
    for s in seeder.scripts:
        hazard = hazards[s.hazard_id]
        retime(seeder, s, hazard, events[hazard.pk])
    HazardEvent.objects.bulk_update(
        [e for rows in events.values() for e in rows], ["at", "note"], batch_size=500
    )
    Hazard.objects.bulk_update(
        list(hazards.values()),
        ["created_at", "deadline", "rectified_at", "closed_at"],
        batch_size=300,
    )


def retime(seeder: Seeder, s: Script, hazard: Hazard, events: list[HazardEvent]) -> None:
    """Set the hazard's and its events' times (unsaved)."""
    rng, now = seeder.rng, seeder.now
    found = s.found_at or seeder.at(s.found, rng.uniform(8, 17))
    days = settings.HAZARD_DEADLINE_DAYS.get(s.severity, 7)
    if s.assign_day is None and s.final not in ("reported", "pending", "dismissed"):
        s.assign_day = s.found
    assign = found
    if s.assign_day is not None and not (s.at_report and s.source != Source.VIDEO):
        assign = max(seeder.at(s.assign_day, rng.uniform(8, 18)), found + timedelta(hours=1))
        assign = min(assign, now - timedelta(minutes=30))
    deadline = s.assign_day + timedelta(days=days) if s.assign_day else None
    rect = close = None
    if s.rect_day is not None:
        rect = max(seeder.at(s.rect_day, rng.uniform(9, 20)), assign + timedelta(hours=2))
        rect = min(rect, now - timedelta(minutes=20))
    if s.final == "closed":
        close = seeder.at(s.close_day or s.rect_day, rng.uniform(9, 21))
        close = min(max(close, rect + timedelta(hours=1)), now - timedelta(minutes=10))
    confirm = min(found + timedelta(hours=rng.uniform(0.5, 4)), now - timedelta(minutes=40))
    rectify_at = [i for i, e in enumerate(events) if e.action == "rectify"]
    last_rectify = rectify_at[-1] if rectify_at and rect is not None else None
    middle = [
        i
        for i, e in enumerate(events)
        if e.action in ("start", "rectify", "recheck_fail") and i != last_rectify
    ]
    end = rect or now - timedelta(minutes=30)
    end = max(end, assign + timedelta(minutes=30))
    if s.final in ("assigned", "rectifying") and not s.overdue_days:
        end = min(end, assign + timedelta(days=rng.uniform(0.2, 1.5)))
    notes = note_times(seeder, s, assign, deadline)
    moments, previous = [], found - timedelta(seconds=30)
    for i, e in enumerate(events):
        if e.action in ("report", "detect"):
            moment = found
        elif e.action in ("confirm", "dismiss"):
            moment = confirm
        elif e.action == "assign":
            moment = assign
        elif i == last_rectify:
            moment = rect
        elif e.action == "recheck_pass":
            moment = close
        elif i in middle:
            step = middle.index(i) + 1
            moment = assign + (end - assign) * step / (len(middle) + 1)
        elif e.action in ("union_note", "urge"):
            moment = notes.pop(0) if notes else previous + timedelta(minutes=30)
        else:
            moment = previous + timedelta(minutes=1)
        moment = min(max(moment, previous + timedelta(seconds=30)), now)
        moments.append(moment)
        previous = moment
    for e, moment in zip(events, moments, strict=True):
        e.at = moment
        if e.action == "assign" and hazard.deadline and deadline:
            e.note = e.note.replace(str(hazard.deadline), str(deadline))
    hazard.created_at = found
    if hazard.deadline and deadline:
        hazard.deadline = deadline
    if hazard.rectified_at:
        hazard.rectified_at = moments[last_rectify] if last_rectify is not None else rect
    if hazard.state == State.CLOSED:
        passed = [m for e, m in zip(events, moments, strict=True) if e.action == "recheck_pass"]
        hazard.closed_at = passed[-1] if passed else close
    elif hazard.state == State.DISMISSED:
        hazard.closed_at = confirm


def note_times(
    seeder: Seeder, s: Script, assign: datetime, deadline: date | None
) -> list[datetime]:
    """When the union wrote: an urge the morning after the deadline passed."""
    out = []
    for action, _actor, _text in s.notes:
        if action == "urge" and deadline is not None:
            moment = seeder.at(deadline + timedelta(days=1), seeder.rng.uniform(9, 16))
        else:
            moment = assign + timedelta(hours=seeder.rng.uniform(3, 40))
        out.append(min(moment, seeder.now - timedelta(minutes=2)))
    return sorted(out)


def retime_sweep(seeder: Seeder) -> None:
    """The sweep wrote its steps "now"; put them where the deadlines put them."""
    events = list(
        HazardEvent.objects.filter(
            hazard_id__in=[s.hazard_id for s in seeder.scripts],
            action__startswith="escalate_",
        ).select_related("hazard")
    )
    # The sweep found each hazard in the state its script left it in, so its step comes
    # after the script's last step (a hazard escalated as 整改中 was started before).
    last = dict(
        HazardEvent.objects.filter(hazard_id__in={e.hazard_id for e in events})
        .exclude(action__startswith="escalate_")
        .values_list("hazard_id")
        .annotate(last=Max("at"))
    )
    for event in events:
        deadline = event.hazard.deadline
        if deadline is None:
            continue
        level = int(event.action.rsplit("_", 1)[1])
        after = 1 if level == 1 or event.hazard.severity == Severity.MAJOR else 3
        hour = 8.25 if level == 1 else 8.5
        moment = seeder.at(deadline + timedelta(days=after), hour)
        if event.hazard_id in last:
            moment = max(moment, last[event.hazard_id] + timedelta(minutes=level))
        event.at = min(moment, seeder.now)
    HazardEvent.objects.bulk_update(events, ["at"])
