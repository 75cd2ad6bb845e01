"""The public implementation progress, and the congress representatives' proposals."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.access import fetch
from tongxin.core.forms import all_messages, refusal
from tongxin.people.selectors import ancestor_paths

from .. import selectors, services
from ..models import Case, CongressSession, Cosign
from ..services import Conflict
from .common import paginate


@login_required
def progress(request):
    page = paginate(request, selectors.public_progress(request.user))
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
        page = paginate(request, proposals)
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
