"""The home page's study panel. A worker: their study this week (minutes and points,
each linking to the page that lists them) and their required courses still due, each
with its deadline and how many of its materials they have finished (one query). A
branch secretary: how many of the branch's people have finished the courses due this
year (n of m person-courses, from the figures' records), linking to the desk's list of
who has not (one query: the branch's unit)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Q, Sum

from tongxin.people.models import OrgKind, Role, Tree
from tongxin.people.scoping import role_assignments

from ..models import PointDay, StudyDay
from .courses import courses_finished, courses_required
from .selectors import courses_for, period_start

DUE_SHOWN = 5


def _secretary_branch(person):
    for a in role_assignments(person):
        org = a.organisation
        if (
            a.role == Role.BRANCH_SECRETARY
            and org.tree == Tree.PARTY
            and org.kind == OrgKind.BRANCH
        ):
            return org
    return None


def completion_window(today: date) -> tuple[date, date]:
    """The courses the secretary's count covers: those due this year (past ones too)."""
    return today.replace(month=1, day=1), today.replace(month=12, day=31) + timedelta(days=366)


def home_context(home):
    person = home.person
    if not getattr(person, "unit_id", None):
        return None
    week = period_start("week", home.today)
    study = home.aggregate(
        StudyDay.objects.filter(person=person, day__gte=week, day__lte=home.today),
        seconds=Sum("seconds"),
    )
    points = home.aggregate(
        PointDay.objects.filter(person=person, day__gte=week, day__lte=home.today),
        points=Sum("points"),
    )
    due = list(
        courses_for(person, home.today)
        .annotate(
            total=Count("materials", distinct=True),
            finished=Count(
                "materials",
                filter=Q(
                    materials__days__person=person, materials__days__completed_at__isnull=False
                ),
                distinct=True,
            ),
        )
        .order_by("deadline", "pk")[: DUE_SHOWN * 2]
    )
    due = [c for c in due if c.finished < c.total][:DUE_SHOWN]
    officer = None
    branch = _secretary_branch(person)
    if branch is not None and branch.unit_id:
        start, end = completion_window(home.today)
        branch.unit  # noqa: B018 -- the panel's one query of its own, read once here
        officer = {
            "branch": branch,
            "required": home.aggregate(courses_required(branch, start, end), n=Sum("people")),
            "finished": home.aggregate(courses_finished(branch, start, end), n=Count("pk")),
        }

    def shown():
        return {
            "minutes": round((study["seconds"] or 0) / 60),
            "points": points["points"] or 0,
            "due": due,
            "officer": officer,
        }

    return shown
