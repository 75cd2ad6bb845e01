"""The 纪检监察 desk: the reports they handle (or supervise once escalated), a report
with its timeline and steps, identity reveals, and the read log of the units below.

Every page is 404 for anyone who is not a 纪检监察 (core.access.area_required), and a
report outside what the inspector may see is 404 too. Opening a report is logged.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tongxin.core.access import area_required
from tongxin.core.forms import all_messages, parse_version, posted, refusal

from . import services
from .access import actor_kinds, inspector_paths, is_inspector, report_for, reports_visible_to
from .models import ReportRead, RevealState, State
from .services.sweep import due_soon, overdue
from .views_reporter import data_uri
from .workflow import Actor

PAGE_SIZE = 20


@area_required(is_inspector)
def desk(request):
    person = request.user
    show = request.GET.get("state", "")
    reports = reports_visible_to(person).select_related("unit").order_by("-created_at", "-pk")
    if show == "open":
        reports = reports.filter(state__in=(State.RECEIVED, State.ACCEPTED, State.VERIFYING))
    elif show == "overdue":
        reports = reports.filter(overdue(timezone.localdate()))
    elif show == "due_soon":
        reports = reports.filter(due_soon(timezone.localdate()))
    elif show in State.values:
        reports = reports.filter(state=show)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    pending = (
        reports_visible_to(person)
        .filter(reveals__state=RevealState.PENDING)
        .exclude(reveals__requested_by=person)
        .distinct()
        .count()
    )
    context = {
        "page": page,
        "show": show,
        "states": State.choices,
        "pending_reveals": pending,
        "query": f"state={show}" if show else "",
        "today": timezone.localdate(),
    }
    return render(request, "integrity/desk.html", context)


def _detail(request, report, *, errors=None, status=200, values=None):
    person = request.user
    kinds = actor_kinds(person, report)
    services.log_read(reader=person, report=report)
    reveals = list(report.reveals.select_related("requested_by", "decided_by"))
    context = {
        "report": report,
        "events": list(report.events.visible(internal=True)),
        "attachments": [data_uri(a) for a in report.attachments.all()],
        "actions": services.report_flow.available(report, kinds),
        "is_inspector": Actor.INSPECTOR in kinds,
        "reveals": reveals,
        "to_decide": [
            r for r in reveals if r.state == RevealState.PENDING and r.requested_by_id != person.pk
        ],
        "reporter": services.reporter_of(actor=person, report=report),
        "can_request_reveal": not report.is_anonymous
        and not any(r.requested_by_id == person.pk and r.state != "refused" for r in reveals),
        "errors": errors or {},
        "error_list": all_messages(errors or {}),
        "values": values or {},
    }
    return render(request, "integrity/detail.html", context, status=status)


@area_required(is_inspector)
def detail(request, pk: int):
    return _detail(request, report_for(request.user, pk))


STEPS = {
    "accept": lambda a, r, v, p: services.report_accept(
        actor=a, report_id=r, version=v, note=p.get("note", "")
    ),
    "decline": lambda a, r, v, p: services.report_decline(
        actor=a, report_id=r, version=v, reason=p.get("reason", "")
    ),
    "verify": lambda a, r, v, p: services.report_verify(
        actor=a, report_id=r, version=v, note=p.get("note", "")
    ),
    "conclude": lambda a, r, v, p: services.report_conclude(
        actor=a, report_id=r, version=v, outcome=p.get("outcome", "")
    ),
    "ask": lambda a, r, v, p: services.report_ask(
        actor=a, report_id=r, version=v, question=p.get("question", "")
    ),
    "note": lambda a, r, v, p: services.report_note(
        actor=a, report_id=r, kind=p.get("kind", ""), note=p.get("note", "")
    ),
    "reveal": lambda a, r, v, p: services.reveal_request(
        actor=a, report_id=r, reason=p.get("reason", "")
    ),
}
DONE = {
    "accept": gettext_lazy("已受理。"),
    "decline": gettext_lazy("已不予受理，理由会告知举报人。"),
    "verify": gettext_lazy("已开始核实。"),
    "conclude": gettext_lazy("已办结，结果会反馈给举报人。"),
    "ask": gettext_lazy("问题已发给举报人。"),
    "note": gettext_lazy("已记录。"),
    "reveal": gettext_lazy("已申请，须另一位纪检监察人员批准。"),
}


@area_required(is_inspector)
@require_POST
def act(request, pk: int):
    report = report_for(request.user, pk)  # 404 outside the scope, before the form
    step = request.POST.get("step", "")
    if step not in STEPS:
        return _detail(request, report, errors={"general": [_("未知的操作。")]}, status=400)
    try:
        version = parse_version(request.POST.get("version")) if step != "note" else None
        STEPS[step](request.user, report.pk, version, request.POST)
    except services.REFUSALS as exc:
        errors, status = refusal(exc)
        report.refresh_from_db()
        fields = ("note", "reason", "outcome", "question", "kind")
        return _detail(
            request, report, errors=errors, status=status, values=posted(request.POST, fields)
        )
    messages.success(request, DONE[step])
    return redirect("integrity:detail", pk=report.pk)


@area_required(is_inspector)
@require_POST
def reveal_decide(request, reveal_id: int):
    try:
        reveal = services.reveal_decide(
            actor=request.user, reveal_id=reveal_id, approve=request.POST.get("approve") == "1"
        )
    except services.REFUSALS as exc:
        errors, status = refusal(exc)
        report = reports_visible_to(request.user).filter(reveals__pk=reveal_id).first()
        if status == 404 or report is None:
            raise Http404 from exc
        return _detail(request, report, errors=errors, status=status)
    messages.success(request, _("已处理查看身份的申请。"))
    return redirect("integrity:detail", pk=reveal.report_id)


@area_required(is_inspector)
def reads(request):
    """Who opened the reports of the units below (the level above reviews them)."""
    paths = inspector_paths(request.user)
    below = Q(pk__in=[])
    for path in paths:
        below |= Q(report__handler_path__startswith=path)
    rows = (
        ReportRead.objects.filter(below)
        .exclude(report__handler_path__in=paths)
        .select_related("reader", "report")
        .order_by("-at", "-pk")
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "integrity/reads.html", {"page": page, "query": ""})
