"""Hardship files: the list with the reviews due highlighted, a new file, and a file
with its reviews and assistance."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.forms import all_messages, parse_date, posted, refusal
from tongxin.people.selectors import unit_labels

from .. import selectors, services
from ..access import file_for_manager, manager_reach
from ..forms import TYPED_MAX, version_of, worker_in_reach
from ..models import (
    AssistanceKind,
    AssistanceSource,
    FileState,
    HardshipCause,
    HardshipLevel,
    ReviewOutcome,
)
from .common import (
    AID_FIELDS,
    REFUSALS,
    choice_of,
    desk_context,
    label_units,
    manager_required,
    paginate,
    query_without,
    unit_filter,
    units_in,
)


@manager_required
def files(request):
    """困难职工档案: files in force (or closed), those due for their review highlighted."""
    viewer = request.user
    units = units_in(manager_reach(viewer))
    errors: list[str] = []
    unit = unit_filter(request, units, errors)
    state = request.GET.get("state")
    f = selectors.FileFilter(
        unit=unit,
        level=choice_of(request.GET.get("level"), HardshipLevel),
        state=state if state in FileState.values else ("" if state == "all" else "active"),
        review_due=request.GET.get("due") == "1",
        retired=request.GET.get("retired") == "1",
    )
    page = paginate(request, selectors.hardship_files(viewer, f))
    label_units(page.object_list)
    today = timezone.localdate()
    horizon = selectors.review_horizon(today)
    for row in page.object_list:
        row.review_due = row.state == FileState.ACTIVE and row.next_review_on <= horizon
        row.review_overdue = row.state == FileState.ACTIVE and row.next_review_on < today
    context = desk_context(
        request,
        "files",
        page=page,
        filter=f,
        state=state or "active",
        errors=errors,
        units=units,
        levels=HardshipLevel.choices,
        counts=selectors.file_counts(viewer, unit),
        query=query_without(request),
    )
    return render(request, "care/desk/files.html", context)


FILE_FIELDS = (
    "employee_no",
    "level",
    "cause",
    "family_situation",
    "household_size",
    "monthly_income",
    "opened_on",
    "is_retired",
)


@manager_required
def file_new(request):
    """建档: open a hardship file for a worker (retired workers too)."""
    viewer = request.user
    reach = manager_reach(viewer)
    values, errors, status = {"opened_on": timezone.localdate().isoformat()}, {}, 200
    if request.method == "POST":
        values = posted(request.POST, FILE_FIELDS, limit=TYPED_MAX)
        person = worker_in_reach(values, reach, errors)
        opened_on, ok = parse_date(values["opened_on"])
        if not ok:
            errors["opened_on"] = [_("建档日期的格式不对。")]
        if not errors:
            try:
                file = services.file_open(
                    actor=viewer,
                    person=person,
                    level=values["level"],
                    cause=values["cause"],
                    family_situation=values["family_situation"],
                    household_size=values["household_size"],
                    monthly_income=values["monthly_income"],
                    opened_on=opened_on,
                    is_retired=True if values["is_retired"] else None,
                )
            except REFUSALS as exc:
                errors, status = refusal(exc)
            else:
                messages.success(request, _("困难职工档案已建立，下次复核日期已排好。"))
                return redirect("care:file", pk=file.pk)
        status = status if status != 200 else 400
    context = desk_context(
        request,
        "files",
        values=values,
        errors=errors,
        error_list=all_messages(errors),
        levels=HardshipLevel.choices,
        causes=HardshipCause.choices,
    )
    return render(request, "care/desk/file_new.html", context, status=status)


REVIEW_FIELDS = ("outcome", "level_after", "monthly_income", "note", "reviewed_on")


@manager_required
def file(request, pk: int):
    """One hardship file: the family's situation, its reviews and the assistance given;
    the yearly review and a new assistance record are posted here."""
    viewer = request.user
    row = file_for_manager(viewer, pk)
    values, errors, status, action = {}, {}, 200, ""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "review":
                values = posted(request.POST, REVIEW_FIELDS, limit=TYPED_MAX)
                reviewed_on, ok = parse_date(values["reviewed_on"])
                if not ok:
                    raise ValidationError({"reviewed_on": _("复核日期的格式不对。")})
                services.file_review(
                    actor=viewer,
                    file_id=row.pk,
                    version=version_of(request.POST),
                    outcome=values["outcome"],
                    level_after=values["level_after"],
                    monthly_income=values["monthly_income"],
                    note=values["note"],
                    reviewed_on=reviewed_on,
                )
                messages.success(request, _("复核已记录。"))
            elif action == "assist":
                values = posted(request.POST, AID_FIELDS, limit=TYPED_MAX)
                given_on, ok = parse_date(values["given_on"])
                if not ok:
                    raise ValidationError({"given_on": _("发放日期的格式不对。")})
                services.assistance_record(
                    actor=viewer,
                    person=row.person,
                    kind=values["kind"],
                    amount=values["amount"],
                    source=values["source"],
                    given_on=given_on,
                    note=values["note"],
                )
                messages.success(request, _("帮扶记录已登记。"))
            else:
                raise Http404
            return redirect("care:file", pk=row.pk)
        except REFUSALS as exc:
            errors, status = refusal(exc)
        row = file_for_manager(viewer, pk)
    today = timezone.localdate()
    row.unit_label = unit_labels([row.organisation]).get(row.organisation_id, "")
    row.review_due = row.state == FileState.ACTIVE and row.next_review_on <= (
        selectors.review_horizon(today)
    )
    aid = list(selectors.person_assistance(row.person)[:200])
    context = desk_context(
        request,
        "files",
        file=row,
        reviews=list(selectors.file_reviews(row)[:100]),
        assistance=aid,
        aid_total=sum((a.amount for a in aid), start=0),
        values=values,
        errors=errors,
        error_list=all_messages(errors),
        action=action,
        aid_values=values if action == "assist" else {},
        outcomes=ReviewOutcome.choices,
        levels=HardshipLevel.choices,
        kinds=AssistanceKind.choices,
        sources=AssistanceSource.choices,
    )
    return render(request, "care/desk/file.html", context, status=status)
