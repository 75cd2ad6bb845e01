"""A frame in: analysed against the camera's calibration, then the camera's state moved
on under its row lock: the levels of the last N frames, a fault, the detections.

The analysis (a few milliseconds, tongxin/patrol/vision) runs before the lock, so two
frames of one camera arriving together wait for each other only for the bookkeeping.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.notify import notify

from .. import vision
from ..models import Camera, Fault, Kind
from ..vision.image import same_picture
from .detections import clear, open_detection

log = logging.getLogger(__name__)
# Keep the latest frame on disk every so many frames (and whenever it is not normal):
# the camera page shows it, and writing each of 16 frames a second is wasted work.
LATEST_EVERY = 10


@dataclass
class FrameOutcome:
    camera: Camera
    analysis: vision.Analysis
    levels: dict  # {"deviation": "normal|warning|alarm|fault", "pileup": ...}
    fault: str = ""  # this frame's fault ("" when the view could be judged)
    persisting: dict = field(default_factory=dict)  # kind -> bool: K of the last N
    detections: dict = field(default_factory=dict)  # kind -> the active Detection

    @property
    def detection_id(self) -> int | None:
        for kind in (Kind.DEVIATION, Kind.PILEUP):
            if self.persisting.get(kind) and kind in self.detections:
                return self.detections[kind].pk
        return None


def calibration_of(camera: Camera) -> vision.Calibration:
    """The camera's calibration, parsed once per process: a version never changes once
    saved (an adjustment is a new version), so its pk and time make the key (the time
    too: a database that was rolled back may give a pk out again)."""
    calibration = camera.calibration
    key = (calibration.pk, calibration.made_at)
    cached = _by_pk.get(key)
    if cached is None:
        cached = _by_pk[key] = vision.Calibration.from_dict(calibration.data)
        if len(_by_pk) > 256:
            _by_pk.pop(next(iter(_by_pk)))
    return cached


_by_pk: dict[tuple, vision.Calibration] = {}


def frame_receive(*, camera: Camera, data: bytes, at=None) -> FrameOutcome:
    """Analyse one JPEG or PNG frame of `camera` (ValidationError for a bad upload)."""
    at = at or timezone.now()
    if camera.calibration_id is None:
        raise ValidationError({"image": _("这台摄像头尚未标定，请先上传参考画面。")})
    try:
        image = vision.decode(data)
    except vision.BadImage as exc:
        raise ValidationError({"image": str(exc)}) from None
    calibration = calibration_of(camera)
    if image.shape[1] != calibration.width or image.shape[0] != calibration.height:
        raise ValidationError(
            {
                "image": _("画面尺寸 %(w)s×%(h)s 与标定的 %(cw)s×%(ch)s 不符。")
                % {
                    "w": image.shape[1],
                    "h": image.shape[0],
                    "cw": calibration.width,
                    "ch": calibration.height,
                }
            }
        )
    analysis = vision.analyse(image, calibration)
    with transaction.atomic():
        return _advance(camera.pk, image, calibration, analysis, at)


def _advance(camera_id, image, calibration, analysis, at) -> FrameOutcome:
    camera = Camera.objects.select_for_update().select_related("calibration").get(pk=camera_id)
    fault = analysis.fault
    if not fault and same_picture(analysis.signature, bytes(camera.signature or b"")):
        # The very same picture again: a frozen encoder or a stuck NVR channel.
        fault = Fault.FROZEN
        analysis.offset_ratio = analysis.pileup_ratio = None
    levels = {
        Kind.DEVIATION: vision.level_of(
            analysis.offset_ratio, camera.deviation_warning, camera.deviation_alarm
        ),
        Kind.PILEUP: vision.level_of(
            analysis.pileup_ratio, camera.pileup_warning, camera.pileup_alarm
        ),
    }
    recent = {key: list(value) for key, value in (camera.recent or {}).items()}
    n, k = camera.alarm_n, camera.alarm_k
    for key, value in (
        (Kind.DEVIATION, levels[Kind.DEVIATION]),
        (Kind.PILEUP, levels[Kind.PILEUP]),
        ("fault", fault),
    ):  # noqa: E501
        recent[key] = [*recent.get(key, []), value][-n:]
    outcome = FrameOutcome(camera=camera, analysis=analysis, levels=levels, fault=fault)
    active = {d.kind: d for d in camera.detections.filter(cleared_at__isnull=True)}
    for kind in (Kind.DEVIATION, Kind.PILEUP):
        alarms = recent[kind].count("alarm")
        outcome.persisting[kind] = alarms >= k
        detection = active.get(kind)
        value = analysis.offset_ratio if kind == Kind.DEVIATION else analysis.pileup_ratio
        if detection is None and alarms >= k:
            try:
                detection = open_detection(camera, kind, image, calibration, analysis, value, at)
            except (PermissionDenied, ValidationError):
                # The person who registered the camera may no longer answer for its unit.
                log.warning("patrol: camera %s could not open a detection", camera.code)
        elif detection is not None and len(recent[kind]) >= n and alarms == 0:
            clear(detection, at)  # N frames in a row without an alarm: it has cleared
            detection = None
        elif detection is not None and value is not None and abs(value) > abs(detection.peak):
            detection.peak = value
            detection.save(update_fields=["peak"])
        if detection is not None:
            outcome.detections[kind] = detection
    fields = _fault_state(camera, recent["fault"], k, at)
    camera.recent = recent
    camera.signature = analysis.signature
    camera.last_frame_at = at
    camera.last_offset = analysis.offset_ratio
    camera.last_pileup = analysis.pileup_ratio
    camera.frames_seen += 1
    fields += ["recent", "signature", "last_frame_at", "last_offset", "last_pileup", "frames_seen"]
    unusual = fault or any(level != "normal" for level in levels.values())
    if not camera.latest or unusual or camera.frames_seen % LATEST_EVERY == 0:
        jpeg = vision.overlay(image, calibration, analysis)
        if camera.latest:
            camera.latest.delete(save=False)
        camera.latest.save(f"{camera.code}.jpg", ContentFile(jpeg), save=False)
        fields.append("latest")
    camera.save(update_fields=fields)
    return outcome


def _fault_state(camera: Camera, faults: list[str], k: int, at) -> list[str]:
    """K of the last N frames unjudgeable: the camera is at fault, and its maintainer is
    told once (not a hazard: the belt may be fine, the camera is not)."""
    codes = [f for f in faults if f]
    if len(codes) >= k:
        code = Counter(codes).most_common(1)[0][0]
        if camera.fault == code:
            return []
        first = not camera.fault
        camera.fault = code
        if first:
            camera.fault_since = at
            if camera.maintainer_id:
                notify(
                    recipients=[camera.maintainer],
                    title=_("摄像头 %(code)s 故障：%(fault)s")
                    % {"code": camera.code, "fault": Fault(code).label},
                    url=reverse("patrol:camera", kwargs={"pk": camera.pk}),
                )
        return ["fault", "fault_since"]
    if camera.fault and faults and not faults[-1]:
        camera.fault, camera.fault_since = "", None
        return ["fault", "fault_since"]
    return []
