"""三会一课 pages: the secretary's desk, the missed-meetings view, the ledger list and
export, a meeting's page, the member's phone page and the QR check-in. Thin: fetch
through the scope, call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.access import area_required, fetch
from tongxin.core.exports import ledger_response
from tongxin.core.forms import all_messages, parse_version, posted, refusal, small_id
from tongxin.core.timeline import Conflict

from ..access import branches_visible_to, edits_learning_setup, is_party_officer, setup_reach
from ..models import Attendance, AttendanceStatus, MeetingState, MeetingType
from . import photo_views, selectors, services
from . import types as T
from .access import actor_kinds, meeting_for
from .forms import agenda_from, agenda_text, month_param, parse_starts_at
from .qr import qr_svg

REFUSALS = (ValidationError, PermissionDenied, Conflict)


def _branch_choice(request):
    branches = list(branches_visible_to(request.user).order_by("path")[:300])
    chosen = small_id(request.GET.get("branch"))
    branch = next((b for b in branches if b.pk == chosen), None)
    return branches, branch


# --- the desk -----------------------------------------------------------------------


@area_required(is_party_officer)
def desk(request):
    today = timezone.localdate()
    branches, branch = _branch_choice(request)
    branch = branch or (branches[0] if branches else None)
    year = today.year
    context = {"branches": branches, "branch": branch, "year": year, "today": today}
    if branch is not None:
        scope = selectors.officer_meetings(request.user).filter(org_path__startswith=branch.path)
        meetings = list(selectors.listing(scope.filter(period_start__year=year)))
        months = {}
        # A plan's slot whose period another meeting of its type fulfilled (one outside
        # the plan) is no longer due; the page says by which.
        held = {(m.type_id, m.period_start) for m in meetings if m.state in selectors.DONE}
        for m in meetings:
            m.fulfilled = m.state == MeetingState.PLANNED and (m.type_id, m.period_start) in held
            months.setdefault(m.period_start.month, []).append(m)
        context.update(
            months=sorted(months.items()),
            has_plan=any(m.from_plan for m in meetings),
            due=[
                m
                for m in meetings
                if m.state == MeetingState.PLANNED
                and not m.fulfilled
                and m.period_start <= today <= m.period_end
            ],
            to_file=[m for m in meetings if m.state == MeetingState.HELD],
            missed=list(selectors.listing(selectors.missed(scope, today))[:50]),
            rate=selectors.attendance_rate(scope.filter(period_start__year=year)),
            members=list(selectors.attendance_by_member(branch.path, year)[:200]),
        )
    return render(request, "learning/meetings/desk.html", context)


@area_required(is_party_officer)
@require_POST
def plan(request):
    branch = fetch(branches_visible_to(request.user), pk=small_id(request.POST.get("branch")) or 0)
    year = timezone.localdate().year
    added = services.plan_year(branch=branch, year=year)
    messages.success(request, _("已生成 %(n)d 次计划会议。") % {"n": added})
    return redirect(f"{reverse('learning:meetings_desk')}?branch={branch.pk}")


def _filters(request):
    branches, branch = _branch_choice(request)
    type_code = request.GET.get("type", "")
    type_code = type_code if type_code in T.DEFAULT_TYPES else ""
    state = request.GET.get("state", "")
    state = state if state in MeetingState.values else ""
    year = small_id(request.GET.get("year"))
    month = month_param(request.GET.get("month"))
    return {
        "branches": branches,
        "branch": branch,
        "type_code": type_code,
        "state": state,
        "year": year if year and 2000 < year < 2100 else None,
        "month": month,
        "due": request.GET.get("due") == "1",
    }


def _filtered(request, f):
    scope = selectors.filtered(
        selectors.officer_meetings(request.user),
        branch=f["branch"],
        type_code=f["type_code"],
        state=f["state"],
        year=f["year"],
        month=f["month"],
    )
    if f["due"]:
        scope = selectors.due(scope, timezone.localdate())
    return scope


def _query(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@area_required(is_party_officer)
def meeting_list(request):
    """The meetings of the reach, filtered (the ledger on screen, and what the home
    page's counts link to)."""
    f = _filters(request)
    page = Paginator(selectors.listing(_filtered(request, f)), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "learning/meetings/list.html",
        {
            **f,
            "page": page,
            "query": _query(request),
            "types": T.DEFAULT_TYPES,
            "states": MeetingState.choices,
        },
    )


@area_required(is_party_officer)
def missed(request):
    """Branch × type × period for every required meeting not held, in the person's
    reach: a branch sees its own, a general branch those under it, the committee the mine."""
    f = _filters(request)
    scope = selectors.filtered(
        selectors.officer_meetings(request.user),
        branch=f["branch"],
        type_code=f["type_code"],
        year=f["year"],
    )
    rows = selectors.listing(selectors.missed(scope, timezone.localdate()))
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "learning/meetings/missed.html",
        {**f, "page": page, "query": _query(request), "types": T.DEFAULT_TYPES},
    )


@area_required(is_party_officer)
def export(request):
    f = _filters(request)
    rows = selectors.listing(_filtered(request, f)).prefetch_related("agenda")
    counts = selectors.attendance_counts(_filtered(request, f))
    states = dict(MeetingState.choices)

    def lines():
        for m in rows.iterator(chunk_size=500):
            c = counts.get(m.pk, {})
            yield [
                m.branch.name,
                m.type.label,
                _("年度计划") if m.from_plan else _("计划外"),
                f"{m.period_start:%Y-%m-%d}—{m.period_end:%Y-%m-%d}",
                m.title,
                timezone.localtime(m.starts_at).strftime("%Y-%m-%d %H:%M") if m.starts_at else "",
                m.place,
                str(states.get(m.state, m.state)),
                "；".join(a.title for a in m.agenda.all()),
                c.get("expected", 0),
                c.get("present", 0),
                c.get("leave", 0),
                c.get("absent", 0),
                m.minutes,
                m.decisions,
            ]

    return ledger_response(
        sheet_name=_("三会一课台账"),
        headers=[
            _("支部"),
            _("会议类型"),
            _("来源"),
            _("应开期间"),
            _("会议主题"),
            _("召开时间"),
            _("地点"),
            _("状态"),
            _("议程"),
            _("应到"),
            _("出席"),
            _("请假"),
            _("缺席"),
            _("纪要"),
            _("决议"),
        ],
        rows=lines(),
        filename="meetings-ledger.xlsx",
    )


# --- meeting types ------------------------------------------------------------------


def _types_page(request, *, errors=None, status=200, failed_pk=None, values=None):
    reach = setup_reach(request.user)
    from tongxin.people.models import Organisation, OrgKind

    for mine in Organisation.objects.filter(reach.q("path"), kind=OrgKind.MINE)[:20]:
        services.types_of(mine)
    rows = MeetingType.objects.filter(reach.q("org_path")).select_related("mine", "updated_by")
    return render(
        request,
        "learning/meetings/types.html",
        {
            "rows": rows,
            "errors": errors or {},
            "error_list": all_messages(errors or {}),
            "failed_pk": failed_pk,
            "values": values or {},
        },
        status=status,
    )


@area_required(edits_learning_setup)
def types(request):
    return _types_page(request)


@area_required(edits_learning_setup)
@require_POST
def type_update(request, pk: int):
    try:
        services.type_update(
            actor=request.user,
            type_id=small_id(pk) or 0,
            version=parse_version(request.POST.get("version")),
            label=request.POST.get("label", ""),
            cadence_months=request.POST.get("cadence_months"),
        )
    except REFUSALS as exc:
        errors, status = refusal(exc)
        values = posted(request.POST, ["label", "cadence_months"], limit=30)
        return _types_page(request, errors=errors, status=status, failed_pk=pk, values=values)
    messages.success(request, _("会议类型已保存，之后生成的计划按新周期。"))
    return redirect("learning:meeting_types")


# --- one meeting --------------------------------------------------------------------


def detail_page(request, meeting, *, errors=None, status=200, values=None):
    kinds = actor_kinds(request.user, meeting)
    officer = bool(kinds)
    mine = Attendance.objects.filter(meeting=meeting, person=request.user).first()
    context = {
        "meeting": meeting,
        "agenda": list(meeting.agenda.all()),
        "is_secretary": officer,
        "actions": services.meeting_flow.available(meeting, kinds),
        "events": photo_views.timeline(meeting, internal=officer),
        **photo_views.photo_context(request.user, meeting),
        "my_attendance": mine,
        "is_member": meeting_is_members(request.user, meeting),
        "errors": errors or {},
        "error_list": all_messages(errors or {}),
        "values": values or {},
        "statuses": AttendanceStatus.choices,
        "window": services.checkin_window(meeting),
    }
    if officer:
        if meeting.state in (MeetingState.PLANNED, MeetingState.HELD):
            path = reverse("learning:meeting_checkin", args=[meeting.pk, meeting.checkin_token])
            context["checkin_url"] = request.build_absolute_uri(path)
            context["qr"] = qr_svg(context["checkin_url"])
        context["attendance"] = list(
            meeting.attendance.select_related("person").order_by("status", "person__name")
        )
        context["agenda_text"] = agenda_text(meeting)
    return render(request, "learning/meetings/detail.html", context, status=status)


def meeting_is_members(person, meeting) -> bool:
    return bool(getattr(person, "party_org_id", None)) and (
        person.party_org.path.startswith(meeting.org_path)
    )


@login_required
def detail(request, pk: int):
    return detail_page(request, meeting_for(request.user, pk))


def _step(request, pk, call, done: str, fields=()):
    meeting = meeting_for(request.user, pk)
    try:
        call(meeting)
    except REFUSALS as exc:
        errors, status = refusal(exc)
        meeting.refresh_from_db()
        return detail_page(
            request, meeting, errors=errors, status=status, values=posted(request.POST, fields)
        )
    messages.success(request, done)
    return redirect("learning:meeting_detail", pk=meeting.pk)


@login_required
@require_POST
def edit(request, pk: int):
    return _step(
        request,
        pk,
        lambda m: services.meeting_edit(
            actor=request.user,
            meeting_id=m.pk,
            version=parse_version(request.POST.get("version")),
            title=request.POST.get("title", ""),
            starts_at=parse_starts_at(request.POST.get("starts_at")),
            place=request.POST.get("place", ""),
            agenda=agenda_from(request.POST),
        ),
        _("会议安排已保存。"),
        ("title", "starts_at", "place", "agenda", "first_topic"),
    )


@login_required
@require_POST
def hold(request, pk: int):
    return _step(
        request,
        pk,
        lambda m: services.meeting_hold(
            actor=request.user, meeting_id=m.pk, version=parse_version(request.POST.get("version"))
        ),
        _("会议已召开，请党员扫码签到。"),
    )


@login_required
@require_POST
def file(request, pk: int):
    return _step(
        request,
        pk,
        lambda m: services.meeting_file(
            actor=request.user,
            meeting_id=m.pk,
            version=parse_version(request.POST.get("version")),
            minutes=request.POST.get("minutes", ""),
            decisions=request.POST.get("decisions", ""),
        ),
        _("纪要已归档，会议记录已锁定；如需更正请提交更正说明。"),
        ("minutes", "decisions"),
    )


@login_required
@require_POST
def correct(request, pk: int):
    return _step(
        request,
        pk,
        lambda m: services.meeting_correct(
            actor=request.user,
            meeting_id=m.pk,
            version=parse_version(request.POST.get("version")),
            note=request.POST.get("note", ""),
        ),
        _("更正已记入会议时间线。"),
        ("note",),
    )


@login_required
@require_POST
def cancel(request, pk: int):
    return _step(
        request,
        pk,
        lambda m: services.meeting_cancel(
            actor=request.user,
            meeting_id=m.pk,
            version=parse_version(request.POST.get("version")),
            note=request.POST.get("note", ""),
        ),
        _("会议已取消。"),
        ("note",),
    )


@login_required
@require_POST
def attendance(request, pk: int):
    return _step(
        request,
        pk,
        lambda m: services.attendance_mark(
            actor=request.user,
            meeting_id=m.pk,
            person_id=small_id(request.POST.get("person")) or 0,
            status=request.POST.get("status", ""),
            reason=request.POST.get("reason", ""),
        ),
        _("出勤已登记。"),
        ("reason",),
    )


@login_required
@require_POST
def leave(request, pk: int):
    return _step(
        request,
        pk,
        lambda m: services.leave_request(
            person=request.user, meeting_id=m.pk, reason=request.POST.get("reason", "")
        ),
        _("请假已提交。"),
        ("reason",),
    )


@login_required
def checkin(request, pk: int, token: str):
    """Opened from the QR code on the member's phone: a button, then the result."""
    meeting = meeting_for(request.user, pk)
    context = {"meeting": meeting, "token": token, "error": "", "done": None}
    status = 200
    if request.method == "POST":
        try:
            context["done"] = services.check_in(
                person=request.user, meeting_id=meeting.pk, token=token
            )
        except (ValidationError, PermissionDenied) as exc:
            errors, status = refusal(exc)
            context["error"] = "；".join(all_messages(errors))
    return render(request, "learning/meetings/checkin.html", context, status=status)


# --- the member's page --------------------------------------------------------------


@login_required
def my(request):
    today = timezone.localdate()
    upcoming = list(selectors.my_meetings(request.user, today)[:20])
    mine = dict(
        Attendance.objects.filter(
            person=request.user, meeting__in=[m.pk for m in upcoming]
        ).values_list("meeting_id", "status")
    )
    for m in upcoming:
        m.my_status = mine.get(m.pk, "")
    rate = selectors.attendance_rate_of(request.user)
    return render(
        request,
        "learning/meetings/my.html",
        {"upcoming": upcoming, "rate": rate, "has_branch": bool(request.user.party_org_id)},
    )
