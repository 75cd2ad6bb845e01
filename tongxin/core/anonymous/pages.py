"""The pages of an anonymous channel: no caching and no referrer, and the unit chooser."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.db.models import Q, QuerySet
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from tongxin.people.models import Organisation, OrgKind, Tree
from tongxin.people.selectors import nearest_ancestor

from . import ratelimit

# Kinds of unit the anonymous form proposes by default for a signed-in worker: the
# nearest big one above their crew (never the crew itself).
DEFAULT_ANON_KINDS = (OrgKind.DISTRICT, OrgKind.DEPARTMENT, OrgKind.MINE)


def anonymous_path(view):
    """No caching anywhere, and no path of these pages in the Referer of what they load
    (stylesheets, scripts), whose log lines would otherwise say who was here. Only the
    origin is sent: with "no-referrer" browsers post forms with `Origin: null`, which
    the CSRF check rightly refuses."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "origin"
        return response

    return never_cache(wrapped)


def anonymous_units() -> QuerySet[Organisation]:
    """Units an anonymous writer may name: mines and their districts and departments."""
    return Organisation.objects.filter(
        tree=Tree.UNIT, kind__in=("mine", "district", "department"), is_active=True
    ).order_by("path")


def posted_unit(raw: str) -> Organisation | None:
    """The unit an anonymous form posted, if it is one the chooser offers."""
    raw = (raw or "").strip()
    if not raw.isdigit() or len(raw) >= 12:
        return None
    return anonymous_units().filter(pk=int(raw)).first()


def anonymous_default(person) -> int | None:
    """The nearest district, department or mine over a signed-in person's unit."""
    unit = getattr(person, "unit", None) if person.is_authenticated else None
    if unit is None:
        return None
    nearest = nearest_ancestor(unit, DEFAULT_ANON_KINDS, anonymous_units())
    return nearest.pk if nearest else None


def unit_choice(selected: int | None, mine_id: int | None = None) -> dict:
    """The two-step unit chooser of an anonymous note: the mine, then its districts and
    departments (the mine itself first, for the mine's own offices).

    A group has 20–50 mines of about 40 such units each; offering every one of them in
    one list made the request form 64 KB and most of its cost (issue #14). Only the
    chosen mine's units are listed, the mine being the one of the selected unit (the
    writer's own by default) or, in a single-mine deployment, the only one."""
    # The mines and the selected unit's path in one query.
    rows = anonymous_units().filter(Q(kind=OrgKind.MINE) | Q(pk=selected or 0))
    rows = list(rows.values_list("pk", "name", "path", "kind"))
    mines = [(pk, name, path) for pk, name, path, kind in rows if kind == OrgKind.MINE]
    mine = None
    if mine_id is not None:
        mine = next((m for m in mines if m[0] == mine_id), None)
    if mine is None and selected is not None:
        path = next((row[2] for row in rows if row[0] == selected), None)
        mine = next((m for m in mines if path and path.startswith(m[2])), None)
    if mine is None and len(mines) == 1:
        mine = mines[0]
    return {
        "mines": [(pk, name) for pk, name, _path in mines],
        "mine": mine[0] if mine else None,
        "units": mine_units(mine[0], mine[2]) if mine else [],
        "selected": selected,
    }


def chooser_for(posted_value: str, person) -> dict:
    """The chooser as a form shows it: what was posted, else the person's default."""
    value = (posted_value or "").strip()
    if value.isdigit() and len(value) < 12:
        return unit_choice(int(value))
    return unit_choice(anonymous_default(person))


def mine_units(mine_id: int, mine_path: str) -> list[tuple[int, str]]:
    """(id, label) of a mine's own offices and its districts and departments."""
    rows = anonymous_units().filter(path__startswith=mine_path).exclude(pk=mine_id)
    return [(mine_id, gettext_lazy("矿机关（全矿）"))] + list(rows.values_list("pk", "name"))


@anonymous_path
def unit_options(request):
    """The units of one mine, as the chooser's options (htmx, when the mine changes);
    each anonymous channel mounts it among its own pages."""
    raw = request.GET.get("mine", "")
    mine = int(raw) if raw.isdigit() and len(raw) < 12 else None
    return render(request, "core/anonymous/_unit_options.html", {"choice": unit_choice(None, mine)})


def by_receipt(request, find, template: str, not_found: str):
    """The record a posted receipt opens, for a follow page: (receipt, record, None), or
    (receipt, None, the page to answer with) when the client asked too often (429) or
    the receipt opens nothing (404, the form again with what was typed)."""
    receipt = request.POST.get("receipt", "").strip()[:64]
    if not ratelimit.allow(request, "receipt", settings.RECEIPT_LOOKUPS_PER_WINDOW):
        message = _("查询过于频繁，请 %(n)s 分钟后再试。") % {"n": settings.ANON_WINDOW_MINUTES}
        return receipt, None, render(request, template, {"error_list": [message]}, status=429)
    record = find(receipt)
    if record is None:
        context = {"error_list": [not_found], "typed": receipt}
        return receipt, None, render(request, template, context, status=404)
    return receipt, record, None
