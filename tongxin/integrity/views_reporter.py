"""The reporter's pages: report named (signed in) or anonymously (no sign-in needed,
nothing about who is written anywhere), follow by receipt or in "my reports", answer
the inspector's questions and read the outcome.

The anonymous paths pass no person and no address to a service, never touch the
session, are never cached and send only the origin as Referer (core.anonymous.pages).
"""

from __future__ import annotations

import base64

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tongxin.core.anonymous import ratelimit
from tongxin.core.anonymous.pages import anonymous_path, by_receipt, chooser_for, posted_unit
from tongxin.core.forms import all_messages, posted, refusal

from . import services
from .access import own_report, report_for_receipt, reports_of
from .models import Category, RevealState

FIELDS = ("organisation", "category", "subject", "content", "about_leadership")


def start(request):
    """What the channel is, and its three ways in."""
    mine = reports_of(request.user).count() if request.user.is_authenticated else 0
    return render(request, "integrity/start.html", {"mine": mine})


def _form(request, *, anonymous: bool):
    values = {name: "" for name in FIELDS}
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        values = posted(request.POST, FIELDS, limit=6000)
        photos = request.FILES.getlist("photos")
        if anonymous and not ratelimit.allow(
            request, "integrity-submit", settings.ANON_SUBMISSIONS_PER_WINDOW
        ):
            message = _("提交过于频繁，请 %(n)s 分钟后再试。本次没有保存。")
            errors = {"general": [message % {"n": settings.ANON_WINDOW_MINUTES}]}
            status = 429
        else:
            try:
                report, receipt = services.report_submit(
                    reporter=None if anonymous else request.user,
                    anonymous=anonymous,
                    unit=posted_unit(values["organisation"]),
                    about_leadership=values["about_leadership"] == "1",
                    category=values["category"],
                    subject=values["subject"],
                    content=values["content"],
                    photos=photos,
                )
            except services.REFUSALS as exc:
                errors, status = refusal(exc)
            else:
                if not anonymous:
                    return redirect("integrity:my_report", pk=report.pk)
                # The only time the receipt exists in clear: in this one response.
                return render(
                    request,
                    "integrity/receipt.html",
                    {"receipt": receipt, "receipt_groups": receipt.split("-"), "report": report},
                )
        if photos:
            errors.setdefault("photos", []).append(_("照片没有保存，请重新选择。"))
    context = {
        "anonymous": anonymous,
        "values": values,
        "errors": errors,
        "error_list": all_messages(errors),
        "categories": Category.choices,
        "choice": chooser_for(values["organisation"], request.user),
        "photo_max": settings.PHOTO_MAX_COUNT,
        "photo_mb": settings.PHOTO_MAX_UPLOAD_MB,
    }
    return render(request, "integrity/report_form.html", context, status=status)


@login_required
def report_named(request):
    return _form(request, anonymous=False)


@anonymous_path
def report_anonymous(request):
    return _form(request, anonymous=True)


def data_uri(attachment) -> str:
    """An attachment inlined in the page: it has no URL of its own to leak or cache."""
    if not attachment.data:
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(attachment.data).decode("ascii")


def report_context(report, **extra) -> dict:
    """What a reporter reads of their report: its public timeline, the outcome, and
    whether their identity was revealed (and why)."""
    events = list(report.events.visible(internal=False))
    question = ""
    if report.question_open:
        question = next((e.note for e in reversed(events) if e.action == "ask"), "")
    context = {
        "report": report,
        "events": events,
        "attachments": [data_uri(a) for a in report.attachments.all()],
        "question": question,
        "reveals": list(report.reveals.filter(state=RevealState.APPROVED)),
        "errors": {},
        "error_list": [],
        "photo_max": settings.PHOTO_MAX_COUNT,
        "photo_mb": settings.PHOTO_MAX_UPLOAD_MB,
    }
    context.update(extra)
    return context


def _answer(request, report) -> tuple[dict, int, str]:
    """The reporter's answer (or addition): (errors, status, what to say when done)."""
    try:
        services.report_answer(
            report_id=report.pk,
            text=request.POST.get("text", ""),
            reporter_ok=True,
            photos=request.FILES.getlist("photos"),
        )
    except services.REFUSALS as exc:
        errors, status = refusal(exc)
        return errors, status, ""
    return {}, 200, _("已送交办案人员。")


@login_required
def mine(request):
    reports = reports_of(request.user).select_related("unit").order_by("-created_at")[:50]
    return render(request, "integrity/mine.html", {"reports": reports})


@login_required
def my_report(request, pk: int):
    report = own_report(request.user, pk)  # 404 for anyone but its reporter
    errors, status, done = {}, 200, ""
    if request.method == "POST":
        errors, status, done = _answer(request, report)
        report = own_report(request.user, pk)
    context = report_context(report, errors=errors, error_list=all_messages(errors), done=done)
    return render(request, "integrity/follow_report.html", context, status=status)


@anonymous_path
def follow(request):
    """Open an anonymous report by its receipt, answer a question, read the outcome."""
    if request.method != "POST":
        return render(request, "integrity/follow.html", {"error_list": []})
    message = _("没有找到与此回执码对应的举报，请核对回执码（共 20 位字母和数字）后重试。")
    receipt, report, refused = by_receipt(
        request, report_for_receipt, "integrity/follow.html", message
    )
    if refused is not None:
        return refused
    errors, status, done = {}, 200, ""
    if request.POST.get("action") == "answer":
        errors, status, done = _answer(request, report)
        report = report_for_receipt(receipt)
    context = report_context(
        report, receipt=receipt, errors=errors, error_list=all_messages(errors), done=done
    )
    return render(request, "integrity/follow_report.html", context, status=status)
