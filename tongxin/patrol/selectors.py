"""The video patrol's reads, already scoped (access.py), with a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

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
