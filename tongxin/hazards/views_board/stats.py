"""Statistics per unit and period, and the missed inspections."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.people.models import Organisation, Person, Role, RoleAssignment
from tongxin.people.selectors import unit_labels
from tongxin.people.views import staff_required

from .. import selectors
from ..models import InspectionPlan, Level, Severity
from .common import errors_of, is_union, queries_of, top_unit, units_of

MISSED_PAGE_SIZE = 50


# A statistics period longer than this is refused: the due periods are counted per plan.
MAX_PERIOD_DAYS = 400


# Who normally leads an inspection at each level (shown on the missed-inspection list).
LEADER_POSTS = {
    Level.CREW_DAILY: ("班长",),
    Level.DISTRICT_WEEKLY: ("队长", "科长", "部长", "处长", "主任"),
}


class PeriodForm(forms.Form):
    unit = forms.IntegerField(required=False, min_value=1)
    since = forms.DateField(required=False)
    until = forms.DateField(required=False)


@dataclasses.dataclass
class Period:
    unit: Organisation | None
    since: date
    until: date
    errors: list[str]


def _period(request, units: list[Organisation], *, default_until: date) -> Period:
    """Unit and period from the query string: by default the viewer's top unit, this month."""
    form = PeriodForm(request.GET)
    form.is_valid()
    data = form.cleaned_data
    errors = errors_of(form)
    today = timezone.localdate()
    unit = top_unit(units)
    if data.get("unit"):
        chosen = next((u for u in units if u.pk == data["unit"]), None)
        if chosen is None:
            errors.append(_("单位：所选单位不在您的查看范围内。"))
        else:
            unit = chosen
    since = data.get("since") or today.replace(day=1)
    until = data.get("until") or max(default_until, since)
    if since > until:
        errors.append(_("结束日期不能早于开始日期，已改为按开始日期所在月份统计。"))
        until = _month_end(since)
    if (until - since).days > MAX_PERIOD_DAYS:
        errors.append(_("统计期间不能超过 %(n)s 天，已从开始日期起截取。") % {"n": MAX_PERIOD_DAYS})
        until = since + timedelta(days=MAX_PERIOD_DAYS)
    return Period(unit=unit, since=since, until=until, errors=errors)


def _month_end(day: date) -> date:
    following = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    return following - timedelta(days=1)


def _bars(rows: list[tuple[str, int]]) -> list[dict]:
    top = max((n for _label, n in rows), default=0)
    return [
        {"label": label, "n": n, "pct": round(100 * n / top) if top else 0} for label, n in rows
    ]


@staff_required
def stats(request):
    """Found, rectified, on time, overdue, by category and severity, and the inspections
    done against due, for one unit and period (隐患统计)."""
    viewer = request.user
    units = units_of(viewer)
    today = timezone.localdate()
    p = _period(request, units, default_until=today)
    context = {"period": p, "units": units, "active": "stats", "is_union": is_union(viewer)}
    if p.unit is not None:
        data = selectors.statistics(viewer, p.unit, p.since, p.until)
        by_severity = data["by_severity"]
        inspections = data["inspections"]
        for row in inspections:
            row["pct"] = round(100 * row["done"] / row["due"]) if row["due"] else None
        missed = selectors.missed_inspections(
            viewer, p.unit, p.since, min(p.until, today - timedelta(days=1))
        )
        _describe_missed(missed[:20])
        totals = data["totals"]
        context.update(
            {
                "totals": totals,
                "on_time_pct": None
                if data["on_time_rate"] is None
                else round(100 * data["on_time_rate"], 1),
                "rectified_pct": round(100 * totals["rectified"] / totals["found"], 1)
                if totals["found"]
                else None,
                "by_category": _bars([(r["category__name"], r["n"]) for r in data["by_category"]]),
                "by_severity": _bars(
                    [(str(label), by_severity.get(value, 0)) for value, label in Severity.choices]
                ),
                "inspections": inspections,
                "missed": missed[:20],
                "missed_count": len(missed),
            }
        )
    return render(request, "hazards/board/stats.html", context)


def _describe_missed(rows: list[dict]) -> None:
    """Who should have done each missed inspection, and where: a fixed number of queries."""
    plans = {row["plan"].pk: row["plan"] for row in rows}
    if not plans:
        return
    units = {plan.unit for plan in plans.values()}
    labels = unit_labels(units)
    details = {
        p.pk: p
        for p in InspectionPlan.objects.filter(pk__in=list(plans)).select_related(
            "workplace", "template"
        )
    }
    leaders: dict[tuple[int, str], list[str]] = {}
    posts = {post for names in LEADER_POSTS.values() for post in names}
    for person in Person.objects.filter(
        unit__in=[u.pk for u in units], is_active=True, post__in=posts
    ).order_by("employee_no"):
        leaders.setdefault((person.unit_id, person.post), []).append(person.name)
    secretaries: dict[int, list[str]] = {}
    monthly = [p.unit_id for p in plans.values() if p.level == Level.BRANCH_MONTHLY]
    if monthly:
        for assignment in RoleAssignment.objects.filter(
            role=Role.BRANCH_SECRETARY, organisation__unit_id__in=monthly, person__is_active=True
        ).select_related("person", "organisation"):
            secretaries.setdefault(assignment.organisation.unit_id, []).append(
                assignment.person.name
            )
    for row in rows:
        plan = row["plan"]
        detail = details.get(plan.pk)
        row["unit_label"] = labels.get(plan.unit_id, plan.unit.name)
        row["workplace"] = detail.workplace.name if detail and detail.workplace_id else ""
        row["checklist"] = detail.template.name if detail else ""
        if plan.level == Level.BRANCH_MONTHLY:
            names = secretaries.get(plan.unit_id, [])
        else:
            names = [
                name
                for post in LEADER_POSTS.get(plan.level, ())
                for name in leaders.get((plan.unit_id, post), [])
            ]
        row["who"] = "、".join(names[:3])


@staff_required
def inspections(request):
    """Missed inspections (漏检): each period that ended without its check, with the unit
    that should have done it and its leader."""
    viewer = request.user
    units = units_of(viewer)
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    p = _period(request, units, default_until=yesterday)
    until = min(p.until, yesterday)
    missed = selectors.missed_inspections(viewer, p.unit, p.since, until) if p.unit else []
    by_level = {value: 0 for value in Level.values}
    for row in missed:
        by_level[row["plan"].level] += 1
    page = Paginator(missed, MISSED_PAGE_SIZE).get_page(request.GET.get("page"))
    _describe_missed(page.object_list)
    query, _tabs = queries_of(request)
    context = {
        "period": p,
        "until": until,
        "units": units,
        "page": page,
        "total": len(missed),
        "by_level": [(label, by_level[value]) for value, label in Level.choices],
        "query": query,
        "active": "inspections",
        "is_union": is_union(viewer),
    }
    return render(request, "hazards/board/inspections.html", context)
