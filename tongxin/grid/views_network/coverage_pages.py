"""Coverage: the rate per branch (or per unit), workers nobody covers, Party members
who cover nobody, members over the limit."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from tongxin.people.models import Organisation, OrgKind, Tree
from tongxin.people.scoping import reach_of
from tongxin.people.selectors import unit_labels

from .. import coverage
from ..access import MANAGER_ROLES, READER_ROLES, branch_for_reader, can_manage
from ..coverage import KnownCountPaginator
from ..forms_network import CoverageForm, form_errors
from .common import PAGE_SIZE, grid_reader_required, query_without

LIST_PAGE_SIZE = 30
COVERAGE_TABS = ("branches", "uncovered", "idle", "over")


def _coverage_units(viewer) -> list[Organisation]:
    """The units whose coverage the viewer may read: the tops of their reach, and the
    mines inside it (a group administrator can look at one mine)."""
    reach = reach_of(viewer, MANAGER_ROLES | READER_ROLES)
    if reach.empty:
        return []
    tops = Organisation.objects.filter(tree=Tree.UNIT)
    tops = tops.filter(depth=1) if reach.everything else tops.filter(path__in=reach.prefixes)
    mines = Organisation.objects.filter(reach.q("path"), tree=Tree.UNIT, kind=OrgKind.MINE)
    found = {u.pk: u for u in tops.order_by("path")[:50]}
    for mine in mines.order_by("path")[:200]:
        found.setdefault(mine.pk, mine)
    return sorted(found.values(), key=lambda u: (u.depth, u.path))


def _coverage_form(request) -> tuple[CoverageForm, list[str]]:
    form = CoverageForm(request.GET)
    form.is_valid()
    return form, form_errors(form)


def _tab(request) -> str:
    tab = request.GET.get("show", "")
    return tab if tab in COVERAGE_TABS else "branches"


def _coverage_lists(request, report, tab: str) -> dict:
    """The one list the tab shows, paginated (the others are only counted), each row
    with its unit's label (one query for the page)."""
    number = request.GET.get("page")
    if tab == "uncovered":
        paginator = KnownCountPaginator(
            report.uncovered, LIST_PAGE_SIZE, count=report.uncovered_count
        )
    elif tab == "idle":
        paginator = KnownCountPaginator(report.idle, LIST_PAGE_SIZE, count=report.idle_count)
    elif tab == "over":
        paginator = Paginator(report.overloaded, LIST_PAGE_SIZE)
    else:
        paginator = Paginator(report.rows, PAGE_SIZE)
    page = paginator.get_page(number)
    labels = unit_labels({item.unit for item in page.object_list if item.unit})
    for item in page.object_list:
        item.unit_label = labels.get(item.unit.pk, "") if item.unit else ""
    return {"page": page}


@grid_reader_required
def coverage_overview(request):
    """Coverage of a mine, a company or the whole group: rate per branch and the lists."""
    viewer = request.user
    units = _coverage_units(viewer)
    form, errors = _coverage_form(request)
    data = form.cleaned_data
    unit = units[0] if units else None
    if data.get("unit"):
        chosen = next((u for u in units if u.pk == data["unit"]), None)
        if chosen is None:
            errors.append(_("单位：所选单位不在您的查看范围内。"))
        else:
            unit = chosen
    if unit is None:
        raise Http404
    tab = _tab(request)
    report = coverage.unit_coverage(unit, on=data.get("on"), over=data.get("over"))
    context = {
        "report": report,
        "scope_unit": unit,
        "units": units,
        "branch": None,
        "tab": tab,
        "errors": errors,
        "query": query_without(request),
        "tab_query": query_without(request, "show"),
        "active": "coverage",
        **_coverage_lists(request, report, tab),
    }
    return render(request, "grid/network/coverage.html", context)


@grid_reader_required
def coverage_branch(request, branch_id: int):
    """Coverage of one branch: a row per unit (crew), and the lists."""
    viewer = request.user
    branch = branch_for_reader(viewer, branch_id)
    form, errors = _coverage_form(request)
    data = form.cleaned_data
    tab = _tab(request)
    report = coverage.branch_coverage(branch, on=data.get("on"), over=data.get("over"))
    may_write = can_manage(viewer, branch)
    context = {
        "report": report,
        "branch": branch,
        "scope_unit": branch.unit,
        "units": [],
        "tab": tab,
        "errors": errors,
        "may_write": may_write,
        "crew_ids": {c.pk for c in coverage.crews_of(branch)} if may_write else set(),
        "query": query_without(request),
        "tab_query": query_without(request, "show"),
        "active": "coverage",
        **_coverage_lists(request, report, tab),
    }
    return render(request, "grid/network/coverage.html", context)
