"""The Party committee's set-up of the library: the manage page (modules, materials,
required courses), renaming and reordering modules, publishing and withdrawing
materials. Thin: writes through services, refusals shown on the page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.access import area_required
from tongxin.core.forms import all_messages, parse_date, parse_version, refusal, small_id
from tongxin.core.workflow import Conflict
from tongxin.people.models import Organisation, OrgKind, Tree
from tongxin.people.selectors import mine_of

from ..access import edits_learning_setup, setup_reach
from ..models import Kind, Material, Module, RequiredCourse, Who
from . import selectors, services

REFUSALS = (ValidationError, PermissionDenied, Conflict)


def _mine(request):
    reach = setup_reach(request.user)
    mines = Organisation.objects.filter(reach.q("path"), kind=OrgKind.MINE, tree=Tree.UNIT)
    if request.user.unit_id:
        own = mine_of(request.user.unit)
        if edits_learning_setup(request.user, own.path):
            return own
    return mines.first()


def _manage_page(request, *, errors=None, status=200, values=None):
    mine = _mine(request)
    if mine is None:
        raise Http404
    units = Organisation.objects.filter(
        path__startswith=mine.path, tree=Tree.UNIT, depth__lte=mine.depth + 1
    )
    return render(
        request,
        "learning/library/manage.html",
        {
            "mine": mine,
            "units": units,
            "modules": Module.objects.filter(mine=mine),
            "materials": Material.objects.filter(org_path__startswith=mine.path).select_related(
                "module"
            )[:100],
            "courses": RequiredCourse.objects.filter(org_path__startswith=mine.path)[:50],
            "kinds": Kind.choices,
            "whos": Who.choices,
            "audiences": [(k, v) for k, v in Who.choices if k != Who.EVERYONE],
            "errors": errors or {},
            "error_list": all_messages(errors or {}),
            "values": values or {},
        },
        status=status,
    )


@area_required(edits_learning_setup)
def manage(request):
    return _manage_page(request)


@area_required(edits_learning_setup)
@require_POST
def module_new(request):
    try:
        services.module_create(
            actor=request.user,
            mine=_mine(request),
            name=request.POST.get("name", ""),
            order=request.POST.get("order"),
        )
    except REFUSALS as exc:
        errors, status = refusal(exc)
        return _manage_page(request, errors=errors, status=status, values=request.POST.dict())
    messages.success(request, _("模块已添加。"))
    return redirect("learning:library_manage")


@area_required(edits_learning_setup)
@require_POST
def module_rename(request, pk: int):
    try:
        services.module_rename(
            actor=request.user,
            module_id=pk,
            name=request.POST.get("name", ""),
            was=request.POST.get("was", ""),
        )
    except REFUSALS as exc:
        errors, status = refusal(exc)
        return _manage_page(request, errors=errors, status=status)
    messages.success(request, _("模块已改名。"))
    return redirect("learning:library_manage")


@area_required(edits_learning_setup)
@require_POST
def module_move(request, pk: int):
    try:
        services.module_move(
            actor=request.user, module_id=pk, direction=request.POST.get("direction", "")
        )
    except REFUSALS as exc:
        errors, status = refusal(exc)
        return _manage_page(request, errors=errors, status=status)
    return redirect("learning:library_manage")


@area_required(edits_learning_setup)
@require_POST
def material_new(request):
    try:
        item = services.material_create(
            actor=request.user,
            module_id=small_id(request.POST.get("module")),
            unit_id=small_id(request.POST.get("unit")),
            kind=request.POST.get("kind", ""),
            title=request.POST.get("title", ""),
            body=request.POST.get("body", ""),
            file=request.FILES.get("file"),
            url=request.POST.get("url", ""),
            duration=request.POST.get("duration") or 0,
            audience=request.POST.get("audience") or Who.EVERYONE,
        )
    except REFUSALS as exc:
        errors, status = refusal(exc)
        return _manage_page(request, errors=errors, status=status, values=request.POST.dict())
    messages.success(request, _("资料已存为草稿，发布后学员可见。"))
    return redirect("learning:library_material", pk=item.pk)


@area_required(edits_learning_setup)
@require_POST
def course_new(request):
    deadline, _ok = parse_date(request.POST.get("deadline"))
    try:
        services.course_create(
            actor=request.user,
            unit_id=small_id(request.POST.get("unit")),
            title=request.POST.get("title", ""),
            who=request.POST.get("who", ""),
            deadline=deadline,
            material_ids=request.POST.getlist("materials"),
        )
    except REFUSALS as exc:
        errors, status = refusal(exc)
        return _manage_page(request, errors=errors, status=status, values=request.POST.dict())
    messages.success(request, _("必修课已添加。"))
    return redirect("learning:library_manage")


def _step(request, pk: int, service, done: str):
    item = selectors.material_for(request.user, pk)
    try:
        service(
            actor=request.user,
            material_id=item.pk,
            version=parse_version(request.POST.get("version")),
        )
    except REFUSALS as exc:
        errors, status = refusal(exc)
        if status == 403:
            raise
        messages.error(request, " ".join(all_messages(errors)))
        return redirect("learning:library_material", pk=item.pk)
    messages.success(request, done)
    return redirect("learning:library_material", pk=item.pk)


@login_required
@require_POST
def publish(request, pk: int):
    return _step(request, pk, services.material_publish, _("资料已发布。"))


@login_required
@require_POST
def withdraw(request, pk: int):
    return _step(request, pk, services.material_withdraw, _("资料已撤回。"))
