"""The case workflow on the shared runner (core.timeline), and whom each step tells.

`case_flow.begin` locks the case row, checks the version the form was drawn from, the
state against workflow.TRANSITIONS and the actor's capacity; `case_flow.finish` writes
the new state with update_fields, the timeline event and the audit row in the same
transaction. Notifications are rows in that transaction too; webhooks leave after commit.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core.notify import broadcast, notify
from tongxin.core.timeline import Workflow
from tongxin.people.models import Person, Role
from tongxin.people.selectors import holders_over

from ..access import actor_kinds
from ..models import Case, CaseEvent, State
from ..workflow import TRANSITIONS, Transition

ANONYMOUS_LABEL = _("匿名提交人")


def now_for(case: Case):
    """Times of an anonymous case are kept to the hour, so they cannot be matched up
    with anything else that happened at the same moment."""
    now = timezone.now()
    if case.is_anonymous:
        return now.replace(minute=0, second=0, microsecond=0)
    return now


def required_text(text: str, field: str, message: str, *, minimum: int = 2) -> str:
    """The text stripped, or `message` on `field` when it is shorter than `minimum`."""
    text = (text or "").strip()
    if len(text) < minimum:
        raise ValidationError({field: message})
    return text


def _tell_watchers_and_robots(case: Case, transition: Transition, event) -> None:
    """After every step: the leadership watching a reopened case, and the chat robots
    of the case's units (webhooks leave after commit, see core.notify.broadcast)."""
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


case_flow = Workflow(
    model=Case,
    transitions=TRANSITIONS,
    event_model=CaseEvent,
    event_fk="case",
    capacities=actor_kinds,
    noun=gettext_lazy("这件事"),
    audit_prefix="voice.case",
    related=("organisation", "department", "category"),
    now=now_for,
    touch_field="updated_at",
    after_finish=(_tell_watchers_and_robots,),
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
