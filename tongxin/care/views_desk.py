"""The union's desk pages for care (SPEC §5): needs (list, collect, turn into a service
item or decline), surveys, the service ledger with its filters and Excel export,
hardship files (list with the reviews due highlighted, a file with its reviews and
assistance), assistance totals per year and unit, and the assistance ledger export.

Union chairs and administrators of a unit run these for their units; leadership reads
the totals page only; everyone else gets 404. Thin: the query string and the posted
fields are read here, selectors read (already scoped), services write and say why in
Chinese when they refuse (400 bad input, 403 not theirs, 409 someone acted first).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.access import area_required
from tongxin.core.forms import all_messages, parse_date, posted, refusal, small_id
from tongxin.core.workdays import add_workdays
from tongxin.people.models import Organisation
from tongxin.people.selectors import unit_labels

from . import export, selectors, services
from .access import (
    counsellor_of,
    file_for_manager,
    is_care_manager,
    is_care_reader,
    manager_reach,
    need_for_manager,
    totals_reach,
)
from .forms import TYPED_MAX, person_by_no, unit_from, version_of
from .models import (
    AssistanceKind,
    AssistanceSource,
    FileState,
    HardshipCause,
    HardshipLevel,
    ItemSource,
    NeedCategory,
    NeedState,
    ReviewOutcome,
)
from .services import Conflict
from .services.items import VISIT_WORKDAYS

PAGE_SIZE = 30
MAX_UNITS = 3000
REFUSALS = (ValidationError, PermissionDenied, Conflict)
NEED_TABS = ("new", "served", "declined", "all")
LEDGER_TABS = ("open", "done", "cancelled", "all")


# --- helpers --------------------------------------------------------------------------


manager_required = area_required(is_care_manager)


reader_required = area_required(is_care_reader)


def _units(reach) -> list[Organisation]:
    return list(selectors.units_for(reach)[:MAX_UNITS])


def _page(request, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def _query(request, *drop: str) -> str:
    query = request.GET.copy()
    for key in ("page", *drop):
        query.pop(key, None)
    return query.urlencode()


def _context(request, active: str, **extra) -> dict:
    viewer = request.user
    context = {
        "active": active,
        "is_manager": is_care_manager(viewer),
        "is_counsellor": counsellor_of(viewer) is not None,
        "today": timezone.localdate(),
    }
    context.update(extra)
    return context


def _unit_filter(request, units, errors: list[str]) -> Organisation | None:
    unit, ok = unit_from(units, request.GET.get("unit"))
    if not ok:
        errors.append(_("单位：所选单位不在您的查看范围内。"))
    return unit


def _date_filter(request, name: str, label: str, errors: list[str]):
    day, ok = parse_date(request.GET.get(name))
    if not ok:
        errors.append(_("%(label)s：日期格式不对。") % {"label": label})
    return day


def _choice(value, choices) -> str:
    return value if value in choices.values else ""


def _label_units(rows, attr: str = "organisation") -> None:
    labels = unit_labels({getattr(r, attr) for r in rows})
    for row in rows:
        row.unit_label = labels.get(getattr(row, f"{attr}_id"), "")


# --- needs ----------------------------------------------------------------------------


@manager_required
def needs(request):
    """需求清单: the needs of the viewer's units, new ones first in line to be served."""
    viewer = request.user
    units = _units(manager_reach(viewer))
    errors: list[str] = []
    unit = _unit_filter(request, units, errors)
    tab = request.GET.get("state") if request.GET.get("state") in NEED_TABS else "new"
    f = selectors.NeedFilter(
        unit=unit,
        state="" if tab == "all" else tab,
        category=_choice(request.GET.get("category"), NeedCategory),
        survey_id=small_id(request.GET.get("survey")),
    )
    page = _page(request, selectors.needs_list(viewer, f))
    _label_units(page.object_list)
    context = _context(
        request,
        "needs",
        page=page,
        filter=f,
        tab=tab,
        errors=errors,
        units=units,
        categories=NeedCategory.choices,
        counts=selectors.need_counts(viewer, unit),
        query=_query(request),
        tabs_query=_query(request, "state"),
    )
    return render(request, "care/desk/needs.html", context)


NEED_FIELDS = ("employee_no", "unit", "category", "text", "survey", "collected_on")


@manager_required
def need_collect(request):
    """现场收集: a union officer records a need heard on the spot (for a worker, or for a
    whole unit when no 工号 is given)."""
    viewer = request.user
    reach = manager_reach(viewer)
    units = _units(reach)
    surveys = list(selectors.surveys_list(viewer).filter(closes_on__gte=timezone.localdate())[:50])
    values, errors, status = {"collected_on": timezone.localdate().isoformat()}, {}, 200
    if request.method == "POST":
        values = posted(request.POST, NEED_FIELDS, limit=TYPED_MAX)
        person = None
        if values["employee_no"].strip():
            person = person_by_no(values["employee_no"], reach)
            if person is None:
                errors["employee_no"] = [_("您负责的单位中没有这个工号的职工。")]
        unit, _ok = unit_from(units, values["unit"])
        survey = next((s for s in surveys if s.pk == small_id(values["survey"])), None)
        collected_on, ok = parse_date(values["collected_on"])
        if not ok:
            errors["collected_on"] = [_("收集日期的格式不对。")]
        if not errors:
            try:
                need = services.need_collect(
                    actor=viewer,
                    person=person,
                    organisation=unit,
                    category=values["category"],
                    text=values["text"],
                    survey=survey,
                    collected_on=collected_on,
                )
            except REFUSALS as exc:
                errors, status = refusal(exc)
            else:
                messages.success(request, _("需求已登记，请转为服务项目或说明理由。"))
                return redirect("care:need", pk=need.pk)
        status = status if status != 200 else 400
    context = _context(
        request,
        "needs",
        values=values,
        errors=errors,
        error_list=all_messages(errors),
        units=units,
        surveys=surveys,
        categories=NeedCategory.choices,
    )
    return render(request, "care/desk/need_collect.html", context, status=status)


@manager_required
def need(request, pk: int):
    """One need: turn it into a service item with an owner and a deadline, or decline it."""
    viewer = request.user
    row = need_for_manager(viewer, pk)
    values, errors, status = {}, {}, 200
    if request.method == "POST":
        action = request.POST.get("action")
        values = posted(
            request.POST,
            ("owner_no", "deadline", "title", "description", "reason"),
            limit=TYPED_MAX,
        )
        version = version_of(request.POST)
        try:
            if action == "to_item":
                owner = person_by_no(values["owner_no"])
                deadline, ok = parse_date(values["deadline"])
                if not values["owner_no"].strip() or owner is None:
                    raise ValidationError({"owner": _("请填写责任人的工号（本矿在职人员）。")})
                if not ok:
                    raise ValidationError({"deadline": _("完成期限的日期格式不对。")})
                item = services.need_to_item(
                    actor=viewer,
                    need_id=row.pk,
                    version=version,
                    owner=owner,
                    deadline=deadline,
                    title=values["title"],
                    description=values["description"],
                )
                messages.success(request, _("已转为服务项目，并通知了责任人。"))
                return redirect("care:item", pk=item.pk)
            if action == "decline":
                services.need_decline(
                    actor=viewer, need_id=row.pk, version=version, reason=values["reason"]
                )
                messages.success(request, _("已记录不予办理的理由。"))
                return redirect("care:need", pk=row.pk)
            raise Http404
        except REFUSALS as exc:
            errors, status = refusal(exc)
            values["action"] = action
        row = need_for_manager(viewer, pk)
    if row.person_id:
        row.unit_label = unit_labels([row.person.unit]).get(row.person.unit_id, "")
    item = getattr(row, "service_item", None) if row.state == NeedState.SERVED else None
    context = _context(
        request,
        "needs",
        need=row,
        item=item,
        values=values,
        errors=errors,
        error_list=all_messages(errors),
        suggested_deadline=add_workdays(timezone.localdate(), VISIT_WORKDAYS),
    )
    return render(request, "care/desk/need.html", context, status=status)


# --- surveys --------------------------------------------------------------------------


SURVEY_FIELDS = ("unit", "title", "description", "opens_on", "closes_on")


@manager_required
def surveys(request):
    """需求调查: the surveys of the viewer's units with how many needs each collected, and
    the form to open one."""
    viewer = request.user
    units = _units(manager_reach(viewer))
    values, errors, status = {}, {}, 200
    if request.method == "POST":
        values = posted(request.POST, SURVEY_FIELDS, limit=TYPED_MAX)
        unit, ok = unit_from(units, values["unit"])
        opens_on, ok_open = parse_date(values["opens_on"])
        closes_on, ok_close = parse_date(values["closes_on"])
        if not ok or unit is None:
            errors["organisation"] = [_("请选择调查的单位。")]
        if not ok_open:
            errors["opens_on"] = [_("开始日期的格式不对。")]
        if not ok_close:
            errors["closes_on"] = [_("截止日期的格式不对。")]
        if not errors:
            try:
                services.survey_open(
                    actor=viewer,
                    organisation=unit,
                    title=values["title"],
                    description=values["description"],
                    opens_on=opens_on,
                    closes_on=closes_on,
                )
            except REFUSALS as exc:
                errors, status = refusal(exc)
            else:
                messages.success(request, _("需求调查已发布，职工在“提需求”页面即可填写。"))
                return redirect("care:surveys")
        status = status if status != 200 else 400
    page = _page(request, selectors.surveys_list(viewer))
    _label_units(page.object_list)
    context = _context(
        request,
        "surveys",
        page=page,
        units=units,
        values=values,
        errors=errors,
        error_list=all_messages(errors),
        query=_query(request),
    )
    return render(request, "care/desk/surveys.html", context, status=status)


# --- the service ledger -------------------------------------------------------------------


def _ledger_filter(request, units, *, default_tab: str = "open"):
    errors: list[str] = []
    unit = _unit_filter(request, units, errors)
    tab = request.GET.get("state") if request.GET.get("state") in LEDGER_TABS else default_tab
    owner_id = None
    if (request.GET.get("owner") or "").strip():
        owner = person_by_no(request.GET.get("owner"))
        if owner is None:
            errors.append(_("责任人：没有这个工号。"))
        else:
            owner_id = owner.pk
    since = _date_filter(request, "since", _("登记自"), errors)
    until = _date_filter(request, "until", _("至"), errors)
    if since and until and since > until:
        errors.append(_("至：结束日期不能早于开始日期。"))
        until = None
    f = selectors.LedgerFilter(
        unit=unit,
        state="" if tab == "all" else tab,
        owner_id=owner_id,
        overdue=request.GET.get("overdue") == "1",
        category=_choice(request.GET.get("category"), NeedCategory),
        source=_choice(request.GET.get("source"), ItemSource),
        since=since,
        until=until,
    )
    return f, tab, errors


@manager_required
def ledger(request):
    """服务台账: every service item of the viewer's units, as filtered, with the export."""
    viewer = request.user
    units = _units(manager_reach(viewer))
    f, tab, errors = _ledger_filter(request, units)
    page = _page(request, selectors.ledger(viewer, f))
    _label_units(page.object_list)
    context = _context(
        request,
        "ledger",
        page=page,
        filter=f,
        tab=tab,
        errors=errors,
        units=units,
        owner_no=(request.GET.get("owner") or "").strip()[:20],
        categories=NeedCategory.choices,
        sources=ItemSource.choices,
        counts=selectors.ledger_counts(viewer, f.unit),
        query=_query(request),
        tabs_query=_query(request, "state", "overdue"),
    )
    return render(request, "care/desk/ledger.html", context)


@manager_required
def ledger_export(request):
    """The ledger as the page is filtered; every state unless a tab is named."""
    viewer = request.user
    f, _tab, _errors = _ledger_filter(request, _units(manager_reach(viewer)), default_tab="all")
    return export.ledger_response(selectors.ledger(viewer, f).order_by("created_at", "pk"))


ITEM_FIELDS = ("employee_no", "unit", "category", "title", "description", "owner_no", "deadline")


@manager_required
def item_new(request):
    """直接登记 a service item (for a worker, or for a unit when no 工号 is given)."""
    viewer = request.user
    reach = manager_reach(viewer)
    units = _units(reach)
    values, errors, status = {"owner_no": viewer.employee_no}, {}, 200
    if request.method == "POST":
        values = posted(request.POST, ITEM_FIELDS, limit=TYPED_MAX)
        person = None
        if values["employee_no"].strip():
            person = person_by_no(values["employee_no"], reach)
            if person is None:
                errors["employee_no"] = [_("您负责的单位中没有这个工号的职工。")]
        unit, _ok = unit_from(units, values["unit"])
        owner = person_by_no(values["owner_no"])
        if owner is None:
            errors["owner"] = [_("请填写责任人的工号（本矿在职人员）。")]
        deadline, ok = parse_date(values["deadline"])
        if not ok:
            errors["deadline"] = [_("完成期限的日期格式不对。")]
        if not errors:
            try:
                item = services.item_create(
                    actor=viewer,
                    person=person,
                    organisation=unit,
                    category=values["category"],
                    title=values["title"],
                    description=values["description"],
                    owner=owner,
                    deadline=deadline,
                )
            except REFUSALS as exc:
                errors, status = refusal(exc)
            else:
                messages.success(request, _("服务项目已登记，并通知了责任人。"))
                return redirect("care:item", pk=item.pk)
        status = status if status != 200 else 400
    context = _context(
        request,
        "ledger",
        values=values,
        errors=errors,
        error_list=all_messages(errors),
        units=units,
        categories=NeedCategory.choices,
        suggested_deadline=add_workdays(timezone.localdate(), VISIT_WORKDAYS),
    )
    return render(request, "care/desk/item_new.html", context, status=status)


# --- hardship files ------------------------------------------------------------------------


@manager_required
def files(request):
    """困难职工档案: files in force (or closed), those due for their review highlighted."""
    viewer = request.user
    units = _units(manager_reach(viewer))
    errors: list[str] = []
    unit = _unit_filter(request, units, errors)
    state = request.GET.get("state")
    f = selectors.FileFilter(
        unit=unit,
        level=_choice(request.GET.get("level"), HardshipLevel),
        state=state if state in FileState.values else ("" if state == "all" else "active"),
        review_due=request.GET.get("due") == "1",
        retired=request.GET.get("retired") == "1",
    )
    page = _page(request, selectors.hardship_files(viewer, f))
    _label_units(page.object_list)
    today = timezone.localdate()
    horizon = selectors.review_horizon(today)
    for row in page.object_list:
        row.review_due = row.state == FileState.ACTIVE and row.next_review_on <= horizon
        row.review_overdue = row.state == FileState.ACTIVE and row.next_review_on < today
    context = _context(
        request,
        "files",
        page=page,
        filter=f,
        state=state or "active",
        errors=errors,
        units=units,
        levels=HardshipLevel.choices,
        counts=selectors.file_counts(viewer, unit),
        query=_query(request),
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
        person = person_by_no(values["employee_no"], reach)
        if person is None:
            errors["employee_no"] = [_("您负责的单位中没有这个工号的职工。")]
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
    context = _context(
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
AID_FIELDS = ("kind", "amount", "source", "given_on", "note")


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
    context = _context(
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


# --- assistance -----------------------------------------------------------------------------


def _totals_params(request, units):
    errors: list[str] = []
    unit = _unit_filter(request, units, errors)
    if unit is None and units:
        unit = min(units, key=lambda u: (u.depth, u.path))
    year = small_id(request.GET.get("year")) or timezone.localdate().year
    if not 2000 <= year <= 2100:
        errors.append(_("年度：请选择 2000 至 2100 年之间的年度。"))
        year = timezone.localdate().year
    return unit, year, errors


@reader_required
def assistance(request):
    """帮扶统计: a year's assistance per unit one level down, by kind and by source, and
    every year's total; for union chairs, administrators and leadership."""
    viewer = request.user
    units = _units(totals_reach(viewer))
    unit, year, errors = _totals_params(request, units)
    totals = selectors.assistance_totals(viewer, year, unit) if unit else None
    years = selectors.assistance_by_year(viewer, unit) if unit else []
    this_year = timezone.localdate().year
    context = _context(
        request,
        "assistance",
        totals=totals,
        years=years,
        year=year,
        year_choices=sorted({this_year, year, *[y["year"] for y in years]}, reverse=True),
        unit=unit,
        units=units,
        errors=errors,
        kinds=AssistanceKind.choices,
        query=_query(request),
    )
    return render(request, "care/desk/assistance.html", context)


@reader_required
def assistance_export(request):
    """The year's assistance ledger under the unit, with its totals."""
    viewer = request.user
    unit, year, _errors = _totals_params(request, _units(totals_reach(viewer)))
    if unit is None:
        raise Http404
    totals = selectors.assistance_totals(viewer, year, unit)
    return export.assistance_response(selectors.assistance_list(viewer, year, unit), totals)


@manager_required
def assistance_new(request):
    """登记帮扶 for any worker of the viewer's units (with or without a hardship file)."""
    viewer = request.user
    reach = manager_reach(viewer)
    values, errors, status = {"given_on": timezone.localdate().isoformat()}, {}, 200
    if request.method == "POST":
        values = posted(request.POST, ("employee_no", *AID_FIELDS), limit=TYPED_MAX)
        person = person_by_no(values["employee_no"], reach)
        if person is None:
            errors["employee_no"] = [_("您负责的单位中没有这个工号的职工。")]
        given_on, ok = parse_date(values["given_on"])
        if not ok:
            errors["given_on"] = [_("发放日期的格式不对。")]
        if not errors:
            try:
                aid = services.assistance_record(
                    actor=viewer,
                    person=person,
                    kind=values["kind"],
                    amount=values["amount"],
                    source=values["source"],
                    given_on=given_on,
                    note=values["note"],
                )
            except REFUSALS as exc:
                errors, status = refusal(exc)
            else:
                messages.success(
                    request,
                    _("已为 %(n)s 登记帮扶 %(a)s 元。") % {"n": person.name, "a": aid.amount},
                )
                if aid.file_id:
                    return redirect("care:file", pk=aid.file_id)
                return redirect("care:assistance")
        status = status if status != 200 else 400
    context = _context(
        request,
        "assistance",
        values=values,
        errors=errors,
        error_list=all_messages(errors),
        kinds=AssistanceKind.choices,
        sources=AssistanceSource.choices,
    )
    return render(request, "care/desk/assistance_new.html", context, status=status)
