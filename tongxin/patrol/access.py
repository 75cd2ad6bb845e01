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

from .models import Camera, Checkpoint, Detection, Round, Route


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


def manages_cameras(person: Person) -> bool:
    """May register cameras somewhere (services.camera_create, the API's POST too)."""
    return person.is_authenticated and not reach_of(person, MANAGER_ROLES).empty


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


# --- Patrol rounds -------------------------------------------------------------------------
# A round is its patrol's, and the staff's of the units it reaches (the branch secretary
# sees the branch's rounds and what they missed). A checkpoint's QR page is open to the
# Party members of its mine and to the staff who reach it.


def rounds_visible_to(person: Person) -> QuerySet[Round]:
    if not person.is_authenticated:
        return Round.objects.none()
    seen = Q(patrol=person)
    reach = reach_of(person, STAFF_ROLES)
    if not reach.empty:
        seen |= reach.q("org_path")
    return Round.objects.filter(seen)


def round_for(person: Person, pk: int) -> Round:
    return fetch(rounds_visible_to(person).select_related("route", "patrol"), pk=pk)


def checkpoints_visible_to(person: Person) -> QuerySet[Checkpoint]:
    if not person.is_authenticated:
        return Checkpoint.objects.none()
    seen = Q(pk__in=[])
    reach = reach_of(person, STAFF_ROLES)
    if not reach.empty:
        seen |= reach.q("route__org_path")
    if person.is_party_member and person.unit_id:
        from tongxin.people.selectors import mine_of

        seen |= Q(route__org_path__startswith=mine_of(person.unit).path)
    return Checkpoint.objects.filter(seen)


def checkpoint_for(person: Person, code: str) -> Checkpoint:
    return fetch(checkpoints_visible_to(person).select_related("route"), code=code)


# --- Routes, for the staff -----------------------------------------------------------------
# The staff who reach a route's unit see and manage it (services.rounds.may_manage_route):
# the branch secretary of the district first, its head, the mine's leadership.


def routes_visible_to(person: Person) -> QuerySet[Route]:
    if not person.is_authenticated:
        return Route.objects.none()
    reach = reach_of(person, STAFF_ROLES)
    return Route.objects.none() if reach.empty else Route.objects.filter(reach.q("org_path"))


def route_for(person: Person, pk: int) -> Route:
    return fetch(routes_visible_to(person).select_related("unit"), pk=pk)


def route_to_assign(person: Person, pk: int) -> Route:
    """The route as its round-assignment picker's record (core.pickers)."""
    return route_for(person, pk)


def route_patrols(route: Route) -> QuerySet[Person]:
    """Who may walk the route's rounds: the active Party members of its mine."""
    from tongxin.people.models import PARTY_STATUSES
    from tongxin.people.selectors import mine_of

    return Person.objects.filter(
        is_active=True,
        political_status__in=PARTY_STATUSES,
        unit__path__startswith=mine_of(route.unit).path,
    )
