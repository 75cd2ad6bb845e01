"""Patrol rounds on the phone (a QR code at each checkpoint opens its page), and the
branch's list of what was missed. Thin: fetch through the scope, call a service."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.access import area_required
from tongxin.core.forms import all_messages, parse_version, posted, refusal
from tongxin.core.timeline import Conflict
from tongxin.people.scoping import is_staff_member

from . import selectors, services
from .access import checkpoint_for, round_for

REFUSALS = (ValidationError, PermissionDenied, Conflict)


@login_required
def rounds(request):
    today = timezone.localdate()
    return render(
        request,
        "patrol/rounds.html",
        {
            "rounds": selectors.my_rounds(request.user, today),
            "staff": is_staff_member(request.user),
        },
    )


@login_required
def round_detail(request, pk: int):
    found = round_for(request.user, pk)
    return render(
        request,
        "patrol/round.html",
        {
            "round": found,
            "points": selectors.round_points(found),
            "mine": found.patrol_id == request.user.pk,
        },
    )


@login_required
@require_POST
def round_finish(request, pk: int):
    found = round_for(request.user, pk)
    try:
        services.round_finish(
            actor=request.user,
            round_id=found.pk,
            version=parse_version(request.POST.get("version")),
        )
    except REFUSALS as exc:
        errors, status = refusal(exc)
        messages.error(request, " ".join(all_messages(errors)))
        return redirect("patrol:round", pk=found.pk)
    messages.success(request, _("本次巡检已完成。"))
    return redirect("patrol:round", pk=found.pk)


def _checkpoint_page(request, point, found, *, errors=None, status=200, values=None):
    return render(
        request,
        "patrol/checkpoint.html",
        {
            "point": point,
            "round": found,
            "errors": errors or {},
            "error_list": all_messages(errors or {}),
            "values": values or {},
        },
        status=status,
    )


@login_required
def checkpoint(request, code: str):
    """What a checkpoint's QR code opens: record the scan for the person's round."""
    point = checkpoint_for(request.user, code)
    found = selectors.open_round_at(request.user, point, timezone.now())
    if request.method != "POST":
        return _checkpoint_page(request, point, found)
    try:
        if found is None:
            raise ValidationError(_("您当前没有这条路线的巡检任务。"))
        services.round_scan(
            actor=request.user, round_id=found.pk, checkpoint=point,
            note=request.POST.get("note", ""), photo=request.FILES.get("photo"),
            version=parse_version(request.POST.get("version")),
        )  # fmt: skip
    except REFUSALS as exc:
        errors, status = refusal(exc)
        return _checkpoint_page(
            request, point, found, errors=errors, status=status,
            values=posted(request.POST, ["note"]),
        )  # fmt: skip
    messages.success(request, _("已记录巡检点：%(name)s。") % {"name": point.name})
    return redirect("patrol:round", pk=found.pk)


@login_required
def checkpoint_qr(request, code: str):
    point = checkpoint_for(request.user, code)
    url = request.build_absolute_uri(reverse("patrol:checkpoint", kwargs={"code": point.code}))
    svg = segno.make(url, error="m").svg_inline(scale=6)
    return HttpResponse(svg, content_type="image/svg+xml")


@area_required(is_staff_member)
def missed(request):
    page = Paginator(selectors.missed_rounds(request.user, timezone.now()), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "patrol/missed.html", {"page": page})
