"""Patrol rounds (党员巡检): routes of checkpoints, rounds assigned to Party members by
shift, each checkpoint scanned in order (its QR code) with a note or a photo. A
checkpoint passed over (a later one scanned first) or left when the round is finished
is missed; a round not finished by the end of its shift is missed."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from enum import Enum

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core import audit
from tongxin.core.access import OutOfScope
from tongxin.core.images import clean_photos
from tongxin.core.timeline import Transition, Workflow, table
from tongxin.people.models import Organisation, Person, Tree
from tongxin.people.scoping import STAFF_ROLES, reach_of
from tongxin.people.selectors import mine_of

from ..models import Checkpoint, Round, RoundState, Route, Scan, Shift

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{1,23}$")
# When each shift ends, in hours after the day's midnight (夜班 0–8, 早班 8–16, 中班 16–24).
SHIFT_END = {Shift.NIGHT: 8, Shift.MORNING: 16, Shift.NOON: 24}


MAX_POINTS = 40


def _clean_route(name: str, points, *, route: Route | None = None) -> tuple[str, list]:
    """The route's name and its points as (name, code, workplace), or the errors. A
    point that is a work place of the hazards area carries that place's code (its QR)."""
    errors: dict = {}
    name = (name or "").strip()
    if not name or len(name) > 60:
        errors["name"] = _("请填写路线名称（不超过 60 个字）。")
    points = [
        (str(n or "").strip(), (w.code if w else str(c or "").strip()), w) for n, c, w in points
    ]
    codes = [c for _n, c, _w in points]
    taken = Checkpoint.objects.filter(code__in=codes)
    if route is not None:  # its own points, retired ones too, may come back
        taken = taken.exclude(route=route)
    if len(points) < 2:
        errors["points"] = _("一条路线至少要有 2 个巡检点。")
    elif len(points) > MAX_POINTS:
        errors["points"] = _("一条路线最多 %(n)s 个巡检点。") % {"n": MAX_POINTS}
    elif any(not n or len(n) > 60 for n, _c, _w in points):
        errors["points"] = _("每个巡检点都要有名称（不超过 60 个字）。")
    elif any(not CODE.match(c) for c in codes) or len(set(codes)) != len(codes):
        errors["points"] = _("巡检点编码为 2 到 24 位字母、数字、横线或下划线，且不能重复。")
    elif taken.exists():
        errors["points"] = _("巡检点编码 %(codes)s 已被其他路线使用。") % {
            "codes": "、".join(taken.values_list("code", flat=True)[:5])
        }
    if errors:
        raise ValidationError(errors)
    return name, points


def may_manage_route(actor: Person, path: str) -> bool:
    """Routes and their rounds are the staff's of the unit (its branch secretary first)."""
    return reach_of(actor, STAFF_ROLES).covers_path(path)


def route_create(*, actor: Person, unit: Organisation, name: str, points) -> Route:
    """`points`: (name, code, workplace or None) in the order they are walked."""
    if unit is None or unit.tree != Tree.UNIT or not reach_of(actor, STAFF_ROLES).covers(unit):
        raise OutOfScope()
    name, points = _clean_route(name, points)
    with transaction.atomic():
        route = Route.objects.create(unit=unit, org_path=unit.path, name=name, created_by=actor)
        Checkpoint.objects.bulk_create(
            Checkpoint(route=route, order=k + 1, name=n, code=c, workplace=w)
            for k, (n, c, w) in enumerate(points)
        )
        audit.record(action="patrol.route.create", actor=actor, obj=route)
    return route


def walked_points(route: Route) -> list[int]:
    return list(
        route.checkpoints.filter(retired=False).order_by("order").values_list("pk", flat=True)
    )


def route_edit(*, actor: Person, route_id: int, name: str, points, at=None) -> Route:
    """Rename the route, reorder, add or take off checkpoints. Not while a round of it is
    being walked; rounds already walked (or missed) keep the points they had, rounds
    still to start walk the new ones. A point taken off is retired, not deleted."""
    at = at or timezone.now()
    with transaction.atomic():
        route = Route.objects.select_for_update().filter(pk=route_id).first()
        if route is None or not may_manage_route(actor, route.org_path):
            raise OutOfScope()
        name, points = _clean_route(name, points, route=route)
        current = list(route.checkpoints.order_by("order"))
        before = [(p.name, p.code, p.workplace_id) for p in current if not p.retired]
        after = [(n, c, w.pk if w else None) for n, c, w in points]
        if before != after:
            walking = route.rounds.filter(state=RoundState.WALKING, due_by__gt=at)
            if walking.exists():
                raise ValidationError(
                    {"points": _("这条路线有正在进行的巡检，巡检结束后才能修改巡检点。")}
                )
            _rewrite_points(route, current, points)
            fresh = walked_points(route)
            route.rounds.filter(state=RoundState.PLANNED, due_by__gt=at).update(points=fresh)
        before_name, route.name = route.name, name
        route.save(update_fields=["name"])
        audit.record(
            action="patrol.route.edit", actor=actor, obj=route,
            before={"name": before_name, "points": [c for _n, c, _w in before]},
            after={"name": name, "points": [c for _n, c, _w in after]},
        )  # fmt: skip
    return route


def _rewrite_points(route: Route, current: list[Checkpoint], points) -> None:
    # (route, order) is unique: move every point out of the way first, then number them.
    route.checkpoints.update(order=F("order") + 10000)
    by_code = {p.code: p for p in current}
    for k, (n, c, w) in enumerate(points):
        point = by_code.pop(c, None) or Checkpoint(route=route, code=c)
        point.order, point.name, point.workplace, point.retired = k + 1, n, w, False
        point.save()
    for k, point in enumerate(by_code.values()):
        point.order, point.retired = 1000 + k, True
        point.save(update_fields=["order", "retired"])


def due_by(day: date, shift: str) -> datetime:
    midnight = timezone.make_aware(datetime.combine(day, time()))
    return midnight + timedelta(hours=SHIFT_END[shift])


def round_assign(*, actor: Person, route: Route, patrol: Person, day: date, shift: str) -> Round:
    if not reach_of(actor, STAFF_ROLES).covers_path(route.org_path):
        raise OutOfScope()
    errors = {}
    if shift not in Shift.values:
        errors["shift"] = _("请选择班次：早班、中班或夜班。")
    if patrol is None or not patrol.is_active or not patrol.is_party_member:
        errors["patrol"] = _("巡检人须是在职党员。")
    elif patrol.unit is None or not route.org_path.startswith(mine_of(patrol.unit).path):
        errors["patrol"] = _("巡检人须是本矿党员。")
    if not errors and Round.objects.filter(route=route, day=day, shift=shift).exists():
        errors["shift"] = _("这条路线这个班次已安排了巡检。")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        found = Round.objects.create(
            route=route, org_path=route.org_path, patrol=patrol, day=day, shift=shift,
            due_by=due_by(day, shift), assigned_by=actor, points=walked_points(route),
        )  # fmt: skip
        audit.record(action="patrol.round.assign", actor=actor, obj=found)
    return found


class Actor(Enum):
    PATROL = "patrol"  # the Party member the round is assigned to


ROUND_TRANSITIONS = table(
    Transition(
        "scan", gettext_lazy("扫码巡检"), (RoundState.PLANNED, RoundState.WALKING),
        RoundState.WALKING, (Actor.PATROL,),
        gettext_lazy("这次巡检安排给了别人，只能由巡检人本人扫码。"),
    ),
    Transition(
        "finish", gettext_lazy("结束巡检"), (RoundState.WALKING,), RoundState.DONE,
        (Actor.PATROL,), gettext_lazy("只有巡检人本人可以结束这次巡检。"),
    ),
)  # fmt: skip


def round_kinds(person: Person, found: Round, **context) -> set[Actor]:
    return {Actor.PATROL} if found.patrol_id == person.pk else set()


# The round's trace is the audit log (patrol.round.scan / .finish); its scans are rows.
round_flow = Workflow(
    model=Round,
    transitions=ROUND_TRANSITIONS,
    capacities=round_kinds,
    noun=gettext_lazy("这次巡检"),
    audit_prefix="patrol.round",
    related=("route",),
)


def round_scan(
    *, actor: Person, round_id: int, checkpoint: Checkpoint, note: str = "", photo=None,
    version: int | None = None, at=None,
) -> Scan:  # fmt: skip
    """The patrol at a checkpoint (its QR code), with a note or a photo. Scanning one
    further along passes over those between: they will count as missed."""
    at = at or timezone.now()
    note = (note or "").strip()[:300]
    photos = clean_photos([photo]) if photo else []
    if not note and not photos:
        raise ValidationError({"note": _("请写下巡检情况或拍一张照片。")})
    with transaction.atomic():
        found, transition = round_flow.begin(pk=round_id, name="scan", actor=actor, version=version)
        sequence = found.points or walked_points(found.route)
        if checkpoint.route_id != found.route_id or checkpoint.pk not in sequence:
            raise ValidationError({"checkpoint": _("这个巡检点不在本次巡检的路线上。")})
        done = [
            sequence.index(pk)
            for pk in found.scans.values_list("checkpoint_id", flat=True)
            if pk in sequence
        ]
        if done and sequence.index(checkpoint.pk) <= max(done):
            raise ValidationError({"checkpoint": _("这个巡检点已经过了：路线要按顺序巡检。")})
        scan = Scan(round=found, checkpoint=checkpoint, at=at, note=note)
        if photos:
            scan.photo.save(photos[0].name, photos[0], save=False)
        scan.save()
        if found.started_at is None:
            found.started_at = at
        round_flow.finish(found, transition, actor=actor, fields=["started_at"])
    return scan


def round_finish(*, actor: Person, round_id: int, version: int | None, at=None) -> Round:
    at = at or timezone.now()
    with transaction.atomic():
        found, transition = round_flow.begin(
            pk=round_id, name="finish", actor=actor, version=version
        )
        sequence = found.points or walked_points(found.route)
        scanned = found.scans.filter(checkpoint_id__in=sequence).count()
        found.missed_points = len(sequence) - scanned
        found.finished_at = at
        round_flow.finish(found, transition, actor=actor, fields=["missed_points", "finished_at"])
    return found
