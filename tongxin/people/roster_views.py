"""Roster import pages: past imports, upload, preview with progress, confirm, template.

Only administrators see these pages, and only for the units their role reaches;
anyone else gets a 404. Every change goes through the services in roster/services.py.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from tongxin.core import exports
from tongxin.core.access import area_required

from . import roster
from .models import ImportStatus, Role
from .roster_forms import RosterUploadForm
from .scoping import has_role

LIST_PAGE_SIZE = 20
ERROR_PAGE_SIZE = 50


admin_required = area_required(lambda person: has_role(person, Role.ADMIN))


@admin_required
def import_list(request):
    imports = (
        roster.imports_visible_to(request.user)
        .select_related("uploaded_by", "scope_unit")
        .defer("errors")  # up to thousands of rows each; the list shows only counts
        .order_by("-created_at", "-pk")
    )
    page = Paginator(imports, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "people/roster_list.html", {"page": page})


@admin_required
def import_upload(request):
    form = RosterUploadForm(request.POST or None, request.FILES or None, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            roster_import = roster.roster_upload(
                actor=request.user,
                scope_unit=form.cleaned_data["scope_unit"],
                file=upload,
                name=upload.name,
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            roster.roster_start_check(roster_import=roster_import)
            return redirect("people:import_detail", pk=roster_import.pk)
    context = {"form": form, "max_mb": settings.ROSTER_MAX_UPLOAD_MB}
    return render(request, "people/roster_upload.html", context)


@admin_required
def import_detail(request, pk: int):
    roster_import = roster.import_for_admin(request.user, pk)
    running = roster_import.status in roster.RUNNING
    if request.htmx and request.GET.get("fragment") == "progress":
        if not running:
            return HttpResponseClientRefresh()  # finished: show the full result
        return render(
            request, "people/roster_detail.html#progress", _progress_context(roster_import)
        )
    summary = roster_import.summary or {}
    samples = summary.get("samples", [])
    errors = Paginator(roster_import.errors or [], ERROR_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        **_progress_context(roster_import),
        "summary": summary,
        "errors": errors,
        "creates": [s for s in samples if s["action"] == "create"],
        "updates": [s for s in samples if s["action"] == "update"],
    }
    return render(request, "people/roster_detail.html", context)


def _progress_context(roster_import) -> dict:
    done, total, percent = roster.progress_of(roster_import)
    return {
        "imp": roster_import,
        "running": roster_import.status in roster.RUNNING,
        "done": done,
        "total": total,
        "percent": percent,
    }


@admin_required
@require_POST
def import_confirm(request, pk: int):
    roster_import = roster.import_for_admin(request.user, pk)
    try:
        roster_import = roster.roster_confirm(actor=request.user, roster_import=roster_import)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("people:import_detail", pk=pk)
    if roster_import.status == ImportStatus.APPLIED:
        summary = roster_import.summary
        messages.success(
            request,
            _("导入完成：新增%(create)d人，更新%(update)d人，%(unchanged)d人无变化。")
            % {k: summary.get(k, 0) for k in ("create", "update", "unchanged")},
        )
    elif roster_import.status == ImportStatus.APPLYING:
        messages.info(request, _("正在后台导入，可以离开本页，稍后回来查看结果。"))
    else:
        messages.error(request, _("没有导入任何数据，原因见下方。"))
    return redirect("people:import_detail", pk=pk)


@admin_required
@require_POST
def import_cancel(request, pk: int):
    roster_import = roster.import_for_admin(request.user, pk)
    try:
        roster.roster_cancel(actor=request.user, roster_import=roster_import)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.info(request, _("已取消这次导入，没有写入任何数据。"))
    return redirect("people:import_detail", pk=pk)


@admin_required
def import_template(request):
    """An xlsx with the headers, an example row, and a sheet of accepted values."""
    buffer = io.BytesIO()
    workbook = exports.workbook(buffer, constant_memory=False)
    sheet = workbook.add_worksheet(_("花名册"))
    head = workbook.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    text = workbook.add_format({"num_format": "@"})  # keeps 工号 and phone numbers as text
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    widths = [12, 10, 22, 14, 14, 12, 10, 12, 14]
    formats = [text, None, None, None, text, None, None, None, day]
    for col, (title, width, fmt) in enumerate(
        zip(roster.TEMPLATE_HEADERS, widths, formats, strict=True)
    ):
        sheet.set_column(col, col, width, fmt)
        sheet.write_string(0, col, title, head)
    example = [
        "100001",
        "王强",
        "综采一队/一班",
        "采煤机司机",
        "13800001111",
        "群众",
        "是",
        "中级工",
    ]
    for col, value in enumerate(example):
        sheet.write_string(1, col, value)
    sheet.write_string(1, 8, "2024-03-01")
    sheet.freeze_panes(1, 0)
    notes = workbook.add_worksheet(_("填写说明"))
    notes.set_column(0, 0, 14)
    notes.set_column(1, 1, 80)
    for row, (column, rule) in enumerate(_template_rules()):
        notes.write_string(row, 0, column, head if row == 0 else None)
        notes.write_string(row, 1, rule, head if row == 0 else None)
    workbook.close()
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=_("花名册模板.xlsx"))


def _template_rules() -> list[tuple[str, str]]:
    return [
        (_("列"), _("填写要求")),
        (
            _("工号"),
            _("必填；字母、数字或“-”，最长20位；同一文件内不能重复。已有的工号会更新该人员。"),
        ),
        (_("姓名"), _("必填。")),
        (_("单位"), _("必填；导入范围内的单位名称。重名的单位写明上级，如“综采一队/一班”。")),
        (_("岗位"), _("选填。")),
        (_("手机"), _("选填；11位手机号码。")),
        (_("政治面貌"), _("选填；中共党员、预备党员、共青团员、群众。")),
        (_("工会会员"), _("选填；是 或 否。")),
        (_("技能等级"), _("选填；初级工、中级工、高级工、技师、高级技师；填“无”表示清除。")),
        (_("入职日期"), _("选填；如 2024-03-01、2024/3/1、2024年3月1日。")),
        (
            _("说明"),
            _("空白的单元格不会改动已有人员的信息；文件中没有的人员不受影响。其他列会被忽略。"),
        ),
    ]
