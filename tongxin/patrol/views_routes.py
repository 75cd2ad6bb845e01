"""The staff's pages for patrol routes: define a route's checkpoints in order (each with
its QR code; a work place of the hazards area brings its own code), edit them while no
round is being walked, and assign rounds to Party members by shift (the platform's
person picker). Also the web form that registers a belt camera. Thin: fetch through the
scope, parse the form, call a service."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.access import area_required
from tongxin.core.forms import all_messages, posted, refusal, small_id
from tongxin.core.pickers import picker_context
from tongxin.core.timeline import Conflict
from tongxin.hazards.access import MANAGER_ROLES
from tongxin.hazards.models import Workplace
from tongxin.people.models import Organisation, OrgKind, Tree
from tongxin.people.scoping import STAFF_ROLES, is_staff_member, reach_of

from . import services
from .access import manages_cameras, route_for, route_patrols, routes_visible_to
from .models import RoundState, Shift
from .services.rounds import may_manage_route

REFUSALS = (ValidationError, PermissionDenied, Conflict)
ASSIGN_PICKER = "patrol.assign"
LINE = re.compile(r"[\s,，、]+")


def units_in(person, roles) -> list[Organisation]:
    """The mine, districts and departments in the person's reach, for a unit choice."""
    reach = reach_of(person, roles)
    if reach.empty:
        return []
    kinds = (OrgKind.MINE, OrgKind.DISTRICT, OrgKind.DEPARTMENT)
    return list(
        Organisation.objects.filter(reach.q("path"), tree=Tree.UNIT, kind__in=kinds).order_by(
            "path"
        )[:300]
    )


def parse_points(text: str, unit: Organisation | None) -> list:
    """One checkpoint a line, in the order walked: "编码 名称". A code that is a work
    place of the unit (the hazards area's place codes) links that place; its name may
    then be left out."""
    lines = [LINE.split(line.strip(), maxsplit=1) for line in (text or "").splitlines()]
    lines = [parts for parts in lines if parts and parts[0]]
    places = {}
    if unit is not None:
        codes = [parts[0] for parts in lines]
        places = {
            w.code: w
            for w in Workplace.objects.filter(code__in=codes, unit__path__startswith=unit.path)
        }
    points = []
    for parts in lines:
        place = places.get(parts[0])
        name = parts[1].strip() if len(parts) > 1 else (place.name if place else "")
        points.append((name, parts[0], place))
    return points


def points_text(points) -> str:
    return "\n".join(f"{p.code} {p.name}" for p in points)


def _unit_from(request, units) -> Organisation | None:
    pk = small_id(request.POST.get("unit"))
    return next((u for u in units if u.pk == pk), None)


# --- Routes --------------------------------------------------------------------------------


@area_required(is_staff_member)
def routes(request):
    rows = (
        routes_visible_to(request.user)
        .select_related("unit")
        .annotate(
            n_points=Count("checkpoints", filter=Q(checkpoints__retired=False), distinct=True),
            n_rounds=Count("rounds", distinct=True),
        )
        .order_by("org_path", "name")
    )
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(request, "patrol/routes.html", {"page": page})


def _route_form(request, *, units, errors=None, status=200, values=None):
    return render(
        request,
        "patrol/route_new.html",
        {
            "units": units,
            "errors": errors or {},
            "error_list": all_messages(errors or {}),
            "values": values or {},
        },
        status=status,
    )


@area_required(is_staff_member)
def route_new(request):
    units = units_in(request.user, STAFF_ROLES)
    if request.method != "POST":
        return _route_form(request, units=units)
    unit = _unit_from(request, units)
    try:
        if unit is None:
            raise ValidationError({"unit": _("请选择路线所属单位。")})
        route = services.route_create(
            actor=request.user, unit=unit, name=request.POST.get("name", ""),
            points=parse_points(request.POST.get("points", ""), unit),
        )  # fmt: skip
    except REFUSALS as exc:
        errors, status = refusal(exc)
        return _route_form(
            request, units=units, errors=errors, status=status,
            values=posted(request.POST, ["name", "points", "unit"]),
        )  # fmt: skip
    messages.success(request, _("已建立巡检路线：%(name)s。") % {"name": route.name})
    return redirect("patrol:route", pk=route.pk)


def _route_page(request, route, *, errors=None, status=200, values=None, form=""):
    today = timezone.localdate()
    points = list(route.checkpoints.filter(retired=False).select_related("workplace"))
    values = values or {}
    rounds = list(
        route.rounds.filter(day__gte=today).select_related("patrol").order_by("day", "due_by")[:30]
    )
    manage = may_manage_route(request.user, route.org_path)
    patrol_pk = small_id(values.get("patrol"))
    chosen = route_patrols(route).filter(pk=patrol_pk).first() if patrol_pk else None
    return render(
        request,
        "patrol/route.html",
        {
            "route": route,
            "points": points,
            "rounds": rounds,
            "walking": any(
                r.state == RoundState.WALKING and r.due_by > timezone.now() for r in rounds
            ),
            "manage": manage,
            "shifts": Shift.choices,
            "picker": picker_context(
                name=ASSIGN_PICKER,
                record=route,
                field="patrol",
                input_id="patrol",
                person=chosen,
                value=values.get("patrol", ""),
                invalid=bool((errors or {}).get("patrol")),
            ),  # fmt: skip
            "points_text": values.get("points", points_text(points)),
            "name": values.get("name", route.name),
            "day": values.get("day", today.isoformat()),
            "shift": values.get("shift", ""),
            "form": form,
            "errors": errors or {},
            "error_list": all_messages(errors or {}),
        },
        status=status,
    )


@area_required(is_staff_member)
def route(request, pk: int):
    return _route_page(request, route_for(request.user, pk))


@area_required(is_staff_member)
def route_edit(request, pk: int):
    found = route_for(request.user, pk)
    if request.method != "POST":
        return _route_page(request, found, form="edit")
    try:
        services.route_edit(
            actor=request.user, route_id=found.pk, name=request.POST.get("name", ""),
            points=parse_points(request.POST.get("points", ""), found.unit),
        )  # fmt: skip
    except REFUSALS as exc:
        errors, status = refusal(exc)
        return _route_page(
            request, route_for(request.user, pk), errors=errors, status=status, form="edit",
            values=posted(request.POST, ["name", "points"]),
        )  # fmt: skip
    messages.success(request, _("路线已保存；尚未开始的巡检按新的巡检点进行。"))
    return redirect("patrol:route", pk=found.pk)


@area_required(is_staff_member)
def route_assign(request, pk: int):
    found = route_for(request.user, pk)
    if request.method != "POST":
        return _route_page(request, found, form="assign")
    values = posted(request.POST, ["patrol", "day", "shift"])
    try:
        errors = {}
        patrol_pk = small_id(values["patrol"])
        patrol = route_patrols(found).filter(pk=patrol_pk).first() if patrol_pk else None
        if patrol is None:
            errors["patrol"] = _("请从列表中选择本矿的在职党员。")
        try:
            day = date.fromisoformat(values["day"].strip())
        except ValueError:
            errors["day"] = _("请填写巡检日期，如 2026-03-18。")
        if errors:
            raise ValidationError(errors)
        walk = services.round_assign(
            actor=request.user, route=found, patrol=patrol, day=day, shift=values["shift"]
        )
    except REFUSALS as exc:
        errors, status = refusal(exc)
        return _route_page(
            request, found, errors=errors, status=status, values=values, form="assign"
        )
    messages.success(
        request,
        _("已安排 %(name)s %(day)s %(shift)s巡检。")
        % {"name": patrol.name, "day": walk.day.isoformat(), "shift": walk.get_shift_display()},
    )
    return redirect("patrol:route", pk=found.pk)


# --- Figures -------------------------------------------------------------------------------

FIGURE_DAYS = 14
ECHARTS = "vendor/echarts/echarts.min.js"


@area_required(is_staff_member)
def figures(request):
    """Two weeks of the patrol in the viewer's reach: tables, and ECharts charts drawn
    from the same numbers where the platform serves ECharts (frontend/)."""
    from django.contrib.staticfiles import finders

    from . import selectors

    end = timezone.localdate()
    start = end - timedelta(days=FIGURE_DAYS - 1)
    data = selectors.figures_page(request.user, start, end, timezone.now())
    chart = {
        "days": [row["day"].strftime("%m-%d") for row in data["rows"]],
        "series": {
            key: [row[key] for row in data["rows"]]
            for key in ("deviation", "pileup", "whole", "partly", "missed")
        },
        "outcome": data["outcome"],
    }
    return render(
        request,
        "patrol/figures.html",
        {**data, "start": start, "end": end, "chart": chart, "echarts": finders.find(ECHARTS)},
    )


# --- Registering a camera ------------------------------------------------------------------


CAMERA_FIELDS = ("code", "name", "belt", "location", "snapshot_url", "snapshot_every", "unit")


def _camera_form(request, *, units, errors=None, status=200, values=None):
    return render(
        request,
        "patrol/camera_new.html",
        {
            "units": units,
            "errors": errors or {},
            "error_list": all_messages(errors or {}),
            "values": values or {"snapshot_every": "10"},
        },
        status=status,
    )


@area_required(manages_cameras)
def camera_new(request):
    """The web form beside POST /api/patrol/cameras: the managers of a unit (its head,
    safety officer, leadership) register its belt cameras (services.camera_create)."""
    units = units_in(request.user, MANAGER_ROLES)
    if request.method != "POST":
        return _camera_form(request, units=units)
    values = posted(request.POST, CAMERA_FIELDS)
    unit = _unit_from(request, units)
    try:
        if unit is None:
            raise ValidationError({"unit": _("请选择摄像头所属单位。")})
        every = small_id(values["snapshot_every"].strip())
        camera = services.camera_create(
            actor=request.user, unit=unit, code=values["code"], name=values["name"],
            belt=values["belt"], location=values["location"],
            snapshot_url=values["snapshot_url"], snapshot_every=every or 0,
        )  # fmt: skip
    except REFUSALS as exc:
        errors, status = refusal(exc)
        return _camera_form(request, units=units, errors=errors, status=status, values=values)
    messages.success(
        request, _("已登记摄像头 %(code)s，请上传参考画面完成标定。") % {"code": camera.code}
    )
    return redirect("patrol:calibrate", pk=camera.pk)
