"""The case workflow on the shared runner (core.timeline), and whom each step tells.

`case_flow.begin` locks the case row, checks the version the form was drawn from, the
state against workflow.TRANSITIONS and the actor's capacity; `case_flow.finish` writes
the new state with update_fields, the timeline event and the audit row in the same
transaction. Notifications are rows in that transaction too; webhooks leave after commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core.anonymous.ids import is_block_id, next_in_block
from tongxin.core.anonymous.times import top_of_hour, writer_time
from tongxin.core.notify import broadcast, notify
from tongxin.core.timeline import Workflow
from tongxin.people.models import Person, Role
from tongxin.people.selectors import holders_over

from ..access import actor_kinds
from ..models import Case, CaseEvent, State
from ..workflow import TRANSITIONS, Actor, Transition

ANONYMOUS_LABEL = _("匿名提交人")


# What the anonymous writer does: their note and what they add to it by receipt.
WRITER_ACTIONS = frozenset({"submit", "supplement", "rate", "reopen"})


def now_for(case: Case, action: str):
    """The time to record for `action` on `case`. What an anonymous writer does is kept
    to the hour, so that it cannot be matched with anything else that happened at the
    same moment (their own sign-in, a named case of theirs). What staff and the system
    do on the note keeps its real time: it points at nobody, and a reply at 09:47 shown
    as 09:00 would put the timeline and the notifications out of order."""
    now = timezone.now()
    if case.is_anonymous and action in WRITER_ACTIONS:
        if action == "submit" or case.pk is None:
            return top_of_hour(now)
        return writer_time(CaseEvent.objects.filter(case=case).aggregate(last=Max("at"))["last"])
    return now


def required_text(text: str, field: str, message: str, *, minimum: int = 2) -> str:
    """The text stripped, or `message` on `field` when it is shorter than `minimum`."""
    text = (text or "").strip()
    if len(text) < minimum:
        raise ValidationError({field: message})
    return text


def _tell_watchers_and_robots(case: Case, transition: Transition, event) -> None:
    """After every step: the leadership watching a reopened case, and the chat robots
    of the case's units (webhooks leave after commit, see core.notify.broadcast). A
    step the anonymous owner took by receipt (a rating, a reopening, a supplement) is
    told at the top of the next hour, like their note itself (`tell_about`)."""
    by_submitter = Actor.OWNER in transition.actors
    title = _("督办事项有新进展：%(action)s") % {"action": transition.label}
    if case.watch_org_id is not None:
        tell_about(case, "watchers", title, by_submitter=by_submitter)
    tell_about(
        case,
        ROBOTS,
        _("【同心】%(code)s「%(title)s」%(action)s，当前状态：%(state)s")
        % {
            "code": case.code,
            "title": case.title,
            "action": transition.label,
            "state": case.get_state_display(),
        },
        by_submitter=by_submitter,
    )


def _event_pk(case: Case) -> int | None:
    """An anonymous case's events take the ids of its block (models.case)."""
    return next_in_block(CaseEvent, case.pk) if is_block_id(case.pk) else None


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
    event_pk=_event_pk,
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
        )


def tell(people: Iterable[Person], case: Case, title: str, *, exclude=None, at=None) -> None:
    notify(
        recipients=people,
        title=f"{case.code} {title}",
        body=case.title,
        url=staff_url(case),
        exclude=exclude,
        at=at,
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


def watchers(case: Case) -> list[Person]:
    if case.watch_org_id is None:
        return []
    return holders_over(case.watch_org.path, Role.LEADERSHIP)


def tell_watchers(case: Case, title: str) -> None:
    if case.watch_org_id is not None:
        tell(watchers(case), case, title)


# Whom a notice about what a submitter did goes to, by name (a task carries only names);
# ROBOTS: the chat robots of the case's units, the title being the robot's text.
ROBOTS = "robots"
NOTICE_RECIPIENTS = {
    "intake": intake_officers,
    "handlers": lambda case: department_people(case) or intake_officers(case),
    "department": department_people,
    "department_and_intake": lambda case: department_people(case) + intake_officers(case),
    "watchers": watchers,
}


def _tell_now(case: Case, whom: str, title: str, at=None) -> None:
    if whom == ROBOTS:
        broadcast(organisation=case.organisation, text=title)
    else:
        tell(NOTICE_RECIPIENTS[whom](case), case, title, at=at)


def tell_about(case: Case, whom: str, title: str, *, by_submitter: bool = True) -> None:
    """Tell staff (or the chat robots) about a step: at once for a named case or a step
    staff took; for what an anonymous submitter did (their note, a supplement, a rating
    or reopening by receipt) at the top of the next hour, from the task worker, with
    the hour's other anonymous notices. A notice written now would take its place in
    the notification sequence (and the webhook queue) at the moment the receipt holder
    acted, beside what they did under their name a moment before, and so point at them."""
    if not (case.is_anonymous and by_submitter):
        _tell_now(case, whom, title)
        return
    from ..tasks import tell_about_anonymous

    eta = top_of_hour(timezone.now()) + timedelta(hours=1)
    title = str(title)
    transaction.on_commit(
        lambda: tell_about_anonymous.schedule(args=(case.pk, whom, title), eta=eta)
    )


@transaction.atomic
def anonymous_notice(*, case_id: int, whom: str, title: str) -> None:
    """The deferred notice about an anonymous case (voice.tasks.tell_about_anonymous)."""
    case = (
        Case.objects.select_related("organisation", "department", "watch_org")
        .filter(pk=case_id)
        .first()
    )
    if case is not None:  # stamped with the hour, as the batch it goes out with
        _tell_now(case, whom, title, at=top_of_hour(timezone.now()))


def is_open_for_owner(case: Case) -> bool:
    return case.state not in (State.CLOSED, State.MERGED, State.DECLINED)
