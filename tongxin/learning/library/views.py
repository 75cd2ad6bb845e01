"""The library's pages: the phone's modules, lists and material pages with their
heartbeat, the learning home, the branch secretary's study desk, the ranking, and the
Party committee's set-up. Thin: scope through selectors, writes through services."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.access import area_required, fetch
from tongxin.core.forms import small_id
from tongxin.core.ranges import ranged_file_response
from tongxin.core.timeline import Conflict
from tongxin.people.selectors import mine_of

from ..access import (
    branch_path_of,
    branches_visible_to,
    edits_learning_setup,
    is_party_officer,
)
from ..models import Kind, Material, StudyDay
from . import selectors, services

REFUSALS = (ValidationError, PermissionDenied, Conflict)
PERIODS = {"week": "本周", "month": "本月", "year": "今年"}


@login_required
def library(request):
    query = request.GET.get("q", "").strip()[:40]
    found = None
    if query:
        scoped = Material.objects.filter(selectors.readable_q(request.user))
        found = Paginator(
            selectors.search(request.user, scoped, query).select_related("module"), 20
        ).get_page(request.GET.get("page"))
    return render(
        request,
        "learning/library/modules.html",
        {"modules": selectors.modules_for(request.user), "query": query, "page": found},
    )


@login_required
def module(request, pk: int):
    shelf = fetch(selectors.modules_for(request.user), pk=pk)
    materials = Material.objects.filter(selectors.readable_q(request.user), module=shelf)
    page = Paginator(materials, 20).get_page(request.GET.get("page"))
    return render(request, "learning/library/module.html", {"module": shelf, "page": page})


@login_required
def material(request, pk: int):
    item = selectors.material_for(request.user, pk)
    return render(
        request,
        "learning/library/material.html",
        {
            "m": item,
            "actions": services.material_actions(request.user, item),
            "read_seconds": services.read_seconds(item),
            "done": StudyDay.objects.filter(
                person=request.user, material=item, completed_at__isnull=False
            ).exists(),
        },
    )


@login_required
def material_file(request, pk: int):
    item = selectors.material_for(request.user, pk)
    if not item.file:
        raise Http404
    content_type = "application/pdf" if item.kind == Kind.DOCUMENT else ""
    return ranged_file_response(request, item.file, content_type=content_type)


@login_required
@require_POST
def material_beat(request, pk: int):
    item = selectors.material_for(request.user, pk)
    result = services.beat(person=request.user, material=item, position=request.POST.get("p"))
    return JsonResponse(
        {"credited": result.credited, "points": result.points, "completed": result.completed}
    )


@login_required
def course(request, pk: int):
    """A required course of mine: its materials, each marked when I have finished it."""
    person = request.user
    item = fetch(selectors.courses_of(person), pk=pk)
    materials = list(item.materials.filter(selectors.readable_q(person)).select_related("module"))
    done = set(
        StudyDay.objects.filter(
            person=person, material__in=materials, completed_at__isnull=False
        ).values_list("material_id", flat=True)
    )
    return render(
        request,
        "learning/library/course.html",
        {"course": item, "rows": [(m, m.pk in done) for m in materials], "done": len(done)},
    )


@login_required
def home(request):
    person = request.user
    today = timezone.localdate()
    week = selectors.period_start("week", today)
    month = selectors.period_start("month", today)
    courses = list(selectors.courses_for(person, today).prefetch_related("materials"))
    done = set(
        StudyDay.objects.filter(person=person, completed_at__isnull=False).values_list(
            "material_id", flat=True
        )
    )
    rows = []
    for c in courses:
        ids = [m.pk for m in c.materials.all()]
        rows.append({"course": c, "total": len(ids), "done": len(done.intersection(ids))})
    return render(
        request,
        "learning/library/home.html",
        {
            "week": selectors.hours_by_module(person, week, today),
            "month": selectors.hours_by_module(person, month, today),
            "courses": rows,
            "is_officer": is_party_officer(person),
            "edits": edits_learning_setup(person),
        },
    )


def _period(request):
    today = timezone.localdate()
    period = request.GET.get("period", "month")
    if period not in PERIODS:
        period = "month"
    return period, selectors.period_start(period, today), today


def _branch(request):
    branches = list(branches_visible_to(request.user).order_by("path"))
    if not branches:
        raise Http404
    wanted = small_id(request.GET.get("branch"))
    chosen = next((b for b in branches if b.pk == wanted), branches[0])
    return branches, chosen


@area_required(is_party_officer)
def desk(request):
    branches, branch = _branch(request)
    period, start, end = _period(request)
    members = list(selectors.branch_members(branch.path).only("pk", "name", "employee_no"))
    seconds = selectors.branch_hours(branch.path, start, end)
    rows = [{"person": p, "hours": round(seconds.get(p.pk, 0) / 3600, 1)} for p in members]
    rows.sort(key=lambda r: -r["hours"])
    courses = selectors.courses_progress(
        selectors.courses_for_branch(branch).prefetch_related("materials")[:10], members
    )
    return render(
        request,
        "learning/library/desk.html",
        {
            "branches": branches,
            "branch": branch,
            "period": period,
            "periods": PERIODS,
            "rows": rows,
            "courses": courses,
            "flags": selectors.branch_flags(branch.path)[:30],
        },
    )


@login_required
def ranking(request):
    person = request.user
    period, start, end = _period(request)
    scope = request.GET.get("scope", "branch")
    branch_path = branch_path_of(person)
    if scope == "branch" and branch_path:
        q, label = Q(party_path__startswith=branch_path), _("本支部")
    elif person.unit_id:
        scope, q, label = "mine", Q(unit_path__startswith=mine_of(person.unit).path), _("全矿")
    else:
        raise Http404
    return render(
        request,
        "learning/library/ranking.html",
        {
            "rows": selectors.ranking(q, start, end),
            "period": period,
            "periods": PERIODS,
            "scope": scope,
            "label": label,
            "has_branch": bool(branch_path),
        },
    )
