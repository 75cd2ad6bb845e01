"""The demo mine's video patrol (SPEC §12), called by `manage.py seed_demo`.

Four belt cameras of demo01's mine, each calibrated on a synthetic reference frame
(tongxin/patrol/synth.py), registered by the mine's administrator (demo08), kept by
the head of 机电科 (demo05). A week of frames, run through the same analysis and
services as a camera's posts: alarms that persisted became detections (pending video
hazards of the mine), most cleared since; demo02 (a Party member) confirmed some and
dismissed others at the belt; one confirmed deviation has since been assigned by
demo10. One camera sends black frames now: it is at fault, its maintainer was told,
and it raises no deviation. Three detections wait for the patrol (demo02's 视频巡检).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from tongxin.hazards import services as hazards
from tongxin.hazards.models import Hazard, HazardEvent
from tongxin.people.models import OrgKind, Person
from tongxin.people.selectors import mine_of

from . import services, synth
from .models import Camera, Detection

CAMERAS = (
    # code, name, belt, location, which unit ("district": demo01's; "mine"), a seed
    ("CAM-0101", "1号皮带机尾", "综采工作面运输顺槽皮带", "运输顺槽 转载点", "district", 11),
    ("CAM-0102", "2号皮带机头", "综采工作面运输顺槽皮带", "运输顺槽 机头硐室", "district", 12),
    ("CAM-0201", "主斜井皮带机尾", "主斜井带式输送机", "主斜井 井底", "mine", 21),
    ("CAM-0202", "大巷皮带转载点", "主运输大巷皮带", "主运输大巷 3号联络巷", "mine", 22),
)
# The week, for each camera: (days ago, hour, kind of alarm, what the patrol did).
STORIES = {
    "CAM-0101": [
        (6, 9.5, "shift", "confirmed"), (4, 14.0, "pile", "dismissed"),
        (2, 10.0, "shift", "assigned"), (0, 8.2, "pile", "pending"),
    ],
    "CAM-0102": [(5, 16.0, "shift", "dismissed"), (1, 11.0, "pile", "confirmed"),
                 (0, 7.5, "shift", "pending")],
    "CAM-0201": [(3, 13.0, "pile", "confirmed"), (0, 6.0, "shift", "pending")],
    "CAM-0202": [(6, 20.0, "shift", "dismissed")],
}  # fmt: skip
FAULTY = "CAM-0202"
DISMISS = {"shift": "现场皮带运行正常，系检修人员遮挡", "pile": "转载点为检修临时堆放的托辊"}


@dataclass
class PatrolSeedResult:
    cameras: int
    detections: int
    by_state: dict[str, int]
    seconds: float


def seed(*, seed: int, progress: Callable[[str], None] | None = None) -> PatrolSeedResult | None:
    demo01 = Person.objects.filter(employee_no="demo01").select_related("unit").first()
    people = {p.employee_no: p for p in Person.objects.filter(employee_no__in=_LOGINS)}
    if demo01 is None or demo01.unit is None or set(people) != set(_LOGINS):
        return None
    mine = mine_of(demo01.unit)
    if Camera.objects.filter(org_path__startswith=mine.path).exists():
        return None
    started = time.monotonic()
    district = demo01.unit
    while district.kind != OrgKind.DISTRICT and district.get_parent() is not None:
        district = district.get_parent()
    with transaction.atomic():
        for row in CAMERAS:
            _camera(row, district if row[4] == "district" else mine, people, seed)
        _routes(district, people)
    detections = Detection.objects.filter(org_path__startswith=mine.path)
    by_state: dict[str, int] = {}
    for state in detections.values_list("hazard__state", flat=True):
        by_state[state] = by_state.get(state, 0) + 1
    result = PatrolSeedResult(
        len(CAMERAS), detections.count(), by_state, time.monotonic() - started
    )
    if progress:
        progress(
            f"视频巡检：{result.cameras} 台摄像头，{result.detections} 次报警"
            f"（待确认 {by_state.get('pending', 0)}，排除 {by_state.get('dismissed', 0)}），"
            f"{result.seconds:.1f} 秒"
        )
    return result


_LOGINS = ("demo02", "demo03", "demo05", "demo08", "demo10")
ROUTES = (
    ("运输顺槽皮带巡检", ("转载点", "1号皮带机尾", "2号皮带机头", "机头硐室配电点")),
    ("工作面安全巡检", ("工作面上隅角", "液压支架 30#", "工作面下隅角")),
)
# The week of demo02's rounds on the first route: (days ago, shift, what became of it);
# the second route has today's round still to walk.
ROUNDS = ((5, "morning", "done"), (3, "noon", "skipped"), (2, "morning", "unwalked"))


def _camera(row, unit, people, seed: int) -> None:
    code, name, belt, location, _where, number = row
    admin, patrol = people["demo08"], people["demo02"]
    camera = services.camera_create(
        actor=admin, unit=unit, code=code, name=name, belt=belt, location=location,
        maintainer=people["demo05"],
    )  # fmt: skip
    reference = synth.frame(synth.Scene(seed=seed * 1000 + number))
    services.reference_set(actor=admin, camera=camera, data=synth.encode(reference))
    camera.refresh_from_db()
    # Confirmed by the person who set it up, unchanged: version 2.
    data = camera.calibration.data
    services.calibration_adjust(
        actor=admin, camera=camera, drawn_from=camera.calibration.number, roi=data["roi"],
        left=data["left"], right=data["right"], zone=data["zone"],
    )  # fmt: skip
    camera.refresh_from_db()
    now = timezone.now()
    frame_seed = seed * 100_000 + number * 1000
    stories = STORIES[code]

    def send(at, **scene):
        nonlocal frame_seed
        frame_seed += 1
        scene.setdefault("dust", 0.2)
        data = synth.encode(synth.frame(synth.Scene(seed=frame_seed, **scene)))
        return services.frame_receive(camera=camera, data=data, at=at)

    for days, hour, kind, outcome in stories:
        at = now.replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=days)
        at += timedelta(hours=hour)
        if at > now:
            at = now - timedelta(minutes=30)
        scene = {"shift": 0.14 if frame_seed % 2 else -0.13} if kind == "shift" else {"pile": 0.8}
        for i in range(3):
            result = send(at + timedelta(seconds=10 * i), **scene)
        detection = result.detections["deviation" if kind == "shift" else "pileup"]
        _date_back(detection, at)
        if outcome != "pending":
            for i in range(4):  # the alarm clears
                send(at + timedelta(minutes=20, seconds=10 * i))
        _drive(detection, outcome, patrol, people, kind, at)
    if code == FAULTY:
        for i in range(4):
            send(now - timedelta(minutes=5 - i), fault="black")


def _date_back(detection: Detection, at) -> None:
    """The hazard the detection opened carries the detection's time, not the seeding's."""
    Hazard.objects.filter(pk=detection.hazard_id).update(created_at=at)
    HazardEvent.objects.filter(hazard_id=detection.hazard_id).update(at=at)


def _drive(detection: Detection, outcome: str, patrol, people, kind: str, at) -> None:
    hazard = detection.hazard
    if outcome == "pending":
        return
    if outcome == "dismissed":
        services.detection_dismiss(
            actor=patrol, detection=detection, version=None, reason=DISMISS[kind]
        )
    else:
        services.detection_confirm(
            actor=patrol, detection=detection, version=None, note="到现场确认属实"
        )
        if outcome == "assigned":
            hazards.hazard_assign(
                hazard_id=hazard.pk, version=None, actor=people["demo10"],
                responsible=people["demo10"], measures="调整托辊、校正皮带",
            )  # fmt: skip
    later = at + timedelta(minutes=35)
    HazardEvent.objects.filter(hazard_id=hazard.pk).exclude(action="create").filter(
        at__gt=at
    ).update(at=later)


def _routes(district, people) -> None:
    """Two routes of demo01's district, set up by its branch secretary (demo03), with a
    week of demo02's rounds: one walked whole, one with a checkpoint skipped, one never
    walked (both missed, on demo03's list), and today's on the second route to walk; the
    first route edited since (a checkpoint retired, one added)."""
    from tongxin.hazards.models import Workplace

    secretary, patrol = people["demo03"], people["demo02"]
    places = list(Workplace.objects.filter(unit__path__startswith=district.path)[:1])
    routes = []
    for k, (name, points) in enumerate(ROUTES):
        rows = [(p, f"XJ{k + 1}-{n + 1:02d}", None) for n, p in enumerate(points)]
        if k == 1 and places:  # a work place of the hazards area: its own code and QR
            rows[1] = (places[0].name, places[0].code, places[0])
        routes.append(services.route_create(actor=secretary, unit=district, name=name, points=rows))
    today = timezone.localdate()
    for days, shift, outcome in ROUNDS:
        day = today - timedelta(days=days)
        walk = services.round_assign(
            actor=secretary, route=routes[0], patrol=patrol, day=day, shift=shift
        )
        if outcome == "unwalked":
            continue
        start = services.rounds.due_by(day, shift) - timedelta(hours=6)
        points = list(routes[0].checkpoints.all())
        if outcome == "skipped":
            points = points[:1] + points[2:]
        for n, point in enumerate(points):
            services.round_scan(
                actor=patrol, round_id=walk.pk, checkpoint=point,
                at=start + timedelta(minutes=20 * n),
                note="皮带运行正常，无跑偏、无堆煤" if n % 2 == 0 else "托辊转动正常",
            )  # fmt: skip
        services.round_finish(
            actor=patrol, round_id=walk.pk, version=None, at=start + timedelta(minutes=90)
        )
    # After that week demo03 took the power point off the first route and added the
    # tail scraper: the past rounds keep the four points they were walked with.
    first = routes[0].checkpoints.filter(retired=False).order_by("order")
    rows = [(p.name, p.code, p.workplace) for p in first][:3] + [("机尾清扫器", "XJ1-05", None)]
    services.route_edit(actor=secretary, route_id=routes[0].pk, name=routes[0].name, points=rows)
    now = timezone.localtime()
    shift = "noon" if now.hour >= 16 else "morning" if now.hour >= 8 else "night"
    services.round_assign(actor=secretary, route=routes[1], patrol=patrol, day=today, shift=shift)
