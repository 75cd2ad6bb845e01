"""The list of branches with their links per level, and one branch's four levels with
assign / end / move."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.access import reason_of
from tongxin.core.pickers import picker_context
from tongxin.people.scoping import reach_of
from tongxin.people.selectors import unit_labels

from .. import coverage
from ..access import (
    MANAGER_ROLES,
    branch_for_reader,
    branches_managed_by,
    branches_visible_to,
    can_manage,
)
from ..backlog import BACKLOG
from ..forms_network import AssignForm, EndForm, MoveForm, form_errors
from ..models import GridLink, Level
from ..periods import current_q
from ..pickers import COVERED, RESPONSIBLE, picker_name
from ..services import network as services
from .common import PAGE_SIZE, grid_reader_required, messages_of, query_without

# --- the list of branches ---------------------------------------------------------------------


@grid_reader_required
def network_list(request):
    """The branches the viewer runs or reads, with how many links each level holds today;
    with ?show=reports or ?show=overdue, only the branches the viewer runs that have such
    records waiting, with how many each (the home page's counts, branch by branch)."""
    viewer = request.user
    q = "".join(ch for ch in request.GET.get("q", "")[:40] if ch.isprintable()).strip()
    show = request.GET.get("show", "")
    backlog = BACKLOG.get(show)
    branches = branches_visible_to(viewer)
    waiting: dict[int, int] = {}
    if backlog:
        waiting = dict(
            backlog.records(timezone.localdate())
            .filter(branch_id__in=branches_managed_by(viewer).values("pk"))
            .values_list("branch_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        branches = branches_managed_by(viewer).filter(pk__in=list(waiting))
    if q:
        branches = branches.filter(Q(name__contains=q) | Q(unit__name__contains=q))
    page = Paginator(branches, PAGE_SIZE).get_page(request.GET.get("page"))
    ids = [b.pk for b in page.object_list]
    counts: dict[int, dict[str, int]] = {}
    for row in (
        GridLink.objects.filter(current_q(), branch_id__in=ids)
        .values("branch_id", "level")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts.setdefault(row["branch_id"], {})[row["level"]] = row["n"]
    labels = unit_labels({b.unit for b in page.object_list})
    manager = reach_of(viewer, MANAGER_ROLES)
    rows = [
        {
            "branch": b,
            "unit": labels.get(b.unit_id, ""),
            "levels": [counts.get(b.pk, {}).get(level, 0) for level in Level.values],
            "may_write": manager.covers(b.unit),
            "waiting": waiting.get(b.pk, 0),
            "waiting_url": backlog.url(b.pk) if backlog else "",
        }
        for b in page.object_list
    ]
    context = {
        "page": page,
        "rows": rows,
        "levels": Level.choices,
        "q": q,
        "query": query_without(request),
        "active": "network",
        "backlog": backlog,
        "show": show if backlog else "",
        "waiting_total": sum(waiting.values()),
    }
    return render(request, "grid/network/list.html", context)


# --- one branch -------------------------------------------------------------------------------


def _level_of(request) -> str:
    level = request.GET.get("level", "")
    return level if level in Level.values else Level.MEMBER_WORKER


def _branch_context(request, branch, viewer, *, level: str, history: bool, posted=None) -> dict:
    links = GridLink.objects.filter(branch=branch, level=level)
    if not history:
        links = links.filter(current_q())
    links = links.select_related("responsible__unit", "person__unit").order_by("-starts_on", "-pk")
    page = Paginator(links, PAGE_SIZE).get_page(request.GET.get("page"))
    units = set()
    for link in page.object_list:
        units.add(link.responsible.unit)
        if link.person:
            units.add(link.person.unit)
    labels = unit_labels(units)
    for link in page.object_list:
        link.person_unit = labels.get(link.person.unit_id, "") if link.person else ""
    today = timezone.localdate()
    tab_counts = dict(
        GridLink.objects.filter(current_q(today), branch=branch)
        .values("level")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("level", "n")
    )
    may_write = can_manage(viewer, branch)
    context = {
        "branch": branch,
        "level": level,
        "level_label": Level(level).label,
        "history": history,
        "page": page,
        "tabs": [(value, label, tab_counts.get(value, 0)) for value, label in Level.choices],
        "may_write": may_write,
        "today": today,
        "query": query_without(request),
        "active": "network",
    }
    if may_write:
        roster = coverage.branch_roster(branch)
        assigning = (posted or {}).get("action") == "assign"

        def picker(kind: str, field: str, input_id: str, keep: bool = False) -> dict:
            # The person chosen before a refusal is shown back (the roster has them).
            raw = (posted or {}).get(field, "") if keep else ""
            chosen = roster.people.get(int(raw)) if str(raw).isdigit() else None
            return picker_context(
                name=picker_name(kind, level),
                record=branch,
                field=field,
                input_id=input_id,
                person=chosen,
                value=str(raw)[:12],
            )

        for link in page.object_list:
            link.move_picker = picker(RESPONSIBLE, "responsible", f"m-{link.pk}")
        context.update(
            {
                "responsible_picker": picker(
                    RESPONSIBLE, "responsible", "a-responsible", assigning
                ),
                "person_picker": picker(COVERED, "person", "a-person", assigning),
                "crews": coverage.crews_of(branch),
                "is_top": level == Level.LEADER_BRANCH,
            }
        )
    return context


@grid_reader_required
def network_branch(request, branch_id: int):
    """A branch's network, one level at a time; assign, end and move for its managers."""
    viewer = request.user
    branch = branch_for_reader(viewer, branch_id)
    level = _level_of(request)
    history = request.GET.get("history") == "1"
    errors, posted, status = [], {}, 200
    if request.method == "POST":
        if not can_manage(viewer, branch):
            raise PermissionDenied(_("您只能查看该党支部的网格，不能调整。"))
        action = request.POST.get("action", "")
        posted = request.POST
        try:
            done = _network_action(request, viewer, branch, action)
        except ValidationError as exc:
            errors, status = messages_of(exc), 400
        except PermissionDenied as exc:
            errors, status = [reason_of(exc)], 403
        else:
            messages.success(request, done)
            url = reverse("grid:network_branch", args=[branch.pk])
            return redirect(f"{url}?level={level}")
    context = _branch_context(request, branch, viewer, level=level, history=history, posted=posted)
    context.update({"errors": errors, "posted": posted, "action": posted.get("action", "")})
    return render(request, "grid/network/branch.html", context, status=status)


def _link_in(branch, raw) -> GridLink:
    link = GridLink.objects.filter(branch=branch, pk=raw).select_related("person").first()
    if link is None:
        raise Http404
    return link


def _network_action(request, viewer, branch, action: str) -> str:
    """Carry out the posted action; the success message, or ValidationError."""
    if action == "assign":
        roster = coverage.branch_roster(branch)
        form = AssignForm(request.POST, roster=roster)
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        data = form.cleaned_data
        link = services.link_assign(
            actor=viewer,
            level=data["level"],
            responsible=data["responsible"],
            person=data["person"],
            branch=branch,
            starts_on=data["starts_on"],
            note=data["note"],
        )
        covered = link.person.name if link.person else branch.name
        return _("已确定由%(r)s联系%(p)s。") % {"r": link.responsible.name, "p": covered}
    if action == "end":
        form = EndForm(request.POST)
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        link = _link_in(branch, form.cleaned_data["link"])
        link = services.link_end(
            actor=viewer, link_id=link.pk, ends_on=form.cleaned_data["ends_on"]
        )
        if link.ends_on == link.starts_on:
            return _("联系已撤销。")
        return _("联系已终止，终止日期%(day)s。") % {"day": link.ends_on}
    if action == "move":
        roster = coverage.branch_roster(branch)
        form = MoveForm(request.POST, roster=roster)
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        link = _link_in(branch, form.cleaned_data["link"])
        new = services.link_move(
            actor=viewer,
            link_id=link.pk,
            responsible=form.cleaned_data["responsible"],
            starts_on=form.cleaned_data["starts_on"],
        )
        return _("已调整为由%(r)s联系，自%(day)s起。") % {
            "r": new.responsible.name,
            "day": new.starts_on,
        }
    raise Http404
