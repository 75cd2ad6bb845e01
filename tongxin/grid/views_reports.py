"""Monthly reports and quarterly self-summaries: the member's phone pages (my-report,
my-summary) and the secretary's review list and report page. Thin, as views_branch."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.access import fetch
from tongxin.core.forms import parse_version, refusal
from tongxin.core.workflow import Conflict
from tongxin.people.selectors import unit_labels

from . import selectors_branch as sel
from .access import branches_visible_to, can_manage
from .models import MonthlyReport, ReportState
from .periods import first_of, parse_month, previous_month
from .report_figures import month_figures, report_deadline
from .services import reports as services

PAGE_SIZE = 50
PAST_REPORTS = 12


# --- the member's report (phone) -------------------------------------------------------------


@login_required
def report_mine(request):
    """Fill in and submit a month's report: last month unless another is chosen."""
    person = request.user
    today = timezone.localdate()
    choices = services.months_open(today)
    source = request.POST if request.method == "POST" else request.GET
    month = parse_month(source.get("month")) or previous_month(today)
    if month not in choices:
        month = previous_month(today)
    errors, status = {}, 200
    words = ""
    if request.method == "POST":
        words = request.POST.get("own_words", "")
        try:
            services.report_submit(actor=person, month=month, own_words=words)
        except (ValidationError, PermissionDenied) as exc:
            errors, status = refusal(exc)
        else:
            messages.success(request, _("月报表已提交，等待支部书记审核。"))
            return redirect(f"{request.path}?month={month:%Y-%m}")
    report = MonthlyReport.objects.filter(member=person, month=month).first()
    branch = services.report_branch(person, month)
    editable = branch is not None and (report is None or report.state == ReportState.RETURNED)
    if editable:
        figures = month_figures(person, month, today=today)
    else:
        figures = report.figures if report is not None else None
    if not words and report is not None and editable:
        words = report.own_words
    context = {
        "month": month,
        "choices": choices,
        "report": report,
        "branch": branch,
        "figures": figures,
        "editable": editable,
        "words": words,
        "errors": errors,
        "deadline": report_deadline(month),
        "past": list(sel.my_reports(person)[:PAST_REPORTS]),
        "today": today,
    }
    return render(request, "grid/reports/mine.html", context, status=status)


@login_required
def summary_mine(request):
    """The Party member's quarterly self-summary (phone)."""
    person = request.user
    today = timezone.localdate()
    year, quarter = today.year, services.quarter_of(today)
    choices = []
    y, q = year, quarter
    for _i in range(5):
        choices.append((y, q))
        y, q = (y, q - 1) if q > 1 else (y - 1, 4)
    errors, status, posted = {}, 200, {}
    if request.method == "POST":
        posted = request.POST
        raw = request.POST.get("period", "")
        parts = raw.split("-")
        period = (
            (int(parts[0]), int(parts[1]))
            if len(parts) == 2 and all(p.isdigit() and len(p) < 6 for p in parts)
            else (0, 0)
        )
        try:
            services.summary_submit(
                actor=person, year=period[0], quarter=period[1], text=request.POST.get("text", "")
            )
        except (ValidationError, PermissionDenied) as exc:
            errors, status = refusal(exc)
        else:
            messages.success(request, _("季度自我小结已提交。"))
            return redirect("grid:summary_mine")
    done = {
        (s.year, s.quarter): s
        for s in person.grid_summaries.filter(year__gte=year - 1).order_by("-year", "-quarter")
    }
    open_periods = [f"{y}-{q}" for y, q in choices if (y, q) not in done]
    context = {
        "is_member": person.is_party_member,
        "choices": [
            {"value": f"{y}-{q}", "year": y, "quarter": q} for y, q in choices if (y, q) not in done
        ],
        "selected": posted.get("period") if posted else (open_periods[0] if open_periods else ""),
        "summaries": list(person.grid_summaries.order_by("-year", "-quarter")[:12]),
        "errors": errors,
        "posted": posted,
    }
    return render(request, "grid/reports/summary.html", context, status=status)


# --- the secretary's review ------------------------------------------------------------------


@login_required
def report_review(request, branch_id: int):
    """Who of the branch has filed the month's report: submitted, returned, accepted,
    not yet (or late), each with its state and whether it came on time."""
    viewer = request.user
    branch = fetch(branches_visible_to(viewer), pk=branch_id)
    today = timezone.localdate()
    month = parse_month(request.GET.get("month")) or previous_month(today)
    if month > first_of(today):
        month = first_of(today)
    status = request.GET.get("status", "")
    if status not in sel.REVIEW_FILTERS:
        status = ""
    people = sel.review_people(branch, month, status)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    reports = sel.reports_by_member([p.pk for p in page.object_list], month)
    labels = unit_labels({p.unit for p in page.object_list if p.unit_id})
    deadline = report_deadline(month)
    for person in page.object_list:
        person.report = reports.get(person.pk)
        person.unit_label = labels.get(person.unit_id, "")
    context = {
        "branch": branch,
        "can_run": can_manage(viewer, branch),
        "active": "reports",
        "month": month,
        "months": services.months_open(today),
        "status": status,
        "counts": sel.review_counts(branch, month),
        "page": page,
        "deadline": deadline,
        "overdue": today > deadline,
        "query": f"month={month:%Y-%m}&status={status}",
        "month_query": f"month={month:%Y-%m}",
    }
    return render(request, "grid/reports/review.html", context)


def _report_context(viewer, report, **extra) -> dict:
    can_review = (
        report.state == ReportState.SUBMITTED
        and report.member_id != viewer.pk
        and can_manage(viewer, report.branch)
    )
    context = {
        "report": report,
        "figures": report.figures,
        "can_review": can_review,
        "reads_branch": branches_visible_to(viewer).filter(pk=report.branch_id).exists(),
        "deadline": report_deadline(report.month),
        "unit_label": unit_labels([report.member.unit]).get(report.member.unit_id, "")
        if report.member.unit_id
        else "",
        "errors": {},
        "posted": {},
        "active": "",
        "next": "",
    }
    context.update(extra)
    return context


@login_required
def report_detail(request, pk: int):
    report = sel.report_for(request.user, pk)
    context = _report_context(request.user, report, next=_safe_next(request, "next"))
    return render(request, "grid/reports/report.html", context)


def _safe_next(request, name: str) -> str:
    target = request.POST.get(name) or request.GET.get(name) or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@login_required
@require_POST
def report_act(request, pk: int, action: str):
    viewer = request.user
    report = sel.report_for(viewer, pk)
    if action not in ("accept", "return"):
        raise Http404
    try:
        version = parse_version(request.POST.get("version"))
        note = request.POST.get("note", "")
        if action == "accept":
            services.report_accept(actor=viewer, report_id=report.pk, version=version, note=note)
            done = _("已审核通过 %(name)s 的月报表。") % {"name": report.member.name}
        else:
            services.report_return(actor=viewer, report_id=report.pk, version=version, note=note)
            done = _("已退回 %(name)s 的月报表。") % {"name": report.member.name}
    except (ValidationError, PermissionDenied, Conflict) as exc:
        errors, status = refusal(exc)
    else:
        messages.success(request, done)
        target = _safe_next(request, "next")
        if target:
            return redirect(target)
        return redirect("grid:report_detail", pk=report.pk)
    report = sel.report_for(viewer, pk)
    context = _report_context(
        viewer,
        report,
        errors=errors,
        posted=request.POST,
        active=action,
        next=_safe_next(request, "next"),
    )
    return render(request, "grid/reports/report.html", context, status=status)
