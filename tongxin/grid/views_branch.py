"""The branch desk: the problem list (问题清单) and the quarterly grid meetings (季度例会).

Thin: selectors read (scoped to the viewer; an id outside the scope is a 404), the
services in grid.services.problems and .reports write. A refusal re-renders the page
with what was typed: 400 for bad input, 409 when someone acted first, 403 when the
viewer may not take the step.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.access import fetch
from tongxin.core.forms import parse_version, refusal
from tongxin.core.workflow import Conflict
from tongxin.people.models import Organisation, OrgKind
from tongxin.people.selectors import unit_labels
from tongxin.voice.access import cases_visible_to
from tongxin.voice.models import Category

from . import selectors_branch as sel
from .access import branch_for_manager, branches_visible_to, can_manage
from .forms_branch import (
    SOURCE_CHOICES,
    MeetingForm,
    PassForm,
    ProblemRaiseForm,
    form_errors,
    meeting_problems,
)
from .models import ProblemSource, ProblemState
from .services import problems as problem_services
from .services import reports as report_services

PAGE_SIZE = 30
STATE_TABS = ("", *ProblemState.values)


def _branch_nav(branch: Organisation, viewer, active: str) -> dict:
    return {"branch": branch, "can_run": can_manage(viewer, branch), "active": active}


# --- the problem list ------------------------------------------------------------------------


def _problem_branch(person, branch_id: int) -> tuple[Organisation, bool]:
    """The branch and whether the viewer reads the whole list. A grid member of the
    branch who runs nothing sees the problems they raised and may raise more."""
    branch = branches_visible_to(person).filter(pk=branch_id).first()
    if branch is not None:
        return branch, True
    branch = fetch(Organisation.objects.select_related("unit"), pk=branch_id, kind=OrgKind.BRANCH)
    if not sel.is_grid_member_of(person, branch):
        raise Http404
    return branch, False


def _visible_cases(viewer, problems) -> set[int]:
    """Which of the page's cases the viewer may open in worker voice (one query)."""
    ids = [p.case_id for p in problems if p.case_id]
    if not ids:
        return set()
    return set(cases_visible_to(viewer).filter(pk__in=ids).values_list("pk", flat=True))


@login_required
def problem_list(request, branch_id: int):
    viewer = request.user
    branch, reads_all = _problem_branch(viewer, branch_id)
    errors, posted, status = {}, {}, 200
    if request.method == "POST":
        form = ProblemRaiseForm(request.POST)
        if not form.is_valid():
            errors, status = form_errors(form), 400
        else:
            data = form.cleaned_data
            try:
                problem = problem_services.problem_raise(
                    actor=viewer,
                    branch=branch,
                    title=data["title"],
                    body=data["body"],
                    source=data["source"] or ProblemSource.DIRECT,
                )
            except (ValidationError, PermissionDenied) as exc:
                errors, status = refusal(exc)
            else:
                messages.success(request, _("问题已列入问题清单。"))
                return redirect("grid:problem_detail", pk=problem.pk)
        posted = request.POST
    state = request.GET.get("state", "")
    if state not in STATE_TABS:
        state = ""
    problems = sel.branch_problems(branch, state)
    if not reads_all:
        problems = problems.filter(raised_by=viewer)
    page = Paginator(problems, PAGE_SIZE).get_page(request.GET.get("page"))
    visible = _visible_cases(viewer, page.object_list)
    for problem in page.object_list:
        problem.case_visible = problem.case_id in visible
    context = {
        **_branch_nav(branch, viewer, "problems"),
        "reads_all": reads_all,
        "can_raise": not reads_all
        or can_manage(viewer, branch)
        or sel.is_grid_member_of(viewer, branch),
        "page": page,
        "state": state,
        "states": ProblemState.choices,
        "counts": sel.problem_counts(branch) if reads_all else None,
        "sources": SOURCE_CHOICES,
        "errors": errors,
        "posted": posted,
        "query": f"state={state}" if state else "",
    }
    return render(request, "grid/branch/problems.html", context, status=status)


def _problem_context(viewer, problem, **extra) -> dict:
    branch = problem.branch
    can_run = can_manage(viewer, branch) and problem.state == ProblemState.OPEN
    context = {
        "problem": problem,
        "branch": branch,
        "can_run": can_run,
        "reads_branch": branches_visible_to(viewer).filter(pk=branch.pk).exists(),
        "case_visible": bool(problem.case_id)
        and cases_visible_to(viewer).filter(pk=problem.case_id).exists(),
        "departments": list(sel.departments_for_branch(branch)) if can_run else [],
        "categories": list(Category.objects.filter(is_active=True)) if can_run else [],
        "errors": {},
        "posted": {},
        "active": "",
        "today": timezone.localdate(),
    }
    context.update(extra)
    return context


@login_required
def problem_detail(request, pk: int):
    problem = sel.problem_for(request.user, pk)
    return render(request, "grid/branch/problem.html", _problem_context(request.user, problem))


@login_required
@require_POST
def problem_act(request, pk: int, action: str):
    viewer = request.user
    problem = sel.problem_for(viewer, pk)
    if action not in ("solve", "pass"):
        raise Http404
    try:
        version = parse_version(request.POST.get("version"))
        if action == "solve":
            problem_services.problem_solve(
                actor=viewer,
                problem_id=problem.pk,
                version=version,
                resolution=request.POST.get("resolution", ""),
            )
            done = _("已记录解决情况。")
        else:
            form = PassForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form_errors(form))
            data = form.cleaned_data
            departments = sel.departments_for_branch(problem.branch)
            problem_services.problem_pass(
                actor=viewer,
                problem_id=problem.pk,
                version=version,
                department=departments.filter(pk=data["department"]).first()
                if data["department"]
                else None,
                category=Category.objects.filter(pk=data["category"]).first()
                if data["category"]
                else None,
                deadline=data["deadline"],
                note=data["note"],
            )
            done = _("已转交部门办理，答复后会显示在问题清单上。")
    except (ValidationError, PermissionDenied, Conflict) as exc:
        errors, status = refusal(exc)
    else:
        messages.success(request, done)
        return redirect("grid:problem_detail", pk=problem.pk)
    problem = sel.problem_for(viewer, pk)
    context = _problem_context(viewer, problem, errors=errors, posted=request.POST, active=action)
    return render(request, "grid/branch/problem.html", context, status=status)


# --- quarterly grid meetings -----------------------------------------------------------------


@login_required
def meeting_list(request, branch_id: int):
    viewer = request.user
    branch = fetch(branches_visible_to(viewer), pk=branch_id)
    page = Paginator(sel.branch_meetings(branch), PAGE_SIZE).get_page(request.GET.get("page"))
    year = timezone.localdate().year
    held = sel.quarters_held(branch, year)
    context = {
        **_branch_nav(branch, viewer, "meetings"),
        "page": page,
        "year": year,
        "quarters": [(q, q in held) for q in (1, 2, 3, 4)],
        "current_quarter": report_services.quarter_of(timezone.localdate()),
        "query": "",
    }
    return render(request, "grid/branch/meetings.html", context)


@login_required
def meeting_new(request, branch_id: int):
    viewer = request.user
    branch = branch_for_manager(viewer, branch_id)
    people = list(sel.meeting_people(branch)[:500])
    labels = unit_labels({p.unit for p in people if p.unit_id})
    for person in people:
        person.unit_label = labels.get(person.unit_id, "")
    errors, status = {}, 200
    posted_ids: set[str] = set()
    problems = [{"title": "", "body": ""}]
    if request.method == "POST":
        form = MeetingForm(request.POST)
        posted_ids = set(request.POST.getlist("attendees"))
        problems = meeting_problems(request.POST) or problems
        if not form.is_valid():
            errors, status = form_errors(form), 400
        else:
            data = form.cleaned_data
            try:
                meeting = report_services.meeting_record(
                    actor=viewer,
                    branch=branch,
                    held_on=data["held_on"],
                    place=data["place"],
                    attendee_ids=request.POST.getlist("attendees"),
                    absent_note=data["absent_note"],
                    minutes=data["minutes"],
                    problems=meeting_problems(request.POST),
                )
            except (ValidationError, PermissionDenied) as exc:
                errors, status = refusal(exc)
            else:
                messages.success(request, _("例会记录已保存。"))
                return redirect("grid:meeting_detail", pk=meeting.pk)
    context = {
        **_branch_nav(branch, viewer, "meetings"),
        "people": people,
        "posted": request.POST if request.method == "POST" else {},
        "posted_ids": posted_ids,
        "problems": problems,
        "errors": errors,
        "today": timezone.localdate(),
    }
    return render(request, "grid/branch/meeting_new.html", context, status=status)


@login_required
def meeting_detail(request, pk: int):
    viewer = request.user
    meeting = sel.meeting_for(viewer, pk)
    attendees = list(meeting.attendees.select_related("unit").order_by("employee_no"))
    labels = unit_labels({p.unit for p in attendees if p.unit_id})
    for person in attendees:
        person.unit_label = labels.get(person.unit_id, "")
    problems = list(meeting.problems.select_related("case__department").order_by("pk"))
    context = {
        **_branch_nav(meeting.branch, viewer, "meetings"),
        "meeting": meeting,
        "attendees": attendees,
        "problems": problems,
    }
    return render(request, "grid/branch/meeting.html", context)
