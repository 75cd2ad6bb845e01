"""Inspections on the 三三制 rhythm: checklists published as versions, plans, and an
inspection recorded at the work place with every item marked and each failed item
turned into a hazard, all in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.idempotency import idempotent
from tongxin.core.images import clean_photos
from tongxin.core.timeline import Conflict
from tongxin.people.models import Organisation, Person, Tree
from tongxin.people.scoping import reach_of

from ..access import MANAGER_ROLES
from ..models import (
    ChecklistItem,
    ChecklistTemplate,
    ChecklistVersion,
    HazardCategory,
    Inspection,
    InspectionPlan,
    InspectionResult,
    Level,
    Source,
    Workplace,
)
from ..periods import period_of
from .hazard import Finding, _check, create_hazard


@transaction.atomic
def checklist_publish(
    *, actor: Person, template: ChecklistTemplate, items: list[tuple[str, HazardCategory, str]]
) -> ChecklistVersion:
    """A new version of the checklist; inspections keep the version they were done with."""
    if not reach_of(actor, MANAGER_ROLES).covers(template.unit):
        raise PermissionDenied(_("只有本单位负责人可以发布检查表。"))
    cleaned = [(a.strip(), c, t.strip()) for a, c, t in items if (t or "").strip()]
    if not cleaned:
        raise ValidationError(_("检查表至少要有一项检查内容。"))
    for number, (area, category, text) in enumerate(cleaned, start=1):
        if not area or category is None or len(text) > 200:
            raise ValidationError(
                _("第 %(n)s 项：请填写区域、类别和不超过 200 字的检查内容。") % {"n": number}
            )
    template = ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
    last = template.versions.order_by("-number").first()
    version = ChecklistVersion.objects.create(
        template=template, number=(last.number + 1) if last else 1, published_by=actor
    )
    ChecklistItem.objects.bulk_create(
        [
            ChecklistItem(version=version, area=a, category=c, text=t, order=i)
            for i, (a, c, t) in enumerate(cleaned)
        ]
    )
    audit.record(
        action="hazards.checklist.published",
        actor=actor,
        obj=template,
        after={"version": version.number, "items": len(cleaned)},
    )
    return version


@transaction.atomic
def plan_create(
    *,
    actor: Person,
    unit: Organisation,
    level: str,
    template: ChecklistTemplate,
    workplace: Workplace | None = None,
) -> InspectionPlan:
    if unit.tree != Tree.UNIT or level not in Level.values:
        raise ValidationError(_("请选择检查单位和检查层级。"))
    if not reach_of(actor, MANAGER_ROLES).covers(unit):
        raise PermissionDenied(_("只有本单位负责人可以安排检查计划。"))
    if not template.versions.exists():
        raise ValidationError(_("检查表还没有发布任何版本。"))
    plan = InspectionPlan.objects.create(
        unit=unit, unit_path=unit.path, level=level, template=template, workplace=workplace
    )
    audit.record(
        action="hazards.plan.created",
        actor=actor,
        obj=plan,
        after={"level": level, "template": template.pk},
    )
    return plan


def may_inspect(person: Person, plan: InspectionPlan) -> bool:
    """The people of the inspecting unit, and those whose office reaches it."""
    if person.unit is not None and person.unit.path.startswith(plan.unit_path):
        return True
    return reach_of(person).covers_path(plan.unit_path)


def current_version(plan: InspectionPlan) -> ChecklistVersion:
    return plan.template.versions.order_by("-number").first()


def check_version(current: ChecklistVersion, built_from: int | None) -> None:
    """Refuse marks made on a page built from another version of the checklist (a
    phone that kept them offline while the checklist was republished): its items are
    not the ones to check now. None: the page did not say (checked item by item)."""
    if built_from is not None and built_from != current.pk:
        raise Conflict(
            _("检查表已更新为第 %(n)s 版，这次检查没有保存。请打开新检查表重新检查。")
            % {"n": current.number}
        )


@dataclass
class Mark:
    item_id: int
    ok: bool
    note: str = ""
    finding: Finding | None = None
    photos: list = field(default_factory=list)


@idempotent("hazards.inspection.recorded")
@transaction.atomic
def inspection_record(
    *, actor: Person, plan: InspectionPlan, marks: list[Mark], version_id: int | None = None
) -> Inspection:
    """Record this period's inspection of `plan`: every item marked, failures as hazards.
    `version_id`: the checklist version the page was built from."""
    if not plan.is_active:
        raise ValidationError(_("该检查计划已停用。"))
    if not may_inspect(actor, plan):
        raise PermissionDenied(_("您不是该检查计划的检查人员。"))
    version = current_version(plan)
    if version is None:
        raise ValidationError(_("该检查计划的检查表尚未发布。"))
    check_version(version, version_id)
    items = {item.pk: item for item in version.items.select_related("category")}
    by_item = {m.item_id: m for m in marks}
    missing = [items[pk].text for pk in items if pk not in by_item]
    if missing:
        raise ValidationError(
            _("还有 %(n)s 项没有检查：%(first)s") % {"n": len(missing), "first": missing[0]}
        )
    if set(by_item) - set(items):
        raise ValidationError(_("检查项与当前检查表不符，请刷新后重新检查。"))
    errors = []
    prepared = []
    for pk, item in items.items():
        mark = by_item[pk]
        if mark.ok:
            continue
        finding = mark.finding or Finding(
            location="", category=item.category, severity="", description=""
        )
        finding.category = finding.category or item.category
        finding.workplace = finding.workplace or plan.workplace
        if not finding.location and plan.workplace:
            finding.location = f"{plan.workplace.name} {item.area}"
        if not (finding.description or "").strip():
            finding.description = f"{item.text}：{mark.note}".strip("：")
        problems = _check(finding, plan.unit)
        if problems:
            errors.append(
                _("“%(item)s”：%(p)s") % {"item": item.text, "p": "；".join(problems.values())}
            )
        try:
            photos = clean_photos(mark.photos)
        except ValidationError as exc:
            errors.append(
                _("“%(item)s”：%(p)s") % {"item": item.text, "p": "；".join(exc.messages)}
            )
            photos = []
        prepared.append((item, mark, finding, photos))
    if errors:
        raise ValidationError(errors)
    period = period_of(plan.level, timezone.localdate())
    try:
        with transaction.atomic():
            inspection = Inspection.objects.create(
                plan=plan,
                version=version,
                period=period,
                inspector=actor,
                finished_at=timezone.now(),
            )
    except IntegrityError:
        done = (
            Inspection.objects.filter(plan=plan, period=period).select_related("inspector").first()
        )
        who = done.inspector.name if done else ""
        raise Conflict(_("本期检查已由 %(who)s 完成，不能重复检查。") % {"who": who}) from None
    InspectionResult.objects.bulk_create(
        [
            InspectionResult(inspection=inspection, item_id=pk, ok=m.ok, note=(m.note or "")[:200])
            for pk, m in by_item.items()
        ]
    )
    for item, _mark, finding, photos in prepared:
        create_hazard(
            actor=actor,
            unit=plan.unit,
            finding=finding,
            photos=photos,
            source=Source.INSPECTION,
            inspection=inspection,
            item=item,
        )
    audit.record(
        action="hazards.inspection.recorded",
        actor=actor,
        obj=inspection,
        after={"period": period, "failed": len(prepared)},
    )
    return inspection
