"""The pages at the work place, made for a phone: today's inspections and what waits on
me, doing an inspection item by item, reporting a hazard on the spot (随手拍), a
hazard's record with the steps the viewer may take now, a work place's page (what its
printed QR code opens) and the photos.

Thin: the views read what was posted, call a service, and show its Chinese message with
everything the person typed when it refuses (400 for bad input, 403 for a step the
person may not take, 409 when someone else acted first). Hazards and plans outside what
the person may see are 404.
"""

from __future__ import annotations

import io
from collections import defaultdict

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tongxin.core.access import fetch, hide_unless
from tongxin.core.forms import all_messages, parse_date, refusal
from tongxin.core.images import photo_response
from tongxin.people.models import Organisation, OrgKind, Tree
from tongxin.people.scoping import reach_of
from tongxin.people.selectors import mine_of, unit_labels

from . import selectors, services
from .access import actor_kinds, hazard_for, hazards_visible_to, is_union_supervisor
from .forms_field import build_finding, district_of, people_choices, posted_finding
from .models import (
    CLOCK_STATES,
    OPEN_STATES,
    ChecklistItem,
    ChecklistVersion,
    Hazard,
    HazardCategory,
    HazardPhoto,
    Inspection,
    InspectionPlan,
    Level,
    PhotoKind,
    Severity,
    Workplace,
)
from .periods import period_of
from .services import Conflict, Mark
from .services.base import hazard_flow

PAGE_SIZE = 20
PERIOD_WORDS = {
    Level.CREW_DAILY: gettext_lazy("今日"),
    Level.DISTRICT_WEEKLY: gettext_lazy("本周"),
    Level.BRANCH_MONTHLY: gettext_lazy("本月"),
}
ACTIONS = (
    "start",
    "rectify",
    "recheck_pass",
    "recheck_fail",
    "assign",
    "confirm",
    "dismiss",
    "union_note",
    "urge",
)
# The field each action's text is typed into, kept on a refusal.
TEXT_FIELD = {
    "rectify": "note",
    "recheck_pass": "note",
    "recheck_fail": "note",
    "assign": "measures",
    "confirm": "note",
    "dismiss": "reason",
    "union_note": "note",
    "urge": "note",
}
DONE = {
    "start": gettext_lazy("已开始整改。整改完成后，在这里上传整改后的照片。"),
    "rectify": gettext_lazy("整改已提交，等待其他人员复查验收。"),
    "recheck_pass": gettext_lazy("复查合格，隐患已销号。"),
    "recheck_fail": gettext_lazy("复查不合格，已退回责任人继续整改。"),
    "assign": gettext_lazy("已指派整改责任人和期限，已通知责任人。"),
    "confirm": gettext_lazy("已确认隐患，进入整改流程。"),
    "dismiss": gettext_lazy("已排除误报。"),
    "union_note": gettext_lazy("工会监督意见已记录。"),
    "urge": gettext_lazy("已督促责任人及其负责人整改。"),
}
PHOTOS_LOST = gettext_lazy("照片没有保存，请重新选择。")


# --- helpers --------------------------------------------------------------------------


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _photo_url(photo: HazardPhoto) -> str:
    return reverse("hazards:photo", args=[photo.pk])


def workplace_thumb(photos) -> HazardPhoto | None:
    """The one photo of a hazard that its work place's page shows to everyone of the
    mine: the first photo taken when it was found.

    By design the page a work place's printed QR code opens lists the place's hazard
    history to the whole mine (the next shift at that face must see what was found
    there), each with this thumbnail, though a worker of another district cannot open
    the hazard itself. The photo view follows the same rule and no wider: out of the
    hazard's scope, only this photo, only for an active work place of the viewer's mine;
    the rectification photos and any other stay with the hazard page."""
    return next((p for p in photos if p.kind == PhotoKind.FOUND), None)


def _in_mine(person, path: str) -> bool:
    """Whether a unit at `path` is in the person's mine, or within their office's reach."""
    if person.unit is not None and path.startswith(mine_of(person.unit).path):
        return True
    return reach_of(person).covers_path(path)


def _categories() -> dict[int, HazardCategory]:
    return {c.pk: c for c in HazardCategory.objects.filter(is_active=True)}


def _deadlines() -> list[dict]:
    """Each severity with its default deadline, for the hints on the forms."""
    out = []
    for value, label in Severity.choices:
        day = services.default_deadline(value)
        out.append(
            {
                "value": value,
                "label": label,
                "date": day,
                "days": settings.HAZARD_DEADLINE_DAYS.get(value, 7),
            }
        )
    return out


def _attach_overdue(hazards, today) -> None:
    for hazard in hazards:
        hazard.overdue = hazard.is_overdue(today)
        hazard.overdue_days = (today - hazard.deadline).days if hazard.overdue else 0
        hazard.due_today = bool(hazard.deadline) and hazard.deadline == today


def _finding_context(request_person, unit, **extra) -> dict:
    context = {
        "categories": list(_categories().values()),
        "severities": _deadlines(),
        "people": people_choices(unit),
        "photo_max": settings.PHOTO_MAX_COUNT,
        "photo_mb": settings.PHOTO_MAX_UPLOAD_MB,
        "today": timezone.localdate(),
    }
    context.update(extra)
    return context


# --- today ----------------------------------------------------------------------------


@login_required
def today(request):
    """This period's inspections for my crew and district, and the hazards waiting on me."""
    person = request.user
    on = timezone.localdate()
    rows = selectors.today_for(person, on)
    labels = unit_labels({row["plan"].unit for row in rows})
    for row in rows:
        row["unit_label"] = labels.get(row["plan"].unit_id, "")
        row["word"] = PERIOD_WORDS.get(row["plan"].level, "")
    page = _page(request, selectors.my_hazards(person))
    hazards = list(page.object_list)
    _attach_overdue(hazards, on)
    for hazard in hazards:
        hazard.mine_to_rectify = hazard.responsible_id == person.pk and hazard.state in (
            CLOCK_STATES
        )
    context = {
        "rows": rows,
        "to_do": sum(1 for row in rows if not row["done"]),
        "page": page,
        "hazards": hazards,
        "pending": list(selectors.pending_detections(person)[:10]),
        "today": on,
    }
    return render(request, "hazards/field/today.html", context)


# --- inspect --------------------------------------------------------------------------


def _item_groups(items: list[ChecklistItem]) -> list[tuple[str, list]]:
    """Items grouped by area, in the order the checklist was published."""
    groups: dict[str, list] = {}
    for item in sorted(items, key=lambda i: (i.order, i.pk)):
        groups.setdefault(item.area, []).append(item)
    return list(groups.items())


def _done_summary(person, inspection: Inspection) -> dict:
    results = list(inspection.results.select_related("item").order_by("item__order", "item_id"))
    hazards = list(
        Hazard.objects.filter(inspection=inspection)
        .select_related("category", "responsible")
        .order_by("pk")
    )
    visible = set(
        hazards_visible_to(person).filter(inspection=inspection).values_list("pk", flat=True)
    )
    for hazard in hazards:
        hazard.visible = hazard.pk in visible
    return {
        "inspection": inspection,
        "results": results,
        "ok_count": sum(1 for r in results if r.ok),
        "bad_count": sum(1 for r in results if not r.ok),
        "hazards": hazards,
    }


@login_required
def inspect(request, plan_id: int):
    """Mark each item of the current checklist; an item found wanting becomes a hazard."""
    person = request.user
    plan = fetch(selectors.plans_for(person), pk=plan_id)
    on = timezone.localdate()
    period = period_of(plan.level, on)
    version = services.current_version(plan)
    if version is None:
        raise Http404
    items = list(version.items.select_related("category"))
    unit_label = unit_labels([plan.unit]).get(plan.unit_id, plan.unit.name)
    place = plan.workplace.name if plan.workplace else unit_label

    marks_typed: dict[int, str] = {}
    typed: dict[int, dict[str, str]] = {}
    item_errors: dict[int, list[str]] = defaultdict(list)
    had_photos: set[int] = set()
    errors: dict[str, list[str]] = {}
    status = 200

    if request.method == "POST":
        categories = _categories()
        marks: list[Mark] = []
        view_problems = False
        for item in items:
            choice = request.POST.get(f"item-{item.pk}", "")
            marks_typed[item.pk] = choice
            prefix = f"f{item.pk}-"
            typed[item.pk] = posted_finding(request.POST, prefix)
            photos = request.FILES.getlist(prefix + "photos")
            if choice == "ok":
                marks.append(Mark(item_id=item.pk, ok=True))
            elif choice == "bad":
                if photos:
                    had_photos.add(item.pk)
                finding, problems = build_finding(typed[item.pk], categories, plan.workplace)
                if not finding.description:
                    problems["description"] = _("请写明发现的问题。")
                if problems:
                    view_problems = True
                    item_errors[item.pk] += list(problems.values())
                marks.append(
                    Mark(
                        item_id=item.pk,
                        ok=False,
                        note=finding.description[:200],
                        finding=finding,
                        photos=photos,
                    )
                )
            else:
                view_problems = True
                item_errors[item.pk].append(_("请选择“合格”或“不合格”。"))
        if view_problems:
            status = 400
            missing = [item for item in items if marks_typed[item.pk] not in ("ok", "bad")]
            unfilled = [i for i in items if marks_typed[i.pk] == "bad" and item_errors[i.pk]]
            errors["general"] = []
            if missing:
                errors["general"].append(
                    _("还有 %(n)s 项没有检查：%(first)s")
                    % {"n": len(missing), "first": missing[0].text}
                )
            if unfilled:
                errors["general"].append(
                    _("有 %(n)s 项不合格的隐患情况没有填好，见下方标红处。") % {"n": len(unfilled)}
                )
        else:
            try:
                inspection = services.inspection_record(actor=person, plan=plan, marks=marks)
            except (ValidationError, PermissionDenied, Conflict) as exc:
                errors, status = refusal(exc)
                texts = {item.text: item.pk for item in items}
                for message in errors.get("general", []):
                    for text, pk in texts.items():
                        if message.startswith(f"“{text}”"):
                            item_errors[pk].append(message)
            else:
                bad = sum(1 for m in marks if not m.ok)
                if bad:
                    text = _(
                        "检查已提交：%(ok)s 项合格，%(bad)s 项不合格，已生成 %(bad)s 条隐患记录。"
                    ) % {"ok": len(marks) - bad, "bad": bad}
                else:
                    text = _("检查已提交：%(ok)s 项全部合格。") % {"ok": len(marks)}
                messages.success(request, text)
                return redirect("hazards:inspect", plan_id=inspection.plan_id)
        for pk in had_photos:
            item_errors[pk].append(str(PHOTOS_LOST))

    done = Inspection.objects.filter(plan=plan, period=period).select_related("inspector").first()
    groups = []
    for area, area_items in _item_groups(items):
        rows = []
        for item in area_items:
            values = typed.get(item.pk) or {
                "location": f"{place} {item.area}",
                "category": str(item.category_id),
                "severity": "",
                "description": "",
                "measures": "",
                "responsible": "",
                "deadline": "",
            }
            rows.append(
                {
                    "item": item,
                    "mark": marks_typed.get(item.pk, ""),
                    "f": values,
                    "errors": item_errors.get(item.pk, []),
                }
            )
        groups.append((area, rows))
    first_error = next((item.pk for item in items if item_errors.get(item.pk)), None)
    context = _finding_context(
        person,
        plan.unit,
        first_error=first_error,
        plan=plan,
        version=version,
        unit_label=unit_label,
        word=PERIOD_WORDS.get(plan.level, ""),
        period=period,
        groups=groups,
        item_count=len(items),
        done=_done_summary(person, done) if done else None,
        errors=errors,
        error_list=all_messages(errors),
    )
    return render(request, "hazards/field/inspect.html", context, status=status)


# --- report (随手拍) ------------------------------------------------------------------


def _report_units(person) -> list[tuple[int, str]]:
    """The units a hazard can be reported against: the mine, its districts and offices."""
    if person.unit is not None:
        mine = mine_of(person.unit)
        units = Organisation.objects.filter(
            tree=Tree.UNIT,
            path__startswith=mine.path,
            kind__in=(OrgKind.MINE, OrgKind.DISTRICT, OrgKind.DEPARTMENT),
        ).order_by("path")
    else:
        units = selectors.units_for(person)
    return [(u.pk, u.name) for u in units.only("pk", "name")[:300]]


@login_required
def report(request):
    """Report a hazard seen at the work place, outside a scheduled inspection."""
    person = request.user
    source = request.POST if request.method == "POST" else request.GET
    code = (source.get("workplace") or "").strip()[:24]
    workplace = None
    if code:
        workplace = (
            Workplace.objects.select_related("unit").filter(code=code, is_active=True).first()
        )
        if workplace is not None and not _in_mine(person, workplace.unit.path):
            workplace = None
    units = _report_units(person)
    unit_ids = {pk for pk, _label in units}
    default_unit = workplace.unit if workplace else district_of(person.unit)
    typed = {
        "location": workplace.name if workplace else "",
        "category": "",
        "severity": "",
        "description": "",
        "measures": "",
        "responsible": "",
        "deadline": "",
        "unit": str(default_unit.pk) if default_unit else "",
    }
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        typed = {**posted_finding(request.POST), "unit": request.POST.get("unit", "")}
        photos = request.FILES.getlist("photos")
        finding, problems = build_finding(typed, _categories(), workplace)
        unit_id = typed["unit"].strip()
        unit = None
        if unit_id.isdigit() and len(unit_id) < 12 and int(unit_id) in unit_ids:
            unit = Organisation.objects.filter(pk=int(unit_id)).first()
        if unit is None:
            problems["unit"] = _("请选择责任单位。")
        if problems:
            errors = {field: [message] for field, message in problems.items()}
            status = 400
        else:
            try:
                hazard = services.hazard_report(
                    actor=person, unit=unit, finding=finding, photos=photos
                )
            except (ValidationError, PermissionDenied) as exc:
                errors, status = refusal(exc, list_field="photos")
            else:
                messages.success(
                    request,
                    _("已上报，编号 %(code)s。处理的每一步都会通知您。") % {"code": hazard.code},
                )
                return redirect("hazards:hazard", pk=hazard.pk)
        if photos:
            errors.setdefault("photos", []).append(str(PHOTOS_LOST))
        default_unit = unit or default_unit
    context = _finding_context(
        person,
        default_unit,
        workplace=workplace,
        units=units,
        f=typed,
        errors=errors,
        error_list=all_messages(errors),
    )
    return render(request, "hazards/field/report.html", context, status=status)


# --- one hazard -----------------------------------------------------------------------


def _available(person, hazard: Hazard) -> set[str]:
    """The steps the viewer may take on the hazard now: the transition table, the
    viewer's capacities and the state; never a re-check of one's own rectification."""
    names = hazard_flow.available(hazard, actor_kinds(person, hazard))
    if hazard.rectified_by_id == person.pk:
        names -= {"recheck_pass", "recheck_fail"}
    if is_union_supervisor(person, hazard):
        names.add("union_note")
        if hazard.state in OPEN_STATES:
            names.add("urge")
    return names


def _hazard_context(person, hazard: Hazard, **extra) -> dict:
    events = list(hazard.events.all())
    photos = list(hazard.photos.all())
    by_event = defaultdict(list)
    for photo in photos:
        by_event[photo.event_id].append((photo, _photo_url(photo)))
    first_event = events[0].pk if events else None
    body_photos = by_event.pop(None, []) + by_event.pop(first_event, [])
    for event in events:
        event.shown_photos = by_event.get(event.pk, []) if event.pk != first_event else []
    today = timezone.localdate()
    _attach_overdue([hazard], today)
    available = _available(person, hazard)
    rectified = [e for e in events if e.action == "rectify"]
    context = {
        "hazard": hazard,
        "unit_label": unit_labels([hazard.unit]).get(hazard.unit_id, hazard.unit.name),
        "last_rectify": rectified[-1] if rectified else None,
        "events": events,
        "body_photos": body_photos,
        "available": available,
        "can_recheck": bool(available & {"recheck_pass", "recheck_fail"}),
        "can_union": "union_note" in available,
        "is_responsible": hazard.responsible_id == person.pk,
        "is_rectifier": hazard.rectified_by_id == person.pk,
        "people": people_choices(hazard.unit) if "assign" in available else [],
        "severities": _deadlines(),
        "posted": {},
        "errors": {},
        "error_list": [],
        "active": "",
        "kept": "",
        "photo_max": settings.PHOTO_MAX_COUNT,
        "photo_mb": settings.PHOTO_MAX_UPLOAD_MB,
        "today": today,
    }
    context.update(extra)
    return context


@login_required
def hazard(request, pk: int):
    person = request.user
    record = hazard_for(person, pk)
    return render(request, "hazards/field/hazard.html", _hazard_context(person, record))


def _act(action: str, hazard: Hazard, version: int, post, files, person):
    if action == "start":
        return services.hazard_start(hazard_id=hazard.pk, version=version, actor=person)
    if action == "rectify":
        return services.hazard_rectify(
            hazard_id=hazard.pk,
            version=version,
            actor=person,
            note=post.get("note", ""),
            photos=files.getlist("photos"),
        )
    if action in ("recheck_pass", "recheck_fail"):
        return services.hazard_recheck(
            hazard_id=hazard.pk,
            version=version,
            actor=person,
            passed=action == "recheck_pass",
            note=post.get("note", ""),
        )
    if action == "assign":
        from tongxin.people.models import Person

        raw = (post.get("responsible") or "").strip()
        responsible = (
            Person.objects.select_related("unit").filter(pk=int(raw)).first()
            if raw.isdigit() and len(raw) < 12
            else None
        )
        deadline, ok = parse_date(post.get("deadline", ""))
        if not ok:
            raise ValidationError({"deadline": _("整改期限的日期格式不对，请重新选择。")})
        return services.hazard_assign(
            hazard_id=hazard.pk,
            version=version,
            actor=person,
            responsible=responsible,
            deadline=deadline,
            measures=post.get("measures", ""),
        )
    if action == "confirm":
        return services.hazard_confirm(
            hazard_id=hazard.pk, version=version, actor=person, note=post.get("note", "")
        )
    if action == "dismiss":
        return services.hazard_dismiss(
            hazard_id=hazard.pk, version=version, actor=person, reason=post.get("reason", "")
        )
    return services.union_supervise(
        hazard_id=hazard.pk, actor=person, note=post.get("note", ""), urge=action == "urge"
    )


@login_required
@require_POST
def hazard_act(request, pk: int, action: str):
    """One step on the hazard, guarded by its version: the second of two people acting
    on the same version is told what happened, and keeps what they typed."""
    person = request.user
    record = hazard_for(person, pk)
    if action not in ACTIONS:
        raise Http404
    raw_version = (request.POST.get("version") or "").strip()
    try:
        if not (raw_version.isdigit() and len(raw_version) < 10):
            raise ValidationError(_("页面缺少版本信息，请刷新后重试。"))
        _act(action, record, int(raw_version), request.POST, request.FILES, person)
    except (ValidationError, PermissionDenied, Conflict) as exc:
        errors, status = refusal(exc, list_field="photos" if action == "rectify" else "general")
    else:
        messages.success(request, DONE[action])
        return redirect("hazards:hazard", pk=record.pk)
    if action == "rectify" and request.FILES.getlist("photos"):
        errors.setdefault("photos", []).append(str(PHOTOS_LOST))
    record = hazard_for(person, pk)
    context = _hazard_context(
        person,
        record,
        posted=request.POST,
        errors=errors,
        error_list=all_messages(errors),
        active=action,
    )
    # What was typed for a step no longer open to the person is shown to copy, not lost.
    if action in ("recheck_pass", "recheck_fail"):
        still_open = context["can_recheck"]
    elif action in ("union_note", "urge"):
        still_open = context["can_union"]
    else:
        still_open = action in context["available"]
    field = TEXT_FIELD.get(action)
    if not still_open and field:
        context["kept"] = request.POST.get(field, "")
    return render(request, "hazards/field/hazard.html", context, status=status)


# --- the work place and its QR code ---------------------------------------------------


def _workplace_for(person, code: str):
    """The active work place with this code and its hazard history, if it is in the
    person's mine; otherwise 404."""
    place, history = selectors.workplace_history(code[:24])
    if place is None or not _in_mine(person, place.unit.path):
        raise Http404
    return place, history


@login_required
def workplace(request, code: str):
    """What the printed QR code opens: the work place's checklists with today's status,
    and its hazard history. Open to the people of its mine."""
    person = request.user
    place, history = _workplace_for(person, code)
    on = timezone.localdate()
    plans = list(
        InspectionPlan.objects.filter(workplace=place, is_active=True)
        .select_related("unit", "template")
        .order_by("level", "unit__path")[:20]
    )
    keys = {p.pk: period_of(p.level, on) for p in plans}
    done = {
        (i.plan_id, i.period): i
        for i in Inspection.objects.filter(
            plan_id__in=list(keys), period__in=set(keys.values())
        ).select_related("inspector")
    }
    latest: dict[int, ChecklistVersion] = {}
    for version in ChecklistVersion.objects.filter(
        template_id__in={p.template_id for p in plans}
    ).order_by("template_id", "-number"):
        latest.setdefault(version.template_id, version)
    items_by_version = defaultdict(list)
    for item in ChecklistItem.objects.filter(
        version__in=[v.pk for v in latest.values()]
    ).select_related("category"):
        items_by_version[item.version_id].append(item)
    mine = set(selectors.plans_for(person).filter(pk__in=list(keys)).values_list("pk", flat=True))
    labels = unit_labels({p.unit for p in plans} | {place.unit})
    rows = []
    for plan in plans:
        version = latest.get(plan.template_id)
        rows.append(
            {
                "plan": plan,
                "unit_label": labels.get(plan.unit_id, ""),
                "word": PERIOD_WORDS.get(plan.level, ""),
                "done": done.get((plan.pk, keys[plan.pk])),
                "version": version,
                "groups": _item_groups(items_by_version[version.pk]) if version else [],
                "mine": plan.pk in mine,
            }
        )
    page = _page(request, history.prefetch_related("photos"))
    hazards = list(page.object_list)
    visible = set(
        hazards_visible_to(person)
        .filter(pk__in=[h.pk for h in hazards])
        .values_list("pk", flat=True)
    )
    _attach_overdue(hazards, on)
    for hazard in hazards:
        hazard.visible = hazard.pk in visible
        thumb = workplace_thumb(hazard.photos.all())
        hazard.thumb = _photo_url(thumb) if thumb else ""
    context = {
        "workplace": place,
        "unit_label": labels.get(place.unit_id, place.unit.name),
        "rows": rows,
        "page": page,
        "hazards": hazards,
        "open_count": history.filter(state__in=OPEN_STATES).count(),
        "today": on,
    }
    return render(request, "hazards/field/workplace.html", context)


@login_required
def workplace_qr(request, code: str):
    """The work place's QR code as SVG: the absolute address of its page."""
    place, _history = _workplace_for(request.user, code)
    url = request.build_absolute_uri(reverse("hazards:workplace", args=[place.code]))
    out = io.BytesIO()
    segno.make(url, error="m").save(
        out, kind="svg", scale=8, border=2, title=f"{place.name} {place.code}"
    )
    response = HttpResponse(out.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=86400"
    return response


# --- photos ---------------------------------------------------------------------------


@login_required
def photo(request, pk: int):
    """A hazard's photo: any of them for those who may see the hazard; for the rest of
    its work place's mine, only the thumbnail the work place's page shows
    (`workplace_thumb`); 404 for anyone else."""
    person = request.user
    item = fetch(HazardPhoto.objects.select_related("hazard__workplace__unit"), pk=pk)
    if not hazards_visible_to(person).filter(pk=item.hazard_id).exists():
        place = item.hazard.workplace
        hide_unless(
            place is not None
            and place.is_active
            and _in_mine(person, place.unit.path)
            and workplace_thumb(item.hazard.photos.order_by("pk")) == item
        )
    return photo_response(item.image)
