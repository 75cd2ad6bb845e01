"""Anonymous: the suggestion box, and following a case by its receipt code."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _

from tongxin.core.anonymous import ratelimit
from tongxin.core.anonymous.pages import (
    anonymous_default,
    anonymous_path,
    by_receipt,
    posted_unit,
    unit_choice,
)
from tongxin.core.forms import all_messages, refusal

from .. import services
from ..access import case_for_receipt
from ..models import Channel
from ..services import Conflict
from .common import (
    DONE,
    OWNER_ACTIONS,
    case_context,
    data_uri,
    owner_act,
)


@anonymous_path
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
            unit = posted_unit(posted["organisation"])
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
        "choice": unit_choice(
            int(selected) if selected and len(selected) < 12 else anonymous_default(request.user)
        ),
        "photo_max": settings.PHOTO_MAX_COUNT,
        "photo_mb": settings.PHOTO_MAX_UPLOAD_MB,
    }
    return render(request, "voice/worker/anonymous.html", context, status=status)


@anonymous_path
def follow_receipt(request):
    """Open an anonymous case by its receipt, read the reply, and act on it."""
    if request.method != "POST":
        return render(request, "voice/worker/follow.html", {"error_list": []})
    message = _("没有找到与此回执码对应的事项，请核对回执码（共 20 位字母和数字）后重试。")
    receipt, case, refused = by_receipt(
        request, case_for_receipt, "voice/worker/follow.html", message
    )
    if refused is not None:
        return refused
    action = request.POST.get("action", "")
    errors: dict[str, list[str]] = {}
    status, done = 200, ""
    if action in OWNER_ACTIONS:
        try:
            owner_act(case, action, request.POST, request.FILES, actor=None, receipt_ok=True)
        except (ValidationError, PermissionDenied, Conflict) as exc:
            errors, status = refusal(exc)
            if action == "supplement" and request.FILES.getlist("photos"):
                errors.setdefault("photos", []).append(_("照片没有保存，请重新选择。"))
        else:
            done = DONE[action]
        case = case_for_receipt(receipt)
    context = case_context(
        case,
        photo_src=data_uri,
        receipt=receipt,
        done=done,
        posted=request.POST if errors else {},
        errors=errors,
        error_list=all_messages(errors),
        active=action if errors else "",
    )
    return render(request, "voice/worker/follow_case.html", context, status=status)
