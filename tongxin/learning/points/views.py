"""The points pages: a person's own (on the phone) and the Party committee's rules."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.access import area_required
from tongxin.core.forms import all_messages, parse_version, refusal, small_id
from tongxin.core.workflow import Conflict

from ..access import edits_point_rules
from . import selectors, services


@login_required
def mine(request):
    today = timezone.localdate()
    week_start = today - timedelta(days=today.weekday())
    year_start = today.replace(month=1, day=1)
    page = Paginator(selectors.recent_events(request.user), 30).get_page(request.GET.get("page"))
    rows = selectors.day_by_rule(request.user, today)
    return render(
        request,
        "learning/points/mine.html",
        {
            "rows": rows,
            "today_total": sum(r["earned"] for r in rows),
            "totals": selectors.totals_since(request.user, week=week_start, year=year_start),
            "page": page,
        },
    )


def _rules_page(request, *, errors=None, status=200, failed_pk=None, values=None):
    return render(
        request,
        "learning/points/rules.html",
        {
            "rules": selectors.rules_for_editor(request.user),
            "errors": errors or {},
            "error_list": all_messages(errors or {}),
            "failed_pk": failed_pk,
            "values": values or {},
        },
        status=status,
    )


@area_required(edits_point_rules)
def rules(request):
    return _rules_page(request)


@area_required(edits_point_rules)
@require_POST
def rule_update(request, pk: int):
    try:
        services.rule_update(
            actor=request.user,
            rule_id=small_id(pk) or 0,
            version=parse_version(request.POST.get("version")),
            points=request.POST.get("points"),
            daily_cap=request.POST.get("daily_cap"),
            is_active=request.POST.get("is_active") == "on",
        )
    except (ValidationError, PermissionDenied, Conflict) as exc:
        errors, status = refusal(exc)
        values = {k: request.POST.get(k, "")[:6] for k in ("points", "daily_cap")}
        return _rules_page(request, errors=errors, status=status, failed_pk=pk, values=values)
    messages.success(request, _("积分规则已保存，自下一次计分起生效。"))
    return redirect("learning:point_rules")
