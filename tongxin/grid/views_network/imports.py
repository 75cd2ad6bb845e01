"""Links from a spreadsheet, every bad row named, and the template to fill in."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tongxin.core import exports

from ..forms_network import ImportForm, form_errors
from ..models import Level
from ..services import network as services
from .common import grid_reader_required, managed_branch, messages_of

TEMPLATE_COLUMNS = ("责任人工号", "责任人姓名", "联系对象工号", "联系对象姓名", "层级", "生效日期")


@grid_reader_required
def network_import(request, branch_id: int):
    """Links from a spreadsheet; any bad row and nothing is saved, each bad row listed."""
    viewer = request.user
    branch = managed_branch(viewer, branch_id)
    if request.GET.get("template") == "xlsx":
        return _template_response()
    posting = request.method == "POST"
    form = ImportForm(request.POST if posting else None, request.FILES if posting else None)
    result, errors, status = None, [], 200
    if request.method == "POST":
        if not form.is_valid():
            errors, status = form_errors(form), 400
        else:
            try:
                result = services.links_import(
                    actor=viewer, branch=branch, upload=form.cleaned_data["upload"]
                )
            except ValidationError as exc:
                errors, status = messages_of(exc), 400
            else:
                if result["errors"]:
                    status = 400
                else:
                    messages.success(
                        request,
                        _("导入完成：新增%(c)d条联系，%(u)d条与现有联系相同未改动。")
                        % {"c": result["created"], "u": result["unchanged"]},
                    )
                    url = reverse("grid:network_branch", args=[branch.pk])
                    return redirect(url)
    context = {
        "branch": branch,
        "form": form,
        "result": result,
        "errors": errors,
        "levels": Level.choices,
        "active": "network",
    }
    return render(request, "grid/network/import.html", context, status=status)


def _template_response() -> HttpResponse:
    buffer = io.BytesIO()
    book = exports.workbook(buffer, constant_memory=False)
    sheet = book.add_worksheet("网格联系名单")
    sheet.set_column(0, len(TEMPLATE_COLUMNS) - 1, 16)
    exports.write_row(sheet, 0, 0, TEMPLATE_COLUMNS)
    example = ["100014", "陈党", "100001", "王强", str(Level.MEMBER_WORKER.label), ""]
    exports.write_row(sheet, 1, 0, example)
    book.close()
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = "attachment; filename*=UTF-8''grid-links-template.xlsx"
    return response
