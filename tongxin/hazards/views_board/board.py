"""The open-hazard board (隐患看板) and the ledger (隐患排查治理台账) export."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from tongxin.people.views import staff_required

from .. import export as ledger
from .. import selectors
from ..models import HazardCategory, Severity
from .common import (
    PAGE_SIZE,
    board_hazards,
    desk_filter,
    is_union,
    label_rows,
    queries_of,
    units_of,
)


@staff_required
def board(request):
    """The open-hazard board of the viewer's reach (隐患看板)."""
    viewer = request.user
    units = units_of(viewer)
    f = desk_filter(request, units)
    page = Paginator(board_hazards(viewer, f), PAGE_SIZE).get_page(request.GET.get("page"))
    label_rows(page.object_list)
    query, tabs_query = queries_of(request)
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
        "is_union": is_union(viewer),
        "active": "board",
    }
    return render(request, "hazards/board/board.html", context)


@staff_required
def export(request):
    """The ledger (隐患排查治理台账) as the board is filtered; every state unless a tab is named."""
    viewer = request.user
    f = desk_filter(request, units_of(viewer), default_tab="all")
    return ledger.ledger_response(board_hazards(viewer, f).order_by("created_at", "pk"))
