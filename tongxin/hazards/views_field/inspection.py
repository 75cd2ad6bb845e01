"""Doing an inspection item by item, and what it found once done."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.access import fetch
from tongxin.core.forms import all_messages, refusal, small_id
from tongxin.core.idempotency import REPLAYED, posted_key
from tongxin.core.offline import offline_sync
from tongxin.people.selectors import unit_labels

from .. import selectors, services
from ..access import hazards_visible_to
from ..forms_field import build_finding, posted_finding, with_responsible_labels
from ..models import Hazard, Inspection
from ..periods import period_of
from ..services import Conflict, Mark
from .common import (
    ALREADY_SENT,
    PERIOD_WORDS,
    PHOTOS_LOST,
    active_categories,
    finding_context,
    item_groups,
)


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


@offline_sync
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

    built_from = small_id(request.POST.get("checklist_version"))
    if request.method == "POST" and built_from not in (None, version.pk):
        # Marks kept on a phone while the checklist was republished are for other
        # items: not read item by item, but the service refuses them as a whole (or
        # answers with the inspection, when they are a repeat of one it recorded).
        try:
            inspection = services.inspection_record(
                actor=person,
                plan=plan,
                marks=[],
                version_id=built_from,
                idempotency_key=posted_key(request),
            )
        except (ValidationError, PermissionDenied, Conflict) as exc:
            errors, status = refusal(exc)
        else:
            messages.success(request, str(ALREADY_SENT))
            return redirect("hazards:inspect", plan_id=inspection.plan_id)
    elif request.method == "POST":
        categories = active_categories()
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
                finding, problems = build_finding(
                    typed[item.pk], categories, plan.workplace, unit=plan.unit
                )
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
                inspection = services.inspection_record(
                    actor=person,
                    plan=plan,
                    marks=marks,
                    version_id=built_from,
                    idempotency_key=posted_key(request),
                )
            except (ValidationError, PermissionDenied, Conflict) as exc:
                errors, status = refusal(exc)
                texts = {item.text: item.pk for item in items}
                for message in errors.get("general", []):
                    for text, pk in texts.items():
                        if message.startswith(f"“{text}”"):
                            item_errors[pk].append(message)
            else:
                bad = sum(1 for m in marks if not m.ok)
                if getattr(inspection, REPLAYED, False):
                    text = str(ALREADY_SENT)
                elif bad:
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
    for area, area_items in item_groups(items):
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
    with_responsible_labels([row["f"] for _area, rows in groups for row in rows])
    first_error = next((item.pk for item in items if item_errors.get(item.pk)), None)
    context = finding_context(
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
