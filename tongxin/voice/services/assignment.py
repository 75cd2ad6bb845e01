"""Passing a case to a department (交办): one case or several at once, with a deadline in
working days from the category unless the officer sets one."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.timeline import Conflict
from tongxin.core.workdays import add_workdays
from tongxin.people.models import Organisation, OrgKind, Person, Tree
from tongxin.people.selectors import mine_of

from ..models import Case, Category, State
from .base import case_flow, department_people, tell, tell_owner

DEPARTMENT_KINDS = (OrgKind.DISTRICT, OrgKind.DEPARTMENT, OrgKind.MINE, OrgKind.COMPANY)


def default_deadline(category: Category | None, is_major: bool, start: date | None = None) -> date:
    start = start or timezone.localdate()
    if category is None:
        return add_workdays(start, 10)
    return add_workdays(start, category.major_deadline_days if is_major else category.deadline_days)


def _check_department(case: Case, department: Organisation | None, handler: Person | None) -> None:
    if (
        department is None
        or department.tree != Tree.UNIT
        or department.kind not in DEPARTMENT_KINDS
    ):
        raise ValidationError({"department": _("请选择承办部门（区队或科室）。")})
    if not department.path.startswith(mine_of(case.organisation).path):
        raise ValidationError({"department": _("承办部门必须是本矿的区队或科室。")})
    if handler is not None and (
        not handler.is_active
        or handler.unit is None
        or not handler.unit.path.startswith(department.path)
    ):
        raise ValidationError({"handler": _("承办人必须是承办部门在职人员。")})


def _assign(case: Case, transition, *, actor, department, handler, deadline, note) -> Case:
    today = timezone.localdate()
    deadline = deadline or default_deadline(case.category, case.is_major)
    if deadline < today:
        raise ValidationError({"deadline": _("办理期限不能早于今天。")})
    if deadline > today.replace(year=today.year + 1):
        raise ValidationError({"deadline": _("办理期限不能超过一年。")})
    again = case.state == State.ASSIGNED
    case.department, case.handler, case.deadline = department, handler, deadline
    case.escalation_level = 0
    case_flow.finish(
        case,
        transition,
        actor=actor,
        fields=["department", "handler", "deadline", "escalation_level"],
        note=_("交办%(dept)s%(who)s，%(date)s 前办结。%(note)s")
        % {
            "dept": department.name,
            "who": f" {handler.name}" if handler else "",
            "date": deadline,
            "note": note,
        },
        audit_after={
            "department": department.pk,
            "handler": handler.pk if handler else None,
            "deadline": str(deadline),
        },
    )
    tell(department_people(case), case, _("新交办事项，%(date)s 前办结") % {"date": deadline})
    if not again:
        tell_owner(case, _("已交办%(dept)s办理") % {"dept": department.name})
    return case


@transaction.atomic
def case_assign(
    *,
    case_id: int,
    version: int | None,
    actor: Person,
    department: Organisation | None,
    handler: Person | None = None,
    deadline: date | None = None,
    note: str = "",
) -> Case:
    case, transition = case_flow.begin(pk=case_id, name="assign", actor=actor, version=version)
    _check_department(case, department, handler)
    return _assign(
        case,
        transition,
        actor=actor,
        department=department,
        handler=handler,
        deadline=deadline,
        note=(note or "").strip(),
    )


@transaction.atomic
def case_assign_bulk(
    *,
    case_ids: list[int],
    actor: Person,
    department: Organisation | None,
    handler: Person | None = None,
    deadline: date | None = None,
) -> list[Case]:
    """Assign several accepted cases at once: all of them, or none and the reasons why."""
    if not case_ids:
        raise ValidationError(_("请先勾选要交办的事项。"))
    if len(case_ids) > 200:
        raise ValidationError(_("一次最多交办 200 件。"))
    done, problems = [], []
    for case_id in sorted(set(case_ids)):
        try:
            case, transition = case_flow.begin(pk=case_id, name="assign", actor=actor)
            _check_department(case, department, handler)
            done.append(
                _assign(
                    case,
                    transition,
                    actor=actor,
                    department=department,
                    handler=handler,
                    deadline=deadline,
                    note="",
                )
            )
        except Case.DoesNotExist:
            problems.append(_("编号 %(id)s：不存在") % {"id": case_id})
        except (Conflict, PermissionDenied) as exc:
            problems.append(f"{case_id}：{exc}")
        except ValidationError as exc:
            problems.append(f"{case_id}：{'；'.join(exc.messages)}")
    if problems:
        raise ValidationError(_("没有交办任何事项。") + " " + "；".join(problems))
    return done
