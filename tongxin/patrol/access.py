"""Who sees a camera or a detection, and who may manage a camera: the one place.

Cameras are the staff's: every staff role sees those of the units it reaches, and a
camera's maintainer sees it; the
managers of a unit (its head, safety officer, leadership, administrators, the roles
that may put a detection into the hazards' intake) register and calibrate them.
A detection is seen by whoever sees its hazard: the same staff, and the Party members
of the mine while it waits for their patrol (hazards.access).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from tongxin.core.access import fetch
from tongxin.hazards.access import MANAGER_ROLES, hazards_visible_to
from tongxin.people.models import Person
from tongxin.people.scoping import STAFF_ROLES, reach_of

from .models import Camera, Detection


def cameras_visible_to(person: Person) -> QuerySet[Camera]:
    if not person.is_authenticated:
        return Camera.objects.none()
    # Its maintainer sees a camera wherever it hangs: faults are theirs to fix.
    seen = Q(maintainer=person)
    reach = reach_of(person, STAFF_ROLES)
    if not reach.empty:
        seen |= reach.q("org_path")
    return Camera.objects.filter(seen)


def camera_for(person: Person, pk: int) -> Camera:
    return fetch(
        cameras_visible_to(person).select_related("unit", "calibration", "maintainer"), pk=pk
    )


def may_manage(person: Person, camera: Camera) -> bool:
    return reach_of(person, MANAGER_ROLES).covers_path(camera.org_path)


def sees_cameras(person: Person) -> bool:
    if not person.is_authenticated:
        return False
    return (
        not reach_of(person, STAFF_ROLES).empty or Camera.objects.filter(maintainer=person).exists()
    )


def detections_visible_to(person: Person) -> QuerySet[Detection]:
    if not person.is_authenticated:
        return Detection.objects.none()
    return Detection.objects.filter(hazard__in=hazards_visible_to(person).values("pk"))


def detection_for(person: Person, pk: int) -> Detection:
    return fetch(
        detections_visible_to(person).select_related("camera", "hazard", "hazard__unit"), pk=pk
    )
