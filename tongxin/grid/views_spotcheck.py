"""Discipline inspectors' spot checks: draw grid members at random for a branch or the
mine, see the history, and record a finding per member against their figures of the
month. Only inspectors see these pages; anyone else gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.access import area_required, fetch
from tongxin.core.forms import refusal
from tongxin.people.selectors import unit_labels

from . import selectors_branch as sel
from .forms_branch import FINDING_CHOICES, SpotDrawForm, form_errors
from .models import SpotCheckItem
from .periods import first_of
from .services import spotchecks as services

PAGE_SIZE = 30


inspector_required = area_required(lambda person: not sel.inspector_reach(person).empty)


@inspector_required
def spot_home(request):
    viewer = request.user
    scopes = sel.inspector_scopes(viewer)
    errors, status, posted = {}, 200, {}
    if request.method == "POST":
        posted = request.POST
        form = SpotDrawForm(request.POST)
        if not form.is_valid():
            errors, status = form_errors(form), 400
        else:
            data = form.cleaned_data
            by_pk = {s.pk: s for s in scopes}
            try:
                check = services.spot_draw(
                    actor=viewer,
                    scope=by_pk.get(data["scope"]),
                    size=data["size"] or 0,
                    note=data["note"],
                )
            except (ValidationError, PermissionDenied) as exc:
                errors, status = refusal(exc)
            else:
                messages.success(
                    request, _("已随机抽取 %(n)s 名网格员。") % {"n": check.sample_size}
                )
                return redirect("grid:spot_detail", pk=check.pk)
    page = Paginator(sel.spot_history(viewer), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "scopes": scopes,
        "page": page,
        "errors": errors,
        "posted": posted,
        "max_size": services.MAX_SAMPLE,
        "query": "",
    }
    return render(request, "grid/spotcheck/home.html", context, status=status)


def _check_context(viewer, check, **extra) -> dict:
    items = list(check.items.select_related("member__unit").order_by("pk"))
    month = first_of(timezone.localdate())
    figures = sel.member_month([i.member_id for i in items], month)
    labels = unit_labels({i.member.unit for i in items if i.member.unit_id})
    for item in items:
        item.figures = figures.get(item.member_id, {})
        item.unit_label = labels.get(item.member.unit_id, "")
    context = {
        "check": check,
        "items": items,
        "month": month,
        "can_record": check.inspector_id == viewer.pk,
        "findings": FINDING_CHOICES,
        "errors": {},
        "posted": {},
        "active_item": None,
        "done": sum(1 for i in items if i.finding != "pending"),
    }
    context.update(extra)
    return context


@inspector_required
def spot_detail(request, pk: int):
    check = sel.spot_check_for(request.user, pk)
    return render(request, "grid/spotcheck/check.html", _check_context(request.user, check))


@inspector_required
@require_POST
def spot_record(request, pk: int, item_id: int):
    viewer = request.user
    check = sel.spot_check_for(viewer, pk)
    item = fetch(SpotCheckItem, pk=item_id, spot_check=check)
    try:
        services.spot_record(
            actor=viewer,
            item_id=item.pk,
            finding=request.POST.get("finding", ""),
            note=request.POST.get("note", ""),
        )
    except (ValidationError, PermissionDenied) as exc:
        errors, status = refusal(exc)
    else:
        messages.success(request, _("检查结果已记录。"))
        return redirect(reverse("grid:spot_detail", args=[check.pk]) + f"#item-{item.pk}")
    context = _check_context(viewer, check, errors=errors, posted=request.POST, active_item=item.pk)
    return render(request, "grid/spotcheck/check.html", context, status=status)
