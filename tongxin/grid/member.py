"""What a grid member reads: the people they cover (with their last visit), their
tasks of the month, their visits and life events; and the branch's task list for the
secretary's desk. Every function is scoped by its argument (the member, the branch the
caller already may read) and is a fixed number of queries whatever the data.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Case, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from tongxin.core.access import fetch
from tongxin.people.models import Organisation, Person

from .access import (
    branches_managed_by,
    branches_visible_to,
    is_grid_manager,
    is_grid_reader,
)
from .models import GridLink, GridTask, Level, LifeEvent, TaskKind, TaskState, Visit
from .periods import current_q, first_of

# The levels at which a member is responsible for a person (not the leader's branch).
PERSON_LEVELS = (Level.SECRETARY_CADRE, Level.CADRE_MEMBER, Level.MEMBER_WORKER)
TASK_RELATED = ("subject__unit", "branch", "life_event")


def is_grid_member(person: Person, on: date | None = None) -> bool:
    """Responsible on a current link (of any level)."""
    if not person.is_authenticated:
        return False
    on = on or timezone.localdate()
    return GridLink.objects.filter(current_q(on), responsible=person).exists()


def covered_links(member: Person, on: date | None = None) -> QuerySet[GridLink]:
    """The member's current links to people (levels 2–4)."""
    on = on or timezone.localdate()
    return GridLink.objects.filter(
        current_q(on), responsible=member, person__isnull=False, level__in=PERSON_LEVELS
    )


def covers(member: Person, person: Person, on: date | None = None) -> bool:
    return covered_links(member, on).filter(person=person).exists()


def my_covered(member: Person, on: date | None = None) -> QuerySet[GridLink]:
    """The people the member covers, one link each with `.person` (and unit) and
    `.last_visit` (the member's last visit or talk with them): one query."""
    last = (
        Visit.objects.filter(member=member, person=OuterRef("person_id"))
        .order_by("-visited_on")
        .values("visited_on")[:1]
    )
    level_order = Case(
        *(When(level=level, then=Value(i)) for i, level in enumerate(PERSON_LEVELS)),
        output_field=IntegerField(),
    )
    return (
        covered_links(member, on)
        .select_related("person__unit")
        .annotate(last_visit=Subquery(last), level_order=level_order)
        .order_by("level_order", "person__unit__path", "person__employee_no")
    )


def covered_people(member: Person, on: date | None = None) -> QuerySet[Person]:
    """The same people as a Person queryset (for a form's choices and for checks)."""
    ids = covered_links(member, on).values("person_id")
    return Person.objects.filter(pk__in=ids).select_related("unit").order_by("unit__path", "name")


def responsibles_above(person: Person, on: date | None = None) -> set[int]:
    """Everyone on the chain of responsibility over `person` on `on`: who covers them,
    who covers that member, and so on up to the leadership member linked to their
    branch. One query per level (four at most)."""
    from .access import branch_of

    on = on or timezone.localdate()
    found: set[int] = set()
    frontier = {person.pk}
    for _step in range(3):
        above = set(
            GridLink.objects.filter(
                current_q(on), person_id__in=frontier, level__in=PERSON_LEVELS
            ).values_list("responsible_id", flat=True)
        )
        frontier = above - found
        found |= above
        if not frontier:
            break
    branch = branch_of(person)
    if branch is not None:
        found |= set(
            GridLink.objects.filter(
                current_q(on), branch=branch, level=Level.LEADER_BRANCH
            ).values_list("responsible_id", flat=True)
        )
    return found


def _open_first():
    return Case(When(state=TaskState.OPEN, then=Value(0)), default=Value(1))


# What the home page's grid counts link to: each the tasks it counts (grid.home).
TASK_FILTERS = {
    "open": lambda today: Q(state=TaskState.OPEN),
    "overdue": lambda today: Q(state=TaskState.OPEN, due_on__lt=today),
    "visits": lambda today: Q(state=TaskState.OPEN, kind=TaskKind.LIFE_EVENT),
}


def my_tasks(
    person: Person, month: date | None = None, show: str | None = None
) -> QuerySet[GridTask]:
    """The person's tasks of `month` (default this month), open ones first by deadline.
    For the current month, tasks still open from earlier months are carried over.
    `show` (a TASK_FILTERS name) keeps only the open, the overdue or the 必谈必访 ones."""
    today = timezone.localdate()
    month = first_of(month or today)
    condition = Q(month=month)
    if month == first_of(today):
        condition |= Q(month__lt=month, state=TaskState.OPEN)
    if show in TASK_FILTERS:
        condition &= TASK_FILTERS[show](today)
    return (
        GridTask.objects.filter(condition, owner=person)
        .select_related(*TASK_RELATED)
        .annotate(open_first=_open_first())
        .order_by("open_first", "due_on", "pk")
    )


def branch_tasks(branch: Organisation, overdue_only: bool = False) -> QuerySet[GridTask]:
    """Every task of the branch (the caller may read the branch), open ones first."""
    tasks = GridTask.objects.filter(branch=branch)
    if overdue_only:
        tasks = tasks.filter(state=TaskState.OPEN, due_on__lt=timezone.localdate())
    return (
        tasks.select_related("owner__unit", *TASK_RELATED)
        .annotate(open_first=_open_first())
        .order_by("open_first", "due_on", "pk")
    )


def tasks_visible_to(person: Person) -> QuerySet[GridTask]:
    """The person's own tasks, every task of the branches they run, and for those who
    only read a branch (leadership, discipline inspectors) its tasks except the
    five-musts ones, whose description tells of a worker's illness, bereavement or
    discipline. Branches go in as subqueries, whatever their number."""
    if not person.is_authenticated:
        return GridTask.objects.none()
    condition = Q(owner=person)
    if is_grid_manager(person):
        condition |= Q(branch_id__in=branches_managed_by(person).values("pk"))
    if is_grid_reader(person):
        condition |= Q(branch_id__in=branches_visible_to(person).values("pk")) & ~Q(
            kind=TaskKind.LIFE_EVENT
        )
    return GridTask.objects.filter(condition)


def task_for_viewer(person: Person, pk: int) -> GridTask:
    """A task the person may open, or 404."""
    return fetch(
        tasks_visible_to(person).select_related("owner__unit", "added_by", *TASK_RELATED),
        pk=pk,
    )


def my_visits(member: Person) -> QuerySet[Visit]:
    return (
        Visit.objects.filter(member=member)
        .select_related("person__unit")
        .order_by("-visited_on", "-pk")
    )


def my_events(person: Person) -> QuerySet[LifeEvent]:
    """The life events reported for a worker themself, newest first."""
    return LifeEvent.objects.filter(person=person).order_by("-occurred_on", "-pk")
