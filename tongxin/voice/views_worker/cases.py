"""Named: raise a matter, follow my cases, rate, reopen or add to a reply, and a
case's photos."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.access import fetch, hide_unless
from tongxin.core.anonymous.pages import anonymous_default, unit_choice
from tongxin.core.forms import all_messages, refusal
from tongxin.core.images import photo_bytes_response, photo_response

from .. import selectors, services
from ..access import case_for_owner, cases_owned_by, cases_visible_to
from ..models import WORKER_CHANNELS, CasePhoto, Channel
from ..services import Conflict
from .common import (
    DONE,
    OWNER_ACTIONS,
    case_context,
    owner_act,
    paginate,
    photo_url,
)


@login_required
def my_cases(request):
    person = request.user
    show = request.GET.get("show")
    show = show if show in selectors.MY_CASE_FILTERS else None
    page = paginate(request, selectors.my_cases(person, show))
    context = {
        "page": page,
        "show": show,
        "show_label": selectors.MY_CASE_FILTERS[show][1] if show else "",
        "extra_query": f"show={show}" if show else "",
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
        "choice": unit_choice(anonymous_default(person)),
        "photo_max": settings.PHOTO_MAX_COUNT,
        "photo_mb": settings.PHOTO_MAX_UPLOAD_MB,
    }
    return render(request, "voice/worker/submit.html", context, status=status)


@login_required
def my_case(request, pk: int):
    case = case_for_owner(request.user, pk)
    context = case_context(case, photo_src=photo_url)
    return render(request, "voice/worker/my_case.html", context)


@login_required
@require_POST
def my_case_act(request, pk: int):
    case = case_for_owner(request.user, pk)
    action = request.POST.get("action", "")
    if action not in OWNER_ACTIONS:
        raise Http404
    try:
        owner_act(case, action, request.POST, request.FILES, actor=request.user, receipt_ok=False)
    except (ValidationError, PermissionDenied, Conflict) as exc:
        errors, status = refusal(exc)
    else:
        messages.success(request, DONE[action])
        return redirect("voice:my_case", pk=case.pk)
    if action == "supplement" and request.FILES.getlist("photos"):
        errors.setdefault("photos", []).append(_("照片没有保存，请重新选择。"))
    case = case_for_owner(request.user, pk)
    context = case_context(
        case,
        photo_src=photo_url,
        posted=request.POST,
        errors=errors,
        error_list=all_messages(errors),
        active=action,
    )
    return render(request, "voice/worker/my_case.html", context, status=status)


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
    if not photo.image:  # an anonymous case's photo: its bytes are in the database
        return photo_bytes_response(photo.read())
    return photo_response(photo.image)
