"""The video patrol's reads, already scoped (access.py), with a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tongxin.hazards.models import State
from tongxin.people.models import Person

from .access import cameras_visible_to, detections_visible_to
from .models import Camera, Detection

CONFIRMED = (State.REPORTED, State.ASSIGNED, State.RECTIFYING, State.RECTIFIED, State.CLOSED)


def waiting_for_patrol(person: Person) -> QuerySet[Detection]:
    """Detections whose hazard waits for the patrol to confirm or dismiss it."""
    return (
        detections_visible_to(person)
        .filter(hazard__state=State.PENDING)
        .select_related("camera", "hazard")
        .order_by("-opened_at", "-pk")
    )


def recent_detections(person: Person) -> QuerySet[Detection]:
    return (
        detections_visible_to(person)
        .exclude(hazard__state=State.PENDING)
        .select_related("camera", "hazard")
        .order_by("-opened_at", "-pk")
    )


def camera_rows(person: Person) -> QuerySet[Camera]:
    """The cameras with their detections counted, for the list (one query)."""
    return (
        cameras_visible_to(person)
        .select_related("unit", "calibration")
        .annotate(
            n_detections=Count("detections"),
            n_open=Count("detections", filter=Q(detections__cleared_at__isnull=True)),
            n_dismissed=Count("detections", filter=Q(detections__hazard__state=State.DISMISSED)),
        )
        .order_by("org_path", "code")
    )


def camera_figures(camera: Camera) -> dict:
    """Detections by kind and what the patrol made of them (one query)."""
    rows = camera.detections.values("kind").annotate(
        total=Count("pk"),
        pending=Count("pk", filter=Q(hazard__state=State.PENDING)),
        confirmed=Count("pk", filter=Q(hazard__state__in=CONFIRMED)),
        dismissed=Count("pk", filter=Q(hazard__state=State.DISMISSED)),
    )
    return {row["kind"]: row for row in rows}


def dismissed_frames(camera: Camera) -> QuerySet[Detection]:
    """What the patrol dismissed: kept to review the camera's thresholds."""
    return camera.detections.filter(hazard__state=State.DISMISSED).select_related("hazard")


# --- Patrol rounds -------------------------------------------------------------------------


def my_rounds(person: Person, today):
    from datetime import timedelta

    from .models import Round

    return (
        Round.objects.filter(patrol=person, day__gte=today - timedelta(days=7))
        .select_related("route")
        .order_by("-day", "-due_by")
    )


def round_points(found) -> list[dict]:
    """Each checkpoint the round walks (as the route was when it was assigned) with its
    scan, or missed / next / to come."""
    from .models import Checkpoint
    from .services.rounds import walked_points

    sequence = found.points or walked_points(found.route)
    by_pk = Checkpoint.objects.in_bulk(sequence)
    scans = {s.checkpoint_id: s for s in found.scans.all()}
    last = max((sequence.index(pk) for pk in scans if pk in by_pk), default=-1)
    finished = found.state == "done" or found.due_by < timezone.now()
    rows, next_marked = [], False
    for place, pk in enumerate(sequence):
        point = by_pk.get(pk)
        if point is None:
            continue
        scan = scans.get(pk)
        if scan is not None:
            status = "scanned"
        elif place < last or finished:
            status = "missed"
        elif not next_marked:
            status, next_marked = "next", True
        else:
            status = "later"
        rows.append({"point": point, "scan": scan, "status": status, "place": place + 1})
    return rows


def open_round_at(person: Person, checkpoint, now):
    """The person's round of the checkpoint's route that is still to walk now."""
    from datetime import timedelta

    from .models import Round, RoundState

    return (
        Round.objects.filter(
            patrol=person, route_id=checkpoint.route_id, due_by__gt=now,
            due_by__lte=now + timedelta(hours=24),
        )
        .exclude(state=RoundState.DONE)
        .order_by("due_by")
        .first()
    )  # fmt: skip


def missed_rounds(person: Person, now):
    """Rounds in the viewer's scope past their shift and not finished, or finished with
    checkpoints missed: the branch's list."""
    from .access import rounds_visible_to
    from .models import RoundState

    return (
        rounds_visible_to(person)
        .filter(
            Q(due_by__lt=now) & ~Q(state=RoundState.DONE)
            | Q(state=RoundState.DONE, missed_points__gt=0)
        )
        .select_related("route", "patrol")
        .order_by("-day", "-due_by")
    )


# --- The figures page ----------------------------------------------------------------------


def figures_page(person: Person, start, end, now) -> dict:
    """Per day from `start` to `end`: detections by kind, what the patrol made of them,
    and the rounds done, done with points missed, and missed (three queries)."""
    from datetime import timedelta

    from django.db.models.functions import TruncDate

    from .access import rounds_visible_to
    from .models import RoundState

    days = [start + timedelta(days=k) for k in range((end - start).days + 1)]
    found = detections_visible_to(person).filter(
        opened_at__date__gte=start, opened_at__date__lte=end
    )
    per_day = {(row["day"], row["kind"]): row["n"] for row in (
        found.annotate(day=TruncDate("opened_at")).values("day", "kind")
        .annotate(n=Count("pk")).order_by()
    )}  # fmt: skip
    outcome = found.aggregate(
        pending=Count("pk", filter=Q(hazard__state=State.PENDING)),
        confirmed=Count("pk", filter=Q(hazard__state__in=CONFIRMED)),
        dismissed=Count("pk", filter=Q(hazard__state=State.DISMISSED)),
    )
    done = Q(state=RoundState.DONE)
    rounds = {row["day"]: row for row in (
        rounds_visible_to(person).filter(day__gte=start, day__lte=end).values("day")
        .annotate(
            whole=Count("pk", filter=done & Q(missed_points=0)),
            partly=Count("pk", filter=done & Q(missed_points__gt=0)),
            missed=Count("pk", filter=~done & Q(due_by__lt=now)),
        ).order_by()
    )}  # fmt: skip
    rows = []
    for day in days:
        walked = rounds.get(day, {})
        rows.append({
            "day": day,
            "deviation": per_day.get((day, "deviation"), 0),
            "pileup": per_day.get((day, "pileup"), 0),
            "whole": walked.get("whole", 0),
            "partly": walked.get("partly", 0),
            "missed": walked.get("missed", 0),
        })  # fmt: skip
    return {"rows": rows, "outcome": outcome}
