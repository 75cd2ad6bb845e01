"""厂务公开: what workers read (and comment on, named or with a receipt), and the
publishing office's desk (the calendar with overdue categories, publishing, moderating
and answering), which the union's democratic management officer also reads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from python_calamine import CalamineWorkbook

from tongxin.core.access import area_required, fetch
from tongxin.core.anonymous.pages import anonymous_path, by_receipt
from tongxin.core.anonymous.receipts import receipt_hash
from tongxin.core.forms import all_messages, parse_version, posted, refusal, small_id

from . import services
from .disclosure_access import (
    categories_managed_by,
    categories_overseen_by,
    comments_handled_by,
    comments_overseen_by,
    disclosure_for,
    disclosures_for,
    is_disclosure_staff,
    unread_by,
)
from .models import Comment, CommentState, DisclosureFile, DisclosureRead
from .services import REFUSALS

PAGE_SIZE = 20
SHEET_ROWS = 300  # rows of an Excel attachment shown in the page; the file has them all


@login_required
def disclosure_list(request):
    show = "unread" if request.GET.get("show") == "unread" else ""
    if show:  # what the home panel counts
        rows = unread_by(request.user, timezone.localdate())
    else:
        rows = disclosures_for(request.user)
    rows = rows.select_related("category").order_by("-published_at", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "show": show, "query": f"show={show}" if show else ""}
    return render(request, "integrity/disclosure/list.html", context)


def _detail(request, disclosure, *, errors=None, status=200, values=None, receipt=""):
    person = request.user
    handles = categories_managed_by(person).filter(pk=disclosure.category_id).exists()
    comments = disclosure.comments.filter(
        Q(state=CommentState.PUBLISHED) | Q(author=person)
    ).order_by("created_at", "pk")
    context = {
        "disclosure": disclosure,
        "files": list(disclosure.files.all()),
        "comments": comments,
        "handles": handles,
        "reads_by_unit": (
            DisclosureRead.objects.filter(disclosure=disclosure)
            .values("unit__name")
            .annotate(n=Count("pk"))
            .order_by("-n")
            if handles
            else []
        ),
        "errors": errors or {},
        "error_list": all_messages(errors or {}),
        "values": values or {},
        "receipt": receipt,
        "receipt_groups": receipt.split("-") if receipt else [],
    }
    return render(request, "integrity/disclosure/detail.html", context, status=status)


@login_required
def disclosure_detail(request, pk: int):
    disclosure = disclosure_for(request.user, pk)
    if request.method == "POST":
        try:
            _comment, receipt = services.comment_post(
                author=request.user,
                disclosure_id=disclosure.pk,
                body=request.POST.get("body", ""),
                anonymous=request.POST.get("anonymous") == "1",
            )
        except REFUSALS as exc:
            errors, status = refusal(exc)
            values = posted(request.POST, ["body", "anonymous"])
            return _detail(request, disclosure, errors=errors, status=status, values=values)
        if receipt:  # shown this once, in this response
            return _detail(request, disclosure, receipt=receipt)
        messages.success(request, _("留言已提交，审核通过后公开。"))
        return redirect("integrity:disclosure", pk=disclosure.pk)
    services.disclosure_read(person=request.user, disclosure=disclosure)
    return _detail(request, disclosure)


@login_required
def disclosure_file(request, pk: int):
    """A PDF in the browser's own viewer; an Excel file as a table, with a download."""
    attachment = fetch(
        DisclosureFile.objects.filter(disclosure__in=disclosures_for(request.user)), pk=pk
    )
    if attachment.kind == "pdf" or request.GET.get("download"):
        response = FileResponse(attachment.file.open("rb"), filename=attachment.name)
        if attachment.kind == "pdf" and not request.GET.get("download"):
            response["Content-Disposition"] = "inline"
            response["Content-Type"] = "application/pdf"
        return response
    with attachment.file.open("rb") as handle:
        book = CalamineWorkbook.from_filelike(handle)
        sheets = [
            (name, book.get_sheet_by_name(name).to_python(nrows=SHEET_ROWS))
            for name in book.sheet_names
        ]
    context = {"attachment": attachment, "sheets": sheets}
    return render(request, "integrity/disclosure/sheet.html", context)


@anonymous_path
def comment_follow(request):
    """An anonymous comment by its receipt: moderated or not (and why), and the answer."""
    if request.method != "POST":
        return render(request, "integrity/disclosure/follow.html", {"error_list": []})
    message = _("没有找到与此回执码对应的留言，请核对后重试。")

    def find(code):
        digest = receipt_hash(code)
        return Comment.objects.filter(receipt_hash=digest).first() if digest else None

    _receipt, comment, refused = by_receipt(
        request, find, "integrity/disclosure/follow.html", message
    )
    if refused is not None:
        return refused
    return render(request, "integrity/disclosure/follow_comment.html", {"comment": comment})


@area_required(is_disclosure_staff)
def desk(request):
    person = request.user
    today = timezone.localdate()
    categories = list(
        (categories_managed_by(person) | categories_overseen_by(person))
        .distinct()
        .select_related("office", "unit")
        .annotate(n=Count("disclosures"))
    )
    for category in categories:
        category.due = category.due_by()
        category.overdue = category.is_overdue(today)
    comments = comments_overseen_by(person).select_related("disclosure")
    show = request.GET.get("show", "pending")
    if show == "unanswered":
        comments = comments.filter(state=CommentState.PUBLISHED, answer="")
    elif show == "all":
        pass
    else:
        show = "pending"
        comments = comments.filter(state=CommentState.PENDING)
    page = Paginator(comments.order_by("created_at", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    handled = set(
        comments_handled_by(person).filter(pk__in=[c.pk for c in page]).values_list("pk", flat=True)
    )
    context = {
        "categories": categories,
        "page": page,
        "show": show,
        "handled": handled,
        "query": f"show={show}",
        "can_publish": categories_managed_by(person).exists(),
    }
    return render(request, "integrity/disclosure/desk.html", context)


@area_required(is_disclosure_staff)
def publish(request):
    person = request.user
    categories = categories_managed_by(person).select_related("unit")
    values = posted(request.POST, ["category", "title", "body", "period"]) if request.POST else {}
    errors, status = {}, 200
    if request.method == "POST":
        category = categories.filter(pk=small_id(values["category"]) or 0).first()
        try:
            if category is None:
                raise services.REFUSALS[0]({"category": _("请选择公开类别。")})
            disclosure = services.disclosure_publish(
                actor=person,
                category=category,
                audience=category.unit,
                title=values["title"],
                body=values["body"],
                period=values["period"],
                files=request.FILES.getlist("files"),
            )
        except REFUSALS as exc:
            errors, status = refusal(exc)
        else:
            messages.success(request, _("已发布。"))
            return redirect("integrity:disclosure", pk=disclosure.pk)
    context = {
        "categories": categories,
        "values": values,
        "errors": errors,
        "error_list": all_messages(errors),
    }
    return render(request, "integrity/disclosure/publish.html", context, status=status)


@area_required(is_disclosure_staff)
@require_POST
def comment_handle(request, pk: int):
    comment = fetch(comments_handled_by(request.user), pk=pk)
    step = request.POST.get("step", "")
    try:
        version = parse_version(request.POST.get("version"))
        if step == "answer":
            services.comment_answer(
                actor=request.user,
                comment_id=comment.pk,
                version=version,
                answer=request.POST.get("answer", ""),
            )
        else:
            services.comment_moderate(
                actor=request.user,
                comment_id=comment.pk,
                version=version,
                publish=step == "publish",
                reason=request.POST.get("reason", ""),
            )
    except REFUSALS as exc:
        errors, _status = refusal(exc)
        for message in all_messages(errors):
            messages.error(request, message)
    else:
        messages.success(request, _("已处理。"))
    return redirect(reverse("integrity:disclosure_desk") + "?show=all")
