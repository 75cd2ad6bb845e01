"""What operators configure besides checklists: which department answers for a
category of hazards in its mine (CategoryDepartment)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.people.models import Organisation, OrgKind, Person, Tree
from tongxin.people.selectors import mine_of

from ..models import CategoryDepartment, HazardCategory


def check_department(department: Organisation | None) -> None:
    if (
        department is None
        or department.tree != Tree.UNIT
        or department.kind
        not in (
            OrgKind.DEPARTMENT,
            OrgKind.DISTRICT,
        )
    ):
        raise ValidationError({"department": _("主管科室须是矿下的科室或区队。")})


def scope_of(department: Organisation) -> str:
    """The path of the hazards a category's department answers for: its mine's."""
    return mine_of(department).path


@transaction.atomic
def category_department_add(
    *, actor: Person | None, category: HazardCategory, department: Organisation
) -> CategoryDepartment:
    """Make `department` answer for `category` across its mine (once per pair)."""
    check_department(department)
    row, created = CategoryDepartment.objects.get_or_create(
        category=category, department=department, defaults={"scope_path": scope_of(department)}
    )
    if created:
        audit.record(
            action="hazards.category_department.added",
            actor=actor,
            obj=row,
            after={"category": category.name, "department": department.name},
        )
    return row
