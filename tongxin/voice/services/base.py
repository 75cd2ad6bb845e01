"""The fixed order of every case transition, and whom each step tells.

`begin` locks the case row, checks the version the form was drawn from, the state
against workflow.TRANSITIONS and the actor's capacity; `finish` writes the new state
with update_fields, the timeline event and the audit row in the same transaction.
Notifications are rows in that transaction too; webhooks leave after commit.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.notify import broadcast, notify
from tongxin.core.workflow import Conflict, actor_label
from tongxin.people.models import Person, Role
from tongxin.people.selectors import holders_over

from ..access import actor_kinds
from ..models import Case, CaseEvent, State
from ..workflow import TRANSITIONS, Actor, Transition

ANONYMOUS_LABEL = _("匿名提交人")


def now_for(case: Case):
    """Times of an anonymous case are kept to the hour, so they cannot be matched up
    with anything else that happened at the same moment."""
    now = timezone.now()
    if case.is_anonymous:
        return now.replace(minute=0, second=0, microsecond=0)
    return now


def begin(
    *,
    case_id: int,
    name: str,
    actor: Person | None,
    version: int | None = None,
    receipt_ok: bool = False,
    kinds: set[Actor] | None = None,
) -> tuple[Case, Transition]:
    """Lock the case and check that `actor` may take step `name` now."""
    transition = TRANSITIONS[name]
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("organisation", "department", "category")
        .get(pk=case_id)
    )
    if version is not None and case.version != version:
        raise Conflict(
            _(
                "这件事刚刚已被他人处理，当前状态为“%(state)s”。您填写的内容保留在下方，"
                "请刷新查看最新情况后再决定是否提交。"
            )
            % {"state": case.get_state_display()}
        )
    if case.state not in transition.sources:
        raise Conflict(
            _("这件事当前状态为“%(state)s”，不能%(action)s。")
            % {"state": case.get_state_display(), "action": transition.label}
        )
    if kinds is None:
        kinds = actor_kinds(actor, case, receipt_ok=receipt_ok)
    if not kinds & set(transition.actors):
        raise PermissionDenied(_("您无权对这件事执行“%(action)s”。") % {"action": transition.label})
    return case, transition


def finish(
    case: Case,
    transition: Transition,
    *,
    actor: Person | None,
    fields: Iterable[str] = (),
    to_state: str | None = None,
    note: str = "",
    internal: bool = False,
    label: str | None = None,
    audit_after: dict | None = None,
) -> CaseEvent:
    """Save the new state and the named fields; write the timeline event and audit row."""
    from_state = case.state
    case.state = to_state or transition.target
    case.version += 1
    case.updated_at = now_for(case)
    case.save(update_fields=sorted({*fields, "state", "version", "updated_at"}))
    event = write_event(
        case,
        action=transition.name,
        actor=actor,
        from_state=from_state,
        to_state=case.state,
        note=note,
        internal=internal,
        label=label,
    )
    audit.record(
        action=f"voice.case.{transition.name}",
        actor=actor,
        obj=case,
        before={"state": from_state},
        after={"state": case.state, **(audit_after or {})},
        at=now_for(case),
    )
    tell_watchers(case, _("督办事项有新进展：%(action)s") % {"action": transition.label})
    broadcast(
        organisation=case.organisation,
        text=_("【同心】%(code)s「%(title)s」%(action)s，当前状态：%(state)s")
        % {
            "code": case.code,
            "title": case.title,
            "action": transition.label,
            "state": case.get_state_display(),
        },
    )
    return event


def write_event(
    case: Case,
    *,
    action: str,
    actor: Person | None,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    internal: bool = False,
    label: str | None = None,
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        at=now_for(case),
        actor=actor,
        actor_label=label or actor_label(actor),
        action=action,
        from_state=from_state,
        to_state=to_state or from_state,
        note=note,
        internal=internal,
    )


# --- whom to tell ---------------------------------------------------------------------


def staff_url(case: Case) -> str:
    return reverse("voice:case", args=[case.pk])


def owner_url(case: Case) -> str:
    return reverse("voice:my_case", args=[case.pk])


def tell_owner(case: Case, title: str, body: str = "") -> None:
    """The submitter, or the officer who entered it. Anonymous owners read it by receipt."""
    owner = case.owner
    if owner is not None and not case.is_anonymous:
        notify(
            recipients=[owner],
            title=f"{case.code} {title}",
            body=body or case.title,
            url=owner_url(case),
            at=now_for(case),
        )


def tell(people: Iterable[Person], case: Case, title: str, *, exclude=None) -> None:
    notify(
        recipients=people,
        title=f"{case.code} {title}",
        body=case.title,
        url=staff_url(case),
        exclude=exclude,
        at=now_for(case),
    )


def intake_officers(case: Case) -> list[Person]:
    """The nearest union chair and branch secretary over the case's unit."""
    return holders_over(case.org_path, Role.UNION_CHAIR, nearest=True) + holders_over(
        case.org_path, Role.BRANCH_SECRETARY, nearest=True
    )


def department_people(case: Case) -> list[Person]:
    """The handler, or the department's heads when nobody is named."""
    if case.handler_id:
        return [case.handler]
    if case.department_id is None:
        return []
    return holders_over(case.department.path, Role.DEPARTMENT_HEAD, nearest=True)


def leadership(case: Case) -> list[Person]:
    return holders_over(case.org_path, Role.LEADERSHIP)


def tell_watchers(case: Case, title: str) -> None:
    if case.watch_org_id is not None:
        tell(holders_over(case.watch_org.path, Role.LEADERSHIP), case, title)


def is_open_for_owner(case: Case) -> bool:
    return case.state not in (State.CLOSED, State.MERGED, State.DECLINED)
