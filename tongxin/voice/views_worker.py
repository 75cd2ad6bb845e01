"""Workers' pages, made for a phone: raise a matter (named, or anonymously through the
suggestion box), follow my cases, rate or reopen a reply, add what was asked for,
follow an anonymous case by its receipt code, the public implementation progress, and
the congress representatives' proposals.

Thin: the views read what was posted, call a service, and show its Chinese message with
what the person typed when it refuses. Cases outside what the person may see are 404.

The anonymous paths (`anonymous_submit`, `follow_receipt`) look at who may be signed in
only to propose a default unit on the form; they pass no person and no address to a
service, never touch the session (no django.contrib.messages either), are never cached,
and let the browser send only the origin as Referer, so nothing ties a submission or a
look-up to a person. The receipt travels only in POST bodies, never in a URL.
"""

from __future__ import annotations

import base64
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tongxin.core.access import fetch, hide_unless
from tongxin.core.forms import all_messages, refusal
from tongxin.core.images import photo_response
from tongxin.people.models import OrgKind
from tongxin.people.selectors import ancestor_paths, nearest_ancestor

from . import ratelimit, selectors, services
from .access import case_for_owner, case_for_receipt, cases_owned_by, cases_visible_to
from .models import (
    WORKER_CHANNELS,
    Case,
    CasePhoto,
    Channel,
    CongressSession,
    Cosign,
    State,
)
from .services import Conflict

PAGE_SIZE = 20
# Kinds of unit the anonymous form proposes by default for a signed-in worker: the
# nearest big one above their crew (never the crew itself).
DEFAULT_ANON_KINDS = (OrgKind.DISTRICT, OrgKind.DEPARTMENT, OrgKind.MINE)
OWNER_ACTIONS = ("rate", "reopen", "supplement")


# --- helpers --------------------------------------------------------------------------


def _anonymous_path(view):
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


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _photo_groups(case: Case, events, src) -> list:
    """Attach each event's photos (with their `src`) to it; return the submission's own
    photos and any whose event is gone, shown with the text of the case."""
    body_photos = []
    for event in events:
        photos = [(p, src(p)) for p in event.photos.all()]
        if event.action == "submit":
            body_photos += photos
            event.shown_photos = []
        else:
            event.shown_photos = photos
    body_photos += [(p, src(p)) for p in case.photos.filter(event__isnull=True)]
    return body_photos


def _photo_url(photo: CasePhoto) -> str:
    return reverse("voice:photo", args=[photo.pk])


def _data_uri(photo: CasePhoto) -> str:
    """A photo inlined in the page: the follow page has no signed-in owner to serve it to."""
    try:
        with photo.image.open("rb") as f:
            data = f.read()
    except (FileNotFoundError, OSError, ValueError):
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(data).decode("ascii")


def _pending_question(events) -> str:
    """What the handler last asked the submitter to add."""
    for event in reversed(events):
        if event.action == "request_info":
            return event.note
    return ""


def _case_context(case: Case, *, photo_src, **extra) -> dict:
    events = selectors.timeline(case, internal=False)
    body_photos = _photo_groups(case, events, photo_src)
    context = {
        "case": case,
        "events": events,
        "body_photos": body_photos,
        "can_rate": case.state == State.REPLIED,
        "can_reopen": case.state == State.REPLIED
        and not case.reopened
        and case.department_id is not None,
        "can_supplement": case.state == State.AWAITING_INFO,
        "question": _pending_question(events) if case.state == State.AWAITING_INFO else "",
        "milestones": selectors.milestones(case)
        if case.channel in (Channel.PROPOSAL, Channel.CONGRESS)
        else [],
        "posted": {},
        "errors": {},
        "error_list": [],
        "active": "",
        "photo_max": settings.PHOTO_MAX_COUNT,
        "photo_mb": settings.PHOTO_MAX_UPLOAD_MB,
    }
    context.update(extra)
    return context


def _owner_act(case: Case, action: str, post, files, *, actor, receipt_ok: bool):
    """Call the owner's service for `action`; the same for the signed-in and receipt pages."""
    if action == "rate":
        return services.case_rate(
            case_id=case.pk,
            actor=actor,
            rating=post.get("rating", ""),
            comment=post.get("comment", ""),
            receipt_ok=receipt_ok,
        )
    if action == "reopen":
        return services.case_reopen(
            case_id=case.pk, actor=actor, reason=post.get("reason", ""), receipt_ok=receipt_ok
        )
    return services.case_supplement(
        case_id=case.pk,
        actor=actor,
        text=post.get("text", ""),
        receipt_ok=receipt_ok,
        photos=files.getlist("photos"),
    )


DONE = {
    "rate": gettext_lazy("感谢您的评价，这件事已办结。"),
    "reopen": gettext_lazy("已退回重新办理，矿领导将督办。办理结果会再次答复您。"),
    "supplement": gettext_lazy("补充的内容已送交承办人，办理期限继续计算。"),
}


# --- my cases -------------------------------------------------------------------------


@login_required
def my_cases(request):
    person = request.user
    page = _page(request, selectors.my_cases(person))
    context = {
        "page": page,
        "is_representative": person.congress_sessions.exists(),
        "today": timezone.localdate(),
    }
    return render(request, "voice/worker/my_cases.html", context)


def _channel_choices():
    hints = {
        Channel.REQUEST: _("工资、休假、安全、食堂、宿舍、通勤、培训等，需要答复的事情"),
        Channel.SUGGESTION: _("意见和批评；可以选择匿名，不留姓名"),
        Channel.PROPOSAL: _("改进工艺、设备、管理的点子，采纳后有奖励"),
    }
    return [(c.value, c.label, hints[c]) for c in WORKER_CHANNELS]


def _anonymous_default(person) -> int | None:
    """The nearest district, department or mine over a signed-in person's unit."""
    unit = getattr(person, "unit", None) if person.is_authenticated else None
    if unit is None:
        return None
    nearest = nearest_ancestor(unit, DEFAULT_ANON_KINDS, selectors.anonymous_units())
    return nearest.pk if nearest else None


def _anonymous_units() -> list[tuple[int, str]]:
    """(id, label) for the unit choice: each district or department named with its mine."""
    rows, mine = [], None
    for unit in selectors.anonymous_units().only("pk", "name", "path", "kind"):
        if unit.kind == OrgKind.MINE:
            mine = unit
            rows.append((unit.pk, unit.name))
        elif mine is not None and unit.path.startswith(mine.path):
            rows.append((unit.pk, f"{mine.name} · {unit.name}"))
        else:
            rows.append((unit.pk, unit.name))
    return rows


@login_required
def submit(request):
    person = request.user
    posted = {"channel": request.GET.get("channel", Channel.REQUEST), "title": "", "body": ""}
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        posted = {k: request.POST.get(k, "") for k in ("channel", "title", "body")}
        photos = request.FILES.getlist("photos")
        if request.POST.get("anonymous"):
            # The anonymous form posts to its own address; a named page never takes an
            # anonymous submission (this request has already refreshed the session).
            errors = {"general": [_("匿名投递请在“意见箱匿名投递”页面提交，本次没有保存。")]}
        else:
            try:
                case, _receipt = services.case_submit(
                    submitter=person,
                    channel=posted["channel"],
                    title=posted["title"],
                    body=posted["body"],
                    photos=photos,
                )
            except (ValidationError, PermissionDenied) as exc:
                errors, _status = refusal(exc)
            else:
                messages.success(
                    request,
                    _("已提交，编号 %(code)s。受理、交办和答复都会通知您，也可随时在这里查看。")
                    % {"code": case.code},
                )
                return redirect("voice:my_case", pk=case.pk)
        status = 400
        if photos:
            errors.setdefault("photos", []).append(_("照片没有保存，请重新选择。"))
    context = {
        "posted": posted,
        "errors": errors,
        "error_list": all_messages(errors),
        "channels": _channel_choices(),
        "units": _anonymous_units(),
        "default_unit": _anonymous_default(person),
        "photo_max": settings.PHOTO_MAX_COUNT,
        "photo_mb": settings.PHOTO_MAX_UPLOAD_MB,
    }
    return render(request, "voice/worker/submit.html", context, status=status)


@login_required
def my_case(request, pk: int):
    case = case_for_owner(request.user, pk)
    context = _case_context(case, photo_src=_photo_url)
    return render(request, "voice/worker/my_case.html", context)


@login_required
@require_POST
def my_case_act(request, pk: int):
    case = case_for_owner(request.user, pk)
    action = request.POST.get("action", "")
    if action not in OWNER_ACTIONS:
        raise Http404
    try:
        _owner_act(case, action, request.POST, request.FILES, actor=request.user, receipt_ok=False)
    except (ValidationError, PermissionDenied, Conflict) as exc:
        errors, status = refusal(exc)
    else:
        messages.success(request, DONE[action])
        return redirect("voice:my_case", pk=case.pk)
    if action == "supplement" and request.FILES.getlist("photos"):
        errors.setdefault("photos", []).append(_("照片没有保存，请重新选择。"))
    case = case_for_owner(request.user, pk)
    context = _case_context(
        case,
        photo_src=_photo_url,
        posted=request.POST,
        errors=errors,
        error_list=all_messages(errors),
        active=action,
    )
    return render(request, "voice/worker/my_case.html", context, status=status)


# --- anonymous: the suggestion box and the receipt ------------------------------------


@_anonymous_path
def anonymous_submit(request):
    """The anonymous suggestion box. Works signed in or not; writes nothing about who."""
    posted = {"title": "", "body": "", "organisation": ""}
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        posted = {k: request.POST.get(k, "") for k in ("title", "body", "organisation")}
        photos = request.FILES.getlist("photos")
        if not ratelimit.allow(request, "anon-submit", settings.ANON_SUBMISSIONS_PER_WINDOW):
            errors = {
                "general": [
                    _("匿名投递过于频繁，请 %(n)s 分钟后再试。本次没有保存。")
                    % {"n": settings.ANON_WINDOW_MINUTES}
                ]
            }
            status = 429
        else:
            unit_id = posted["organisation"]
            unit = (
                selectors.anonymous_units().filter(pk=int(unit_id)).first()
                if unit_id.isdigit() and len(unit_id) < 12
                else None
            )
            try:
                case, receipt = services.case_submit(
                    submitter=None,
                    anonymous=True,
                    channel=Channel.SUGGESTION,
                    title=posted["title"],
                    body=posted["body"],
                    organisation=unit,
                    photos=photos,
                )
            except (ValidationError, PermissionDenied) as exc:
                errors, status = refusal(exc)
            else:
                # The only time the receipt exists in clear: in this one response.
                return render(
                    request,
                    "voice/worker/anonymous_receipt.html",
                    {"receipt": receipt, "receipt_groups": receipt.split("-"), "case": case},
                )
        if photos:
            errors.setdefault("photos", []).append(_("照片没有保存，请重新选择。"))
    selected = posted["organisation"] if posted["organisation"].isdigit() else None
    context = {
        "posted": posted,
        "errors": errors,
        "error_list": all_messages(errors),
        "units": _anonymous_units(),
        "selected_unit": int(selected)
        if selected and len(selected) < 12
        else _anonymous_default(request.user),
        "photo_max": settings.PHOTO_MAX_COUNT,
        "photo_mb": settings.PHOTO_MAX_UPLOAD_MB,
    }
    return render(request, "voice/worker/anonymous.html", context, status=status)


@_anonymous_path
def follow_receipt(request):
    """Open an anonymous case by its receipt, read the reply, and act on it."""
    if request.method != "POST":
        return render(request, "voice/worker/follow.html", {"error_list": []})
    receipt = request.POST.get("receipt", "").strip()[:64]
    if not ratelimit.allow(request, "receipt", settings.RECEIPT_LOOKUPS_PER_WINDOW):
        message = _("查询过于频繁，请 %(n)s 分钟后再试。") % {"n": settings.ANON_WINDOW_MINUTES}
        return render(request, "voice/worker/follow.html", {"error_list": [message]}, status=429)
    case = case_for_receipt(receipt)
    if case is None:
        message = _("没有找到与此回执码对应的事项，请核对回执码（共 20 位字母和数字）后重试。")
        return render(
            request,
            "voice/worker/follow.html",
            {"error_list": [message], "typed": receipt},
            status=404,
        )
    action = request.POST.get("action", "")
    errors: dict[str, list[str]] = {}
    status, done = 200, ""
    if action in OWNER_ACTIONS:
        try:
            _owner_act(case, action, request.POST, request.FILES, actor=None, receipt_ok=True)
        except (ValidationError, PermissionDenied, Conflict) as exc:
            errors, status = refusal(exc)
            if action == "supplement" and request.FILES.getlist("photos"):
                errors.setdefault("photos", []).append(_("照片没有保存，请重新选择。"))
        else:
            done = DONE[action]
        case = case_for_receipt(receipt)
    context = _case_context(
        case,
        photo_src=_data_uri,
        receipt=receipt,
        done=done,
        posted=request.POST if errors else {},
        errors=errors,
        error_list=all_messages(errors),
        active=action if errors else "",
    )
    return render(request, "voice/worker/follow_case.html", context, status=status)


# --- public progress and the workers' congress ----------------------------------------


@login_required
def progress(request):
    page = _page(request, selectors.public_progress(request.user))
    rows = list(page.object_list)
    for case in rows:
        case.ms = list(case.milestones.all())  # prefetched with the page
        case.ms_done = sum(1 for m in case.ms if m.done_on)
    return render(request, "voice/worker/progress.html", {"page": page, "rows": rows})


def _sessions_for(person):
    """Congress sessions the person may read: those of the units above them, and those
    they represent."""
    prefixes = ancestor_paths(person.unit.path) if person.unit is not None else []
    from django.db.models import Q

    return (
        CongressSession.objects.filter(
            Q(organisation__path__in=prefixes) | Q(representatives=person)
        )
        .distinct()
        .select_related("organisation")
        .order_by("-opens_on", "-pk")
    )


@login_required
def congress(request):
    person = request.user
    sessions = list(_sessions_for(person)[:20])
    session = None
    wanted = request.POST.get("session") or request.GET.get("session") or ""
    if wanted.isdigit():
        session = next((s for s in sessions if s.pk == int(wanted)), None)
        if session is None:
            raise Http404
    elif sessions:
        session = sessions[0]
    today = timezone.localdate()
    is_rep = bool(session) and session.representatives.filter(pk=person.pk).exists()
    is_open = bool(session) and session.opens_on <= today <= session.closes_on
    posted, errors, status = {"title": "", "body": ""}, {}, 200
    if request.method == "POST":
        if session is None:
            raise Http404
        action = request.POST.get("action", "")
        try:
            if action == "table":
                posted = {k: request.POST.get(k, "") for k in ("title", "body")}
                case = services.congress_submit(
                    submitter=person, session=session, title=posted["title"], body=posted["body"]
                )
                messages.success(
                    request,
                    _("提案已提交，编号 %(code)s。需 %(n)s 名代表附议后进入立案审查。")
                    % {"code": case.code, "n": session.cosign_required},
                )
                return redirect("voice:my_case", pk=case.pk)
            if action == "cosign":
                case_id = request.POST.get("case", "")
                case = fetch(
                    Case.objects.only("pk"),
                    pk=int(case_id) if case_id.isdigit() and len(case_id) < 12 else 0,
                    congress_session=session,
                )
                case = services.congress_cosign(case_id=case.pk, representative=person)
                messages.success(request, _("已附议 %(code)s。") % {"code": case.code})
                return redirect(f"{request.path}?session={session.pk}")
            raise Http404
        except (ValidationError, PermissionDenied, Conflict) as exc:
            errors, status = refusal(exc)
    page = None
    cosigned: set[int] = set()
    if session is not None:
        proposals = (
            Case.objects.filter(congress_session=session)
            .select_related("submitter", "category")
            .order_by("-congress_number")
        )
        page = _page(request, proposals)
        if is_rep:
            cosigned = set(
                Cosign.objects.filter(
                    representative=person, case__in=[c.pk for c in page.object_list]
                ).values_list("case_id", flat=True)
            )
    context = {
        "sessions": sessions,
        "session": session,
        "is_rep": is_rep,
        "is_open": is_open,
        "page": page,
        "cosigned": cosigned,
        "session_query": f"session={session.pk}" if session else "",
        "posted": posted,
        "errors": errors,
        "error_list": all_messages(errors),
    }
    return render(request, "voice/worker/congress.html", context, status=status)


# --- photos ---------------------------------------------------------------------------


@login_required
def photo(request, pk: int):
    """A case's photo, for its owner or the staff who may see the case; 404 for anyone
    else (the anonymous owner's follow page inlines them)."""
    person = request.user
    photo = fetch(CasePhoto.objects.only("pk", "case_id", "image"), pk=pk)
    case_id = photo.case_id
    hide_unless(
        cases_owned_by(person).filter(pk=case_id).exists()
        or cases_visible_to(person).filter(pk=case_id).exists()
    )
    return photo_response(photo.image)
