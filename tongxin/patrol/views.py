"""Thin views: fetch through the scope (404 outside it), call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.access import area_required
from tongxin.core.forms import all_messages, parse_version, posted, refusal
from tongxin.core.images import photo_response
from tongxin.core.timeline import Conflict
from tongxin.hazards.access import actor_kinds
from tongxin.hazards.services.base import hazard_flow
from tongxin.people.scoping import is_staff_member

from . import selectors, services
from .access import camera_for, detection_for, manages_cameras, may_manage, sees_cameras
from .models import Fault, Kind

REFUSALS = (ValidationError, PermissionDenied, Conflict)


# --- The patrol, on a phone ----------------------------------------------------------------


@login_required
def patrol_home(request):
    """What waits for the patrol: detections to confirm or dismiss at the belt."""
    waiting = Paginator(selectors.waiting_for_patrol(request.user), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "patrol/home.html",
        {
            "waiting": waiting,
            "recent": selectors.recent_detections(request.user)[:10],
            "sees_cameras": sees_cameras(request.user),
            "staff": is_staff_member(request.user),
        },
    )


def _detection_page(request, detection, *, errors=None, status=200, values=None):
    hazard = detection.hazard
    kinds = actor_kinds(request.user, hazard)
    available = set(hazard_flow.available(hazard, kinds))
    return render(
        request,
        "patrol/detection.html",
        {
            "detection": detection,
            "hazard": hazard,
            "camera": detection.camera,
            "can_confirm": "confirm" in available,
            "can_dismiss": "dismiss" in available,
            "errors": errors or {},
            "error_list": all_messages(errors or {}),
            "values": values or {},
        },
        status=status,
    )


@login_required
def detection(request, pk: int):
    return _detection_page(request, detection_for(request.user, pk))


@login_required
@require_POST
def detection_act(request, pk: int, action: str):
    found = detection_for(request.user, pk)
    try:
        version = parse_version(request.POST.get("version"))
        if action == "confirm":
            services.detection_confirm(
                actor=request.user, detection=found, version=version,
                note=request.POST.get("note", "")[:500],
            )  # fmt: skip
            messages.success(request, _("已确认，隐患转交单位负责人指派整改。"))
        else:
            services.detection_dismiss(
                actor=request.user, detection=found, version=version,
                reason=request.POST.get("reason", "")[:500],
            )  # fmt: skip
            messages.success(request, _("已排除误报，画面留存供复核阈值。"))
    except REFUSALS as exc:
        errors, status = refusal(exc)
        found.hazard.refresh_from_db()
        return _detection_page(
            request, found, errors=errors, status=status,
            values=posted(request.POST, ["note", "reason"]),
        )  # fmt: skip
    return redirect("patrol:home")


@login_required
def detection_image(request, pk: int, which: str):
    found = detection_for(request.user, pk)
    return photo_response(found.overlay if which == "overlay" else found.frame)


# --- Cameras, for the staff ----------------------------------------------------------------


@area_required(sees_cameras)
def camera_list(request):
    page = Paginator(selectors.camera_rows(request.user), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "patrol/cameras.html",
        {"page": page, "may_register": manages_cameras(request.user)},
    )


@area_required(sees_cameras)
def camera(request, pk: int):
    found = camera_for(request.user, pk)
    figures = selectors.camera_figures(found)
    return render(
        request,
        "patrol/camera.html",
        {
            "camera": found,
            "figures": [(label, figures.get(kind, {})) for kind, label in Kind.choices],
            "fault_label": Fault(found.fault).label if found.fault else "",
            "dismissed": selectors.dismissed_frames(found)[:12],
            "versions": found.calibrations.select_related("made_by")[:10],
            "may_manage": may_manage(request.user, found),
        },
    )


@area_required(sees_cameras)
def camera_image(request, pk: int, which: str):
    found = camera_for(request.user, pk)
    if which == "reference":
        if found.calibration is None:
            raise Http404
        return photo_response(found.calibration.reference)
    return photo_response(found.latest)


def _calibrate_page(request, found, *, errors=None, status=200):
    return render(
        request,
        "patrol/calibrate.html",
        {
            "camera": found,
            "calibration": found.calibration,
            "data": found.calibration.data if found.calibration else None,
            "errors": errors or {},
            "error_list": all_messages(errors or {}),
        },
        status=status,
    )


@area_required(sees_cameras)
def calibrate(request, pk: int):
    found = camera_for(request.user, pk)
    if not may_manage(request.user, found):
        raise PermissionDenied(_("只有该单位的负责人、安全员或矿领导可以标定摄像头。"))
    if request.method != "POST":
        return _calibrate_page(request, found)
    try:
        if "image" in request.FILES:
            services.reference_set(
                actor=request.user, camera=found, data=request.FILES["image"].read()
            )
            messages.success(request, _("已从参考画面识别皮带边缘，请确认或拖动调整。"))
        else:
            values = [_share(request.POST.get(name)) for name in FIELDS]
            services.calibration_adjust(
                actor=request.user,
                camera=found,
                drawn_from=parse_version(request.POST.get("version")),
                roi=values[0:2],
                left=values[2:4],
                right=values[4:6],
                zone=values[6:10],
            )
            messages.success(request, _("标定已保存为新版本。"))
    except REFUSALS as exc:
        errors, status = refusal(exc)
        return _calibrate_page(request, camera_for(request.user, pk), errors=errors, status=status)
    return redirect("patrol:calibrate", pk=found.pk)


FIELDS = (
    "roi_top", "roi_bottom", "left_top", "left_bottom", "right_top", "right_bottom",
    "zone_x0", "zone_y0", "zone_x1", "zone_y1",
)  # fmt: skip


def _share(value) -> float:
    try:
        number = float(str(value or "").strip())
    except ValueError:
        raise ValidationError(_("标定的点应为 0 到 1 之间的数。")) from None
    if not 0 <= number <= 1:
        raise ValidationError(_("标定的点应在画面之内。"))
    return number
