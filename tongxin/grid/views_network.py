"""The desk pages of the responsibility network and its coverage (SPEC §2).

- network_list: the branches the viewer runs or reads, with their links per level;
- network_branch: one branch's four levels (current links, or the whole history), with
  assign / end / move for those who run the branch;
- network_split: share a crew's uncovered workers among Party members in one go,
  pre-filled with an even split;
- network_import: links from a spreadsheet, every bad row named;
- coverage_overview / coverage_branch: rate per branch (or per unit), workers nobody
  covers, Party members who cover nobody, members over the limit (?over=).

Leadership members and discipline inspectors read; secretaries and administrators of
the branch write (a reader's POST gets 403). A branch outside the viewer's reach is a
404. Thin: services write, `coverage` reads, and no list's queries grow with its rows.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import exports
from tongxin.core.access import area_required, reason_of
from tongxin.people.models import Organisation, OrgKind, Tree
from tongxin.people.scoping import reach_of
from tongxin.people.selectors import unit_labels

from . import coverage
from .access import (
    MANAGER_ROLES,
    READER_ROLES,
    branch_for_reader,
    branches_visible_to,
    can_manage,
    is_grid_reader,
)
from .coverage import KnownCountPaginator
from .forms_network import (
    AssignForm,
    CoverageForm,
    EndForm,
    ImportForm,
    MoveForm,
    SplitDateForm,
    form_errors,
    person_choices,
)
from .models import GridLink, Level
from .periods import current_q
from .services import network as services

PAGE_SIZE = 50
LIST_PAGE_SIZE = 30
COVERAGE_TABS = ("branches", "uncovered", "idle", "over")


# Pages for those who run or read branches' grids; anyone else gets 404.
grid_reader_required = area_required(is_grid_reader)


def _messages(exc: ValidationError) -> list[str]:
    return list(dict.fromkeys(exc.messages))


def _query_without(request, *keys: str) -> str:
    query = request.GET.copy()
    for key in ("page", *keys):
        query.pop(key, None)
    return query.urlencode()


# --- the list of branches ---------------------------------------------------------------------


@grid_reader_required
def network_list(request):
    """The branches the viewer runs or reads, with how many links each level holds today."""
    viewer = request.user
    q = "".join(ch for ch in request.GET.get("q", "")[:40] if ch.isprintable()).strip()
    branches = branches_visible_to(viewer)
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
        }
        for b in page.object_list
    ]
    context = {
        "page": page,
        "rows": rows,
        "levels": Level.choices,
        "q": q,
        "query": _query_without(request),
        "active": "network",
    }
    return render(request, "grid/network/list.html", context)


# --- one branch -------------------------------------------------------------------------------


def _level_of(request) -> str:
    level = request.GET.get("level", "")
    return level if level in Level.values else Level.MEMBER_WORKER


def _branch_context(request, branch, viewer, *, level: str, history: bool) -> dict:
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
        "query": _query_without(request),
        "active": "network",
    }
    if may_write:
        roster = coverage.branch_roster(branch)
        people = set(roster.people.values())
        labels = unit_labels({p.unit for p in people})
        context.update(
            {
                "responsible_choices": person_choices(
                    roster.choices(roster.responsible_for(level)), labels
                ),
                "person_choices": person_choices(roster.choices(roster.covered_at(level)), labels),
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
            errors, status = _messages(exc), 400
        except PermissionDenied as exc:
            errors, status = [reason_of(exc)], 403
        else:
            messages.success(request, done)
            url = reverse("grid:network_branch", args=[branch.pk])
            return redirect(f"{url}?level={level}")
    context = _branch_context(request, branch, viewer, level=level, history=history)
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


# --- splitting a crew -------------------------------------------------------------------------


def _managed_branch(viewer, branch_id: int):
    branch = branch_for_reader(viewer, branch_id)
    if not can_manage(viewer, branch):
        raise PermissionDenied(_("您只能查看该党支部的网格，不能调整。"))
    return branch


@grid_reader_required
def network_split(request, branch_id: int, crew_id: int):
    """A crew's workers, each with a select of Party members (the crew's first), pre-filled
    with the even split; saved all at once or not at all."""
    viewer = request.user
    branch = _managed_branch(viewer, branch_id)
    crews = coverage.crews_of(branch)
    crew = next((c for c in crews if c.pk == crew_id), None)
    if crew is None:
        raise Http404
    roster = coverage.branch_roster(branch)
    errors, status, chosen = [], 200, None
    date_form = SplitDateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        chosen = {}
        for key, value in request.POST.items():
            if key.startswith("w") and key[1:].isdigit() and value.strip():
                if not value.strip().isdigit():
                    errors.append(_("所选党员无效。"))
                    continue
                chosen[int(key[1:])] = int(value)
        if not date_form.is_valid():
            errors.extend(form_errors(date_form))
        if not errors:
            try:
                links = services.crew_split(
                    actor=viewer,
                    crew=crew,
                    assignments=chosen,
                    starts_on=date_form.cleaned_data["starts_on"],
                )
            except ValidationError as exc:
                errors = _messages(exc)
            else:
                messages.success(
                    request,
                    _("%(crew)s已分配%(n)d名职工的联系党员。")
                    % {"crew": crew.name, "n": len(links)},
                )
                url = reverse("grid:coverage_branch", args=[branch.pk])
                return redirect(url)
        status = 400
    proposal = coverage.split_proposal(crew, roster)
    workers = roster.choices(
        {pk for pk in roster.workers if roster.people[pk].unit.path.startswith(crew.path)}
    )
    current = {
        link.person_id: link
        for link in GridLink.objects.filter(
            current_q(), level=Level.MEMBER_WORKER, person_id__in=[w.pk for w in workers]
        ).select_related("responsible")
    }
    members = roster.choices(roster.members)
    in_crew = [m for m in members if m.unit and m.unit.path.startswith(crew.path)]
    others = [m for m in members if m not in in_crew]
    labels = unit_labels({p.unit for p in [*workers, *members]})
    rows = []
    for worker in workers:
        link = current.get(worker.pk)
        if chosen is not None:
            selected = chosen.get(worker.pk)
        else:
            selected = proposal.get(worker.pk)
        rows.append({"worker": worker, "link": link, "selected": selected})
    context = {
        "branch": branch,
        "crew": crew,
        "crew_label": unit_labels([crew]).get(crew.pk, crew.name),
        "crews": crews,
        "rows": rows,
        "uncovered": sum(1 for r in rows if r["link"] is None),
        "crew_members": person_choices(in_crew, labels),
        "other_members": person_choices(others, labels),
        "labels": labels,
        "starts_on": request.POST.get("starts_on", "") if request.method == "POST" else "",
        "errors": errors,
        "active": "network",
    }
    return render(request, "grid/network/split.html", context, status=status)


# --- import -----------------------------------------------------------------------------------

TEMPLATE_COLUMNS = ("责任人工号", "责任人姓名", "联系对象工号", "联系对象姓名", "层级", "生效日期")


@grid_reader_required
def network_import(request, branch_id: int):
    """Links from a spreadsheet; any bad row and nothing is saved, each bad row listed."""
    viewer = request.user
    branch = _managed_branch(viewer, branch_id)
    if request.GET.get("template") == "xlsx":
        return _template_response()
    posting = request.method == "POST"
    form = ImportForm(request.POST if posting else None, request.FILES if posting else None)
    result, errors, status = None, [], 200
    if request.method == "POST":
        if not form.is_valid():
            errors, status = form_errors(form), 400
        else:
            try:
                result = services.links_import(
                    actor=viewer, branch=branch, upload=form.cleaned_data["upload"]
                )
            except ValidationError as exc:
                errors, status = _messages(exc), 400
            else:
                if result["errors"]:
                    status = 400
                else:
                    messages.success(
                        request,
                        _("导入完成：新增%(c)d条联系，%(u)d条与现有联系相同未改动。")
                        % {"c": result["created"], "u": result["unchanged"]},
                    )
                    url = reverse("grid:network_branch", args=[branch.pk])
                    return redirect(url)
    context = {
        "branch": branch,
        "form": form,
        "result": result,
        "errors": errors,
        "levels": Level.choices,
        "active": "network",
    }
    return render(request, "grid/network/import.html", context, status=status)


def _template_response() -> HttpResponse:
    buffer = io.BytesIO()
    book = exports.workbook(buffer, constant_memory=False)
    sheet = book.add_worksheet("网格联系名单")
    sheet.set_column(0, len(TEMPLATE_COLUMNS) - 1, 16)
    exports.write_row(sheet, 0, 0, TEMPLATE_COLUMNS)
    example = ["100014", "陈党", "100001", "王强", str(Level.MEMBER_WORKER.label), ""]
    exports.write_row(sheet, 1, 0, example)
    book.close()
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = "attachment; filename*=UTF-8''grid-links-template.xlsx"
    return response


# --- coverage ---------------------------------------------------------------------------------


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
        "query": _query_without(request),
        "tab_query": _query_without(request, "show"),
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
        "query": _query_without(request),
        "tab_query": _query_without(request, "show"),
        "active": "coverage",
        **_coverage_lists(request, report, tab),
    }
    return render(request, "grid/network/coverage.html", context)
