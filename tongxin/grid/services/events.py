"""Life events of the "five musts" (五必谈、五必访): illness or injury, bereavement,
marriage or birth, hardship, conflict or discipline. An event is recorded by a grid
member over the worker, by a branch manager, by the worker themself, or imported from a
sheet; each opens a talk or visit task for the member who covers the worker, due within
the working days GRID_EVENT_WORKDAYS gives for its kind, counted from the day the
platform learns of it (the task cannot be done before anyone knows).

Nobody covers the worker: the task goes to the branch's secretary, and its description
says why, so the gap in the network is visible on the task itself.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core import audit
from tongxin.core.access import OutOfScope
from tongxin.core.notify import notify
from tongxin.core.workdays import add_workdays
from tongxin.people.models import Organisation, Person, Role
from tongxin.people.scoping import reach_of
from tongxin.people.selectors import holders_over, unit_labels

from ..access import MANAGER_ROLES, branch_of
from ..models import (
    EventKind,
    EventSource,
    GridTask,
    LifeEvent,
    TaskKind,
    VisitKind,
)
from ..periods import first_of
from .locks import lock_person
from .tasks import task_url

MAX_AGE_DAYS = 90
DESCRIPTION_MAX = 500
OUT_OF_SCOPE = gettext_lazy("该职工不在您的网格范围内。")

# Talk or visit, by the kind of event.
VISIT_KIND = {
    EventKind.ILLNESS_INJURY: VisitKind.VISIT,
    EventKind.BEREAVEMENT: VisitKind.VISIT,
    EventKind.MARRIAGE_BIRTH: VisitKind.VISIT,
    EventKind.HARDSHIP: VisitKind.VISIT,
    EventKind.CONFLICT_DISCIPLINE: VisitKind.TALK,
}
VISIT_WORD = {VisitKind.VISIT: gettext_lazy("走访"), VisitKind.TALK: gettext_lazy("谈心")}


def event_due(kind: str, start: date) -> date:
    return add_workdays(start, settings.GRID_EVENT_WORKDAYS.get(kind, 3))


def may_record_for(actor: Person, person: Person, on: date | None = None) -> bool:
    """A grid member on the chain of responsibility over the person, or a branch
    manager (secretary, administrator) whose reach covers the person's unit."""
    from ..member import responsibles_above

    if not actor.is_authenticated:
        return False
    if reach_of(actor, MANAGER_ROLES).covers(person.unit):
        return True
    return actor.pk in responsibles_above(person, on)


def _check(*, person: Person | None, kind: str, occurred_on: date | None, description: str) -> dict:
    today = timezone.localdate()
    errors = {}
    if person is None or not person.is_active:
        errors["person"] = _("请选择在职职工。")
    if kind not in EventKind.values:
        errors["kind"] = _(
            "请选择事由：生病或受伤、家庭丧事、结婚或生育、生活困难、矛盾纠纷或受到处分。"
        )
    if occurred_on is None:
        errors["occurred_on"] = _("请填写发生日期。")
    elif occurred_on > today:
        errors["occurred_on"] = _("发生日期不能晚于今天。")
    elif occurred_on < today - timedelta(days=MAX_AGE_DAYS):
        errors["occurred_on"] = _("只能登记 %(n)s 天以内发生的事。") % {"n": MAX_AGE_DAYS}
    if len(description) > DESCRIPTION_MAX:
        errors["description"] = _("情况说明不能超过 %(n)s 个字。") % {"n": DESCRIPTION_MAX}
    if not errors:
        # Two taps, or the member and the secretary at once: the person's row is locked
        # so the second sees the first's event and is told so.
        lock_person(person.pk)
    if not errors and (
        LifeEvent.objects.filter(person=person, kind=kind, occurred_on=occurred_on).exists()
    ):
        errors["kind"] = _("%(name)s %(d)s 的“%(kind)s”已经登记过，不用重复登记。") % {
            "name": person.name,
            "d": occurred_on,
            "kind": EventKind(kind).label,
        }
    return errors


def _task_owner(person: Person, branch: Organisation) -> tuple[Person | None, str]:
    """Who holds the talk or visit: the covering member, else the branch secretary
    (with the reason, for the task's description)."""
    from ..coverage import covering_member

    owner = covering_member(person)
    if owner is not None and owner.pk != person.pk and owner.is_active:
        return owner, ""
    secretaries = [
        p
        for p in holders_over(branch.unit.path, Role.BRANCH_SECRETARY, nearest=True)
        if p.pk != person.pk
    ]
    if secretaries:
        secretaries.sort(key=lambda p: p.pk)
        return secretaries[0], _("该职工暂无网格联系人，由支部书记负责。请尽快为其安排网格联系人。")
    return None, ""


def _open(
    *,
    actor: Person | None,
    person: Person,
    kind: str,
    occurred_on: date,
    description: str,
    source: str,
) -> LifeEvent:
    """Write the event and its task (inside the caller's transaction); checks done."""
    branch = branch_of(person)
    if branch is None or branch.unit_id is None:
        raise ValidationError(
            {"person": _("%(name)s 不属于任何党支部，无法派发走访任务。") % {"name": person.name}}
        )
    owner, reason = _task_owner(person, branch)
    if owner is None:
        raise ValidationError(
            {
                "person": _("%(name)s 所在党支部既没有网格联系人也没有支部书记，无法派发走访任务。")
                % {"name": person.name}
            }
        )
    today = timezone.localdate()
    visit_kind = VISIT_KIND[kind]
    event = LifeEvent.objects.create(
        person=person,
        kind=kind,
        occurred_on=occurred_on,
        description=description,
        visit_kind=visit_kind,
        source=source,
        recorded_by=actor,
        branch=branch,
    )
    label = unit_labels([person.unit]).get(person.unit_id, "") if person.unit_id else ""
    word = VISIT_WORD[visit_kind]
    details = [
        _("%(unit)s %(name)s，%(d)s，%(kind)s。")
        % {"unit": label, "name": person.name, "d": occurred_on, "kind": EventKind(kind).label},
        description,
        reason,
    ]
    task = GridTask.objects.create(
        owner=owner,
        branch=branch,
        month=first_of(today),
        kind=TaskKind.LIFE_EVENT,
        title=(
            _("%(kind)s：%(word)s %(name)s")
            % {"kind": EventKind(kind).label, "word": word, "name": person.name}
        )[:80],
        description=" ".join(d for d in details if d)[:500],
        subject=person,
        life_event=event,
        due_on=event_due(kind, today),
        added_by=actor,
    )
    audit.record(
        action="grid.life_event.recorded",
        actor=actor,
        obj=event,
        after={
            "person": person.pk,
            "kind": kind,
            "occurred_on": str(occurred_on),
            "source": source,
            "task": task.pk,
            "owner": owner.pk,
        },
    )
    notify(
        recipients=[owner],
        title=_("五必谈五必访：%(t)s") % {"t": task.title},
        body=_("请于 %(d)s 前%(word)s。%(desc)s")
        % {"d": task.due_on, "word": word, "desc": description[:80]},
        url=task_url(task),
        exclude=actor,
    )
    return event


@transaction.atomic
def event_record(
    *,
    actor: Person,
    person: Person | None,
    kind: str,
    occurred_on: date | None,
    description: str = "",
    source: str = EventSource.GRID_MEMBER,
) -> LifeEvent:
    """A grid member (or a branch manager) records a worker's life event."""
    description = (description or "").strip()
    if person is not None and person.pk == getattr(actor, "pk", None):
        source = EventSource.WORKER
    elif person is not None and not may_record_for(actor, person):
        raise OutOfScope(OUT_OF_SCOPE)
    if source not in EventSource.values:
        source = EventSource.GRID_MEMBER
    errors = _check(person=person, kind=kind, occurred_on=occurred_on, description=description)
    if errors:
        raise ValidationError(errors)
    return _open(
        actor=actor,
        person=person,
        kind=kind,
        occurred_on=occurred_on,
        description=description,
        source=source,
    )


@transaction.atomic
def event_report_own(
    *, actor: Person, kind: str, occurred_on: date | None, description: str = ""
) -> LifeEvent:
    """A worker tells the branch of something that happened to them."""
    description = (description or "").strip()
    errors = _check(person=actor, kind=kind, occurred_on=occurred_on, description=description)
    if errors:
        raise ValidationError(errors)
    return _open(
        actor=actor,
        person=actor,
        kind=kind,
        occurred_on=occurred_on,
        description=description,
        source=EventSource.WORKER,
    )


@transaction.atomic
def events_import(*, actor: Person, upload) -> dict:
    """Life events from a sheet (工号, 事由, 发生日期, 情况说明), by a branch manager for
    the people in their reach. Every row is checked first; one bad row and nothing is
    saved (ValidationError listing each bad row by its number)."""
    from ..events_import import read_events

    reach = reach_of(actor, MANAGER_ROLES)
    if reach.empty:
        raise PermissionDenied(_("只有党支部书记或管理员可以导入五必谈五必访事由。"))
    rows = read_events(upload)
    numbers = {row.employee_no for row in rows if row.employee_no}
    people = {
        p.employee_no: p
        for p in Person.objects.filter(employee_no__in=numbers).select_related("unit")
    }
    problems: list[str] = []
    seen: set[tuple] = set()
    ready = []
    for row in rows:
        reasons = list(row.problems)
        person = people.get(row.employee_no) if row.employee_no else None
        if row.employee_no and person is None:
            reasons.append(_("没有工号为 %(no)s 的人员") % {"no": row.employee_no})
        elif person is not None and not reach.covers(person.unit):
            reasons.append(str(OUT_OF_SCOPE).rstrip("。"))
        if person is not None and not reasons:
            errors = _check(
                person=person,
                kind=row.kind,
                occurred_on=row.occurred_on,
                description=row.description,
            )
            reasons += [str(m).rstrip("。") for m in errors.values()]
            key = (person.pk, row.kind, row.occurred_on)
            if key in seen:
                reasons.append(_("与前面的行重复"))
            seen.add(key)
        if reasons:
            problems.append(
                _("第 %(n)s 行：%(why)s。") % {"n": row.number, "why": "；".join(reasons)}
            )
        else:
            ready.append((row, person))
    if problems:
        raise ValidationError(problems)
    if not ready:
        raise ValidationError(_("文件中没有需要导入的行。"))
    for row, person in ready:
        _open(
            actor=actor,
            person=person,
            kind=row.kind,
            occurred_on=row.occurred_on,
            description=row.description,
            source=EventSource.IMPORT,
        )
    audit.record(
        action="grid.life_event.imported",
        actor=actor,
        after={"rows": len(ready)},
    )
    return {"created": len(ready)}
