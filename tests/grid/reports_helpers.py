"""Records the report, problem and spot-check stories start from: grid links, visits,
tasks and life events written directly (the network, task and visit services have
their own tests); everything under test goes through the real services."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tongxin.grid.models import GridLink, GridTask, Level, LifeEvent, TaskKind, Visit
from tongxin.grid.periods import first_of, previous_month

TZ = timezone.get_current_timezone()


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)


def last_month() -> datetime.date:
    return previous_month(timezone.localdate())


def link(responsible, person=None, *, branch, level=Level.MEMBER_WORKER, starts_on=None):
    return GridLink.objects.create(
        level=level,
        responsible=responsible,
        person=person,
        branch=branch,
        starts_on=starts_on or datetime.date(2024, 1, 1),
    )


def visit(member, person, day, *, branch, kind="visit", content="了解家庭情况，身体恢复良好。",
          follow_up="none", follow_up_text=""):  # fmt: skip
    return Visit.objects.create(
        member=member,
        person=person,
        branch=branch,
        visited_on=day,
        kind=kind,
        content=content,
        follow_up=follow_up,
        follow_up_text=follow_up_text,
    )


def task(owner, month, *, branch, state="open", due_on=None, title="走访联系职工"):
    month = first_of(month)
    return GridTask.objects.create(
        owner=owner,
        branch=branch,
        month=month,
        kind=TaskKind.ADDED,
        title=title,
        due_on=due_on or month.replace(day=20),
        state=state,
    )


def life_event(person, day, *, branch, owner, kind="bereavement"):
    event = LifeEvent.objects.create(
        person=person,
        kind=kind,
        occurred_on=day,
        visit_kind="visit",
        source="grid_member",
        branch=branch,
    )
    GridTask.objects.create(
        owner=owner,
        branch=branch,
        month=first_of(day),
        kind=TaskKind.LIFE_EVENT,
        title="五必访",
        due_on=day,
        life_event=event,
        subject=person,
    )
    return event
