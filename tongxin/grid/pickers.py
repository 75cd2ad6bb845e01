"""The grid's person pickers (core.pickers): who may be responsible, and who may be
covered, at each level of a branch's network (the roster the services check an
assignment against, coverage.branch_roster), and who may own a task."""

from __future__ import annotations

from tongxin.core.access import fetch
from tongxin.core.registry import PersonPicker
from tongxin.people.models import Person

from .access import branches_managed_by
from .models import Level

RESPONSIBLE, COVERED = "responsible", "covered"


def picker_name(kind: str, level: str) -> str:
    return f"grid.{kind}.{level}"


def branch_to_manage(person: Person, pk: int):
    """The branch whose network the person arranges, or 404."""
    return fetch(branches_managed_by(person), pk=pk)


def _people(kind: str, level: str):
    def candidates(branch):
        from .coverage import branch_roster

        roster = branch_roster(branch)
        ids = roster.responsible_for(level) if kind == RESPONSIBLE else roster.covered_at(level)
        return Person.objects.filter(pk__in=ids)

    return candidates


TASK_OWNER = "grid.task_owner"


def _task_owners(branch):
    from .services.tasks import branch_people

    return branch_people(branch)


PICKERS = (
    *(
        PersonPicker(picker_name(kind, level), branch_to_manage, _people(kind, level))
        for kind in (RESPONSIBLE, COVERED)
        for level in Level.values
    ),
    # Who may own a task the secretary gives: the branch's grid and Party members.
    PersonPicker(TASK_OWNER, branch_to_manage, _task_owners),
)
