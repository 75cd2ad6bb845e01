"""Registering a camera, its reference frame and the calibration versions."""

from __future__ import annotations

import re

import cv2
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.access import OutOfScope
from tongxin.core.timeline import Conflict
from tongxin.hazards.access import MANAGER_ROLES
from tongxin.people.models import Organisation, Person, Tree
from tongxin.people.scoping import reach_of

from .. import vision
from ..access import may_manage
from ..models import Calibration, Camera

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{1,23}$")
URL = re.compile(r"^(https?|rtsp)://\S+$|^/\S+$")


def _text(value, field: str, label: str, limit: int, errors: dict) -> str:
    value = (value or "").strip()
    if not value:
        errors[field] = _("请填写%(label)s。") % {"label": label}
    elif len(value) > limit:
        errors[field] = _("%(label)s不能超过 %(n)s 个字。") % {"label": label, "n": limit}
    return value


def camera_create(
    *,
    actor: Person,
    unit: Organisation | None,
    code: str,
    name: str,
    belt: str,
    location: str,
    snapshot_url: str = "",
    snapshot_every: int = 10,
    maintainer: Person | None = None,
    workplace=None,
) -> Camera:
    if unit is None or unit.tree != Tree.UNIT or not reach_of(actor, MANAGER_ROLES).covers(unit):
        raise OutOfScope()
    errors: dict = {}
    code = (code or "").strip()
    if not CODE.match(code):
        errors["code"] = _("编号为 2 到 24 位字母、数字、横线或下划线，如 CAM-0217。")
    elif Camera.objects.filter(code__iexact=code).exists():
        errors["code"] = _("编号 %(code)s 已被另一台摄像头使用。") % {"code": code}
    name = _text(name, "name", _("名称"), 60, errors)
    belt = _text(belt, "belt", _("皮带"), 60, errors)
    location = _text(location, "location", _("位置"), 120, errors)
    snapshot_url = (snapshot_url or "").strip()
    if snapshot_url and (len(snapshot_url) > 300 or not URL.match(snapshot_url)):
        errors["snapshot_url"] = _("取图地址应以 http://、https:// 或 rtsp:// 开头。")
    if not 1 <= int(snapshot_every or 0) <= 3600:
        errors["snapshot_every"] = _("取图间隔应在 1 到 3600 秒之间。")
    if maintainer is not None and not maintainer.is_active:
        errors["maintainer"] = _("维护人须是在职人员。")
    if workplace is not None and not workplace.unit.path.startswith(unit.path):
        errors["workplace"] = _("作业地点须属于该单位。")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        camera = Camera.objects.create(
            unit=unit,
            org_path=unit.path,
            code=code,
            name=name,
            belt=belt,
            location=location,
            snapshot_url=snapshot_url,
            snapshot_every=int(snapshot_every),
            maintainer=maintainer,
            workplace=workplace,
            registered_by=actor,
        )
        audit.record(action="patrol.camera.create", actor=actor, obj=camera)
    return camera


def _lock(camera_id: int, drawn_from: int | None) -> Camera:
    """The camera's row locked; `drawn_from` is the calibration number the page showed:
    a newer one in force means someone calibrated meanwhile."""
    camera = Camera.objects.select_for_update().select_related("calibration").get(pk=camera_id)
    current = camera.calibration.number if camera.calibration else 0
    if drawn_from is not None and current != drawn_from:
        raise Conflict(_("这台摄像头的标定刚被别人改过，请刷新后再调整。"))
    return camera


def _new_version(camera, actor, data: dict, reference, *, confirmed: bool, note: str):
    number = (
        camera.calibrations.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    calibration = Calibration(
        camera=camera, number=number, data=data, confirmed=confirmed, made_by=actor, note=note
    )
    if isinstance(reference, bytes):
        calibration.reference.save(
            f"{camera.code}-v{number}.jpg", ContentFile(reference), save=False
        )
    else:
        calibration.reference.name = reference
    calibration.save()
    camera.calibration = calibration
    camera.recent = {}  # levels measured against the old calibration no longer count
    camera.save(update_fields=["calibration", "recent"])
    audit.record(action="patrol.calibration.create", actor=actor, obj=calibration)
    return calibration


def reference_set(*, actor: Person, camera: Camera, data: bytes) -> Calibration:
    """A reference frame of the belt running normally: the edges, centre line and the
    zone's reference found in it, as a new (unconfirmed) calibration version in force
    until a person confirms or adjusts it."""
    if not may_manage(actor, camera):
        raise PermissionDenied(_("只有该单位的负责人、安全员或矿领导可以标定摄像头。"))
    try:
        image = vision.decode(data)
    except vision.BadImage as exc:
        raise ValidationError({"image": str(exc)}) from None
    found = vision.calibrate(image)
    _ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 90])
    with transaction.atomic():
        camera = _lock(camera.pk, None)
        return _new_version(
            camera, actor, found.to_dict(), encoded.tobytes(), confirmed=False,
            note=_("由参考画面自动识别"),
        )  # fmt: skip


def calibration_adjust(
    *,
    actor: Person,
    camera: Camera,
    drawn_from: int | None,
    roi: tuple[float, float],
    left: tuple[float, float],
    right: tuple[float, float],
    zone: tuple[float, float, float, float],
) -> Calibration:
    """A person confirms the edges (unchanged) or drags them: a new, confirmed version
    on the same reference frame."""
    if not may_manage(actor, camera):
        raise PermissionDenied(_("只有该单位的负责人、安全员或矿领导可以标定摄像头。"))
    if camera.calibration is None:
        raise ValidationError({"image": _("请先上传一张皮带正常运行时的参考画面。")})
    current = vision.Calibration.from_dict(camera.calibration.data)
    adjusted = vision.Calibration(
        width=current.width,
        height=current.height,
        roi=tuple(roi),
        left=tuple(left),
        right=tuple(right),
        zone=tuple(zone),
        polarity=current.polarity,
        grid=current.grid,
    )
    problems = adjusted.check()
    if problems:
        raise ValidationError({"calibration": problems})
    with transaction.atomic():
        camera = _lock(camera.pk, drawn_from)
        unchanged = adjusted.to_dict() == current.to_dict()
        return _new_version(
            camera, actor, adjusted.to_dict(), camera.calibration.reference.name,
            confirmed=True, note=_("人工确认") if unchanged else _("人工调整"),
        )  # fmt: skip
