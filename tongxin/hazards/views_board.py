"""The desk pages of the hazards area (SPEC §4): the open-hazard board, the union's
labour-protection supervision, statistics per unit and period, missed inspections, the
ledger (隐患排查治理台账) export and the sheet of work-place QR codes to print.

Thin: the filter forms parse the query string, selectors read (already scoped to the
viewer), services write. Every list is paginated and its number of queries does not
grow with the rows (unit labels, supervision notes and crew leaders are read once per
page).
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core.access import reason_of
from tongxin.people.models import Organisation, Person, Role, RoleAssignment
from tongxin.people.scoping import Reach, reach_of
from tongxin.people.selectors import unit_labels
from tongxin.people.views import staff_required

from . import export as ledger
from . import selectors, services
from .access import hazards_visible_to
from .models import (
    CLOCK_STATES,
    HazardCategory,
    HazardEvent,
    InspectionPlan,
    Level,
    Severity,
    Workplace,
)
from .selectors import BoardFilter

PAGE_SIZE = 30
MISSED_PAGE_SIZE = 50
QR_SHEET_MAX = 300
# A statistics period longer than this is refused: the due periods are counted per plan.
MAX_PERIOD_DAYS = 400
# More units than this in the filter list would make an unusable <select>.
MAX_UNITS = 3000

# The board's tabs: "open" is every state still to be dealt with.
TABS = ("open", "all", "pending", "reported", "rectifying", "rectified", "closed", "dismissed")
SUPERVISION_ACTIONS = {
    "union_note": gettext_lazy("监督意见已记录在隐患时间线上。"),
    "urge": gettext_lazy("已督促整改责任人及其单位负责人。"),
}
# Who normally leads an inspection at each level (shown on the missed-inspection list).
LEADER_POSTS = {
    Level.CREW_DAILY: ("班长",),
    Level.DISTRICT_WEEKLY: ("队长", "科长", "部长", "处长", "主任"),
}


# --- parsing the query string ---------------------------------------------------------------


class DeskFilterForm(forms.Form):
    state = forms.ChoiceField(choices=[(t, t) for t in TABS], required=False)
    unit = forms.IntegerField(required=False, min_value=1)
    severity = forms.ChoiceField(choices=[("", ""), *Severity.choices], required=False)
    category = forms.IntegerField(required=False, min_value=1)
    overdue = forms.BooleanField(required=False)
    supervised = forms.BooleanField(required=False)
    since = forms.DateField(required=False)
    until = forms.DateField(required=False)

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("结束日期不能早于开始日期。"))
            data.pop("until", None)
        return data


@dataclasses.dataclass
class DeskFilter:
    board: BoardFilter
    tab: str = "open"
    since: date | None = None
    until: date | None = None
    errors: list[str] = dataclasses.field(default_factory=list)


def _units(viewer: Person, reach: Reach | None = None) -> list[Organisation]:
    """The mines, districts and departments the viewer may narrow a page to."""
    units = list(selectors.units_for(viewer)[:MAX_UNITS])
    if reach is not None:
        units = [u for u in units if reach.covers(u)]
    return units


def _top_unit(units: list[Organisation]) -> Organisation | None:
    return min(units, key=lambda u: (u.depth, u.path)) if units else None


def _errors_of(form: forms.Form) -> list[str]:
    labels = {
        "unit": _("单位"),
        "severity": _("等级"),
        "category": _("类别"),
        "since": _("开始日期"),
        "until": _("结束日期"),
        "state": _("状态"),
    }
    return [
        f"{labels.get(name, name)}：{error}"
        for name, errors in form.errors.items()
        for error in errors
    ]


def _desk_filter(request, units: list[Organisation], *, default_tab: str = "open") -> DeskFilter:
    """The filter in the query string; a value that is not valid is left out and said."""
    form = DeskFilterForm(request.GET)
    form.is_valid()
    data = form.cleaned_data
    errors = _errors_of(form)
    by_pk = {u.pk: u for u in units}
    unit = None
    if data.get("unit"):
        unit = by_pk.get(data["unit"])
        if unit is None:
            errors.append(_("单位：所选单位不在您的查看范围内。"))
    return DeskFilter(
        board=BoardFilter(
            unit=unit,
            state="open",
            severity=data.get("severity") or "",
            category_id=data.get("category"),
            overdue=bool(data.get("overdue")),
            supervised=bool(data.get("supervised")),
        ),
        tab=data.get("state") or default_tab,
        since=data.get("since"),
        until=data.get("until"),
        errors=errors,
    )


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _hazards(viewer: Person, f: DeskFilter):
    """The board's rows for the filter: open by default, one tab at a time.

    Dates bound `created_at` as a range (not `__date`) so that the (unit_path,
    created_at) index serves them.
    """
    state = "" if f.tab in ("all", "rectifying") else f.tab
    qs = selectors.board(viewer, dataclasses.replace(f.board, state=state))
    if f.tab == "rectifying":
        qs = qs.filter(state__in=CLOCK_STATES)
    if f.since:
        qs = qs.filter(created_at__gte=_start_of(f.since))
    if f.until:
        qs = qs.filter(created_at__lt=_start_of(f.until + timedelta(days=1)))
    return qs


def _queries(request) -> tuple[str, str]:
    """The query string without the page (for paging links), and without the tab too."""
    query = request.GET.copy()
    query.pop("page", None)
    tabs = query.copy()
    for key in ("state", "overdue", "supervised"):
        tabs.pop(key, None)
    return query.urlencode(), tabs.urlencode()


def _label_rows(rows) -> None:
    """Crews named with their district (one query for the whole page)."""
    labels = unit_labels({h.unit for h in rows})
    today = timezone.localdate()
    for hazard in rows:
        hazard.unit_label = labels.get(hazard.unit_id, "")
        hazard.overdue = hazard.is_overdue(today)


def _is_union(viewer: Person) -> bool:
    return not reach_of(viewer, {Role.UNION_CHAIR}).empty


# --- the board -------------------------------------------------------------------------------


@staff_required
def board(request):
    """The open-hazard board of the viewer's reach (隐患看板)."""
    viewer = request.user
    units = _units(viewer)
    f = _desk_filter(request, units)
    page = Paginator(_hazards(viewer, f), PAGE_SIZE).get_page(request.GET.get("page"))
    _label_rows(page.object_list)
    query, tabs_query = _queries(request)
    today = timezone.localdate()
    context = {
        "page": page,
        "filter": f,
        "counts": selectors.board_counts(viewer, f.board.unit),
        "units": units,
        "categories": HazardCategory.objects.all(),
        "severities": Severity.choices,
        "query": query,
        "tabs_query": tabs_query,
        "today": today,
        "year_start": today.replace(month=1, day=1),
        "is_union": _is_union(viewer),
        "active": "board",
    }
    return render(request, "hazards/board/board.html", context)


@staff_required
def export(request):
    """The ledger (隐患排查治理台账) as the board is filtered; every state unless a tab is named."""
    viewer = request.user
    f = _desk_filter(request, _units(viewer), default_tab="all")
    return ledger.ledger_response(_hazards(viewer, f).order_by("created_at", "pk"))


# --- the union's supervision -------------------------------------------------------------------


def _notes_for(hazard_ids: list[int]) -> dict[int, dict]:
    """The latest supervision note of each hazard on the page, and how many (one query)."""
    notes: dict[int, dict] = {}
    rows = HazardEvent.objects.filter(
        hazard_id__in=hazard_ids, action__in=("union_note", "urge")
    ).order_by("hazard_id", "at", "pk")
    for event in rows:
        entry = notes.setdefault(event.hazard_id, {"count": 0, "last": None})
        entry["count"] += 1
        entry["last"] = event
    return notes


@login_required
def supervision(request):
    """工会劳动保护监督: every open hazard the chair's union reaches, with a note or an
    urge on each row. The form posts back here; the filter stays in the query string."""
    viewer = request.user
    union = reach_of(viewer, {Role.UNION_CHAIR})
    if union.empty:
        raise Http404
    posted, error, status = {}, "", 200
    if request.method == "POST":
        outcome = _supervise(request, viewer, union)
        if outcome is None:
            return redirect(request.get_full_path())
        posted, error, status = outcome
    units = _units(viewer, union)
    f = _desk_filter(request, units)
    hazards = _hazards(viewer, f).filter(union.q("unit_path"))
    page = Paginator(hazards, PAGE_SIZE).get_page(request.GET.get("page"))
    _label_rows(page.object_list)
    notes = _notes_for([h.pk for h in page.object_list])
    for hazard in page.object_list:
        hazard.supervision = notes.get(hazard.pk)
    query, tabs_query = _queries(request)
    context = {
        "page": page,
        "filter": f,
        "counts": selectors.board_counts(viewer, f.board.unit or _top_unit(units)),
        "units": units,
        "severities": Severity.choices,
        "query": query,
        "tabs_query": tabs_query,
        "today": timezone.localdate(),
        "posted": posted,
        "error": error,
        "is_union": True,
        "active": "supervision",
    }
    return render(request, "hazards/board/supervision.html", context, status=status)


def _supervise(request, viewer: Person, union: Reach):
    """Record the note or the urge; None when done, else what to show again and why."""
    action = request.POST.get("action", "")
    hazard_id = request.POST.get("hazard", "")
    if action not in SUPERVISION_ACTIONS or not hazard_id.isdigit():
        raise Http404
    hazard = hazards_visible_to(viewer).filter(union.q("unit_path"), pk=int(hazard_id)).first()
    if hazard is None:
        raise Http404
    note = request.POST.get("note", "")
    try:
        services.union_supervise(
            hazard_id=hazard.pk, actor=viewer, note=note, urge=action == "urge"
        )
    except ValidationError as exc:
        return {hazard.pk: note}, "；".join(exc.messages), 400
    except services.Conflict as exc:
        return {hazard.pk: note}, exc.message, 409
    except PermissionDenied as exc:
        return {hazard.pk: note}, reason_of(exc), 403
    messages.success(request, f"{hazard.code} {SUPERVISION_ACTIONS[action]}")
    return None


# --- statistics and missed inspections ----------------------------------------------------------


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
    errors = _errors_of(form)
    today = timezone.localdate()
    unit = _top_unit(units)
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
    units = _units(viewer)
    today = timezone.localdate()
    p = _period(request, units, default_until=today)
    context = {"period": p, "units": units, "active": "stats", "is_union": _is_union(viewer)}
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
    units = _units(viewer)
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
    query, _tabs = _queries(request)
    context = {
        "period": p,
        "until": until,
        "units": units,
        "page": page,
        "total": len(missed),
        "by_level": [(label, by_level[value]) for value, label in Level.choices],
        "query": query,
        "active": "inspections",
        "is_union": _is_union(viewer),
    }
    return render(request, "hazards/board/inspections.html", context)


# --- QR codes to print --------------------------------------------------------------------------


@staff_required
def qr_sheet(request):
    """The work places of a unit, each with its QR code, to print and post on site."""
    viewer = request.user
    units = _units(viewer)
    unit = _top_unit(units)
    error = ""
    raw = request.GET.get("unit", "")
    if raw:
        chosen = next((u for u in units if str(u.pk) == raw), None)
        if chosen is None:
            error = _("单位：所选单位不在您的查看范围内。")
        else:
            unit = chosen
    workplaces = []
    if unit is not None:
        workplaces = list(
            Workplace.objects.filter(unit__path__startswith=unit.path, is_active=True)
            .select_related("unit")
            .order_by("unit__path", "name")[: QR_SHEET_MAX + 1]
        )
    truncated = len(workplaces) > QR_SHEET_MAX
    workplaces = workplaces[:QR_SHEET_MAX]
    labels = unit_labels({w.unit for w in workplaces})
    for workplace in workplaces:
        workplace.unit_label = labels.get(workplace.unit_id, "")
    context = {
        "unit": unit,
        "units": units,
        "workplaces": workplaces,
        "truncated": truncated,
        "max": QR_SHEET_MAX,
        "error": error,
        "active": "qr",
        "is_union": _is_union(viewer),
    }
    return render(request, "hazards/board/qr_sheet.html", context)
