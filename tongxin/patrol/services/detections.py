"""A persisting alarm becomes a hazard waiting for the Party-member patrol (the hazards
area's detection intake); the patrol confirms it, after which it follows the hazard's
lifecycle, or dismisses it with a reason (its frame stays with the camera, for
reviewing the camera's thresholds). When the alarm clears, the detection says so."""

from __future__ import annotations

import cv2
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _

from tongxin.hazards import services as hazards
from tongxin.hazards.models import HazardCategory, Severity
from tongxin.people.models import Person

from .. import vision
from ..models import Camera, Detection, Kind

# The hazards' category for a belt's troubles (seeded with the hazards area).
CATEGORY = "运输"


def describe(kind: str, value: float | None) -> str:
    if kind == Kind.DEVIATION:
        side = _("向右") if (value or 0) > 0 else _("向左")
        return _("视频分析：皮带跑偏，%(side)s偏离带宽的 %(pct).0f%%") % {
            "side": side,
            "pct": abs(value or 0) * 100,
        }
    return _("视频分析：物料堆积，覆盖检测区的 %(pct).0f%%") % {"pct": (value or 0) * 100}


def open_detection(camera: Camera, kind: str, image, calibration, analysis, value, at):
    """Inside the camera's lock (services.frames): one detection per camera and kind."""
    overlay = vision.overlay(image, calibration, analysis)
    _ok, frame = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 85])
    category = (
        HazardCategory.objects.filter(name=CATEGORY, is_active=True).first()
        or HazardCategory.objects.filter(is_active=True).first()
    )
    stamp = at.strftime("%Y%m%dT%H%M%S")
    hazard = hazards.detection_create(
        actor=camera.registered_by,
        unit=camera.unit,
        finding=hazards.Finding(
            location=f"{camera.location} {camera.belt}"[:120],
            category=category,
            severity=Severity.GENERAL,
            description=describe(kind, value),
            measures=_("停机清理物料") if kind == Kind.PILEUP else _("调整托辊和皮带张紧"),
            workplace=camera.workplace,
        ),
        photo=SimpleUploadedFile(f"{camera.code}-{stamp}.jpg", overlay, "image/jpeg"),
        source_ref=f"{camera.code}/{stamp}",
        confidence=None,
    )
    detection = Detection(
        camera=camera,
        org_path=camera.org_path,
        kind=kind,
        hazard=hazard,
        opened_at=at,
        value=value or 0.0,
        peak=value or 0.0,
        calibration=camera.calibration,
    )
    detection.frame.save(f"{camera.code}-{stamp}.jpg", ContentFile(frame.tobytes()), save=False)
    detection.overlay.save(f"{camera.code}-{stamp}-o.jpg", ContentFile(overlay), save=False)
    detection.save()
    return detection


def clear(detection: Detection, at) -> None:
    detection.cleared_at = at
    detection.save(update_fields=["cleared_at"])


def detection_confirm(*, actor: Person, detection: Detection, version: int | None, note: str = ""):
    """The patrol saw it at the belt: the hazard goes on to be assigned and rectified."""
    return hazards.hazard_confirm(
        hazard_id=detection.hazard_id, version=version, actor=actor, note=note or ""
    )


def detection_dismiss(*, actor: Person, detection: Detection, version: int | None, reason: str):
    return hazards.hazard_dismiss(
        hazard_id=detection.hazard_id, version=version, actor=actor, reason=reason
    )
