"""Required courses (必修课): who has finished one (CourseCompletion rows, written when a
person's study completes a course's last material) and how many person-courses an
organisation owes, for the desk, the home panels and the figures (core.registry).

An organisation's people: for a unit, everyone working under it; for a Party
organisation, everyone whose Party organisation is it or below it."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce

from tongxin.people.models import Organisation, Person, Tree
from tongxin.people.selectors import ancestor_paths

from ..models import CourseCompletion, RequiredCourse, StudyDay, Who
from .selectors import courses_for, who_q


def _people_of(org: Organisation, prefix: str = "") -> Q:
    if org.tree == Tree.PARTY:
        return Q(**{f"{prefix}party_org__path__startswith": org.path})
    return Q(**{f"{prefix}unit__path__startswith": org.path})


def _completions_of(org: Organisation) -> Q:
    field = "party_path" if org.tree == Tree.PARTY else "unit_path"
    return Q(**{f"{field}__startswith": org.path})


def _courses_touching(org: Organisation) -> Q:
    """Courses over the organisation's unit or above it, or over a unit under it."""
    path = org.path if org.tree == Tree.UNIT else (org.unit.path if org.unit_id else None)
    if path is None:
        return Q(pk__in=[])
    return Q(org_path__in=ancestor_paths(path)) | Q(org_path__startswith=path)


def _paths(person) -> tuple[str, str]:
    party = person.party_org.path if getattr(person, "party_org_id", None) else ""
    return (person.unit.path if person.unit_id else ""), party


def completion(course: RequiredCourse, person, at: datetime) -> CourseCompletion:
    unit_path, party_path = _paths(person)
    return CourseCompletion(
        course=course, person=person, finished_at=at, unit_path=unit_path, party_path=party_path
    )


def record_completions(*, person, material, at: datetime) -> list[CourseCompletion]:
    """After `person` completed `material`: the open courses of theirs it belongs to
    that they have now finished (inside the heartbeat's transaction)."""
    courses = list(
        courses_for(person, at.date())
        .filter(materials=material)
        .exclude(done__person=person)
        .annotate(total=Count("materials", distinct=True))
    )
    if not courses:
        return []
    done = set(
        StudyDay.objects.filter(person=person, completed_at__isnull=False).values_list(
            "material_id", flat=True
        )
    )
    made = []
    for course in courses:
        ids = set(course.materials.values_list("pk", flat=True))
        if ids <= done:
            made.append(completion(course, person, at))
    return CourseCompletion.objects.bulk_create(made, ignore_conflicts=True)


def backfill(course: RequiredCourse, at: datetime) -> int:
    """At a course's creation: those of its audience who have studied it all already."""
    from .selectors import course_audience, finished_ids

    audience = list(course_audience(course).select_related("unit", "party_org"))
    finished = finished_ids(course, [p.pk for p in audience])
    rows = [completion(course, p, at) for p in audience if p.pk in finished]
    CourseCompletion.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


# ---- figures --------------------------------------------------------------------------


def _audience_count(org: Organisation, who: str) -> Subquery:
    people = Person.objects.filter(
        _people_of(org), who_q(who), is_active=True, unit__path__startswith=OuterRef("org_path")
    )
    return Subquery(
        people.order_by().values("is_active").annotate(n=Count("pk")).values("n")[:1],
        output_field=IntegerField(),
    )


def courses_required(org: Organisation, start: date, end: date) -> QuerySet[RequiredCourse]:
    """The courses due in [start, end] that reach the organisation's people, each with
    `people`: how many of the organisation's people it is for (the figure sums them)."""
    owed = Case(
        *(When(who=w, then=Coalesce(_audience_count(org, w), 0)) for w in Who.values),
        default=0,
        output_field=IntegerField(),
    )
    due = RequiredCourse.objects.filter(
        _courses_touching(org), deadline__gte=start, deadline__lte=end
    )
    return due.annotate(people=owed).order_by("deadline", "pk")


def courses_finished(org: Organisation, start: date, end: date) -> QuerySet[CourseCompletion]:
    """The organisation's people's completions of the courses due in [start, end]."""
    return CourseCompletion.objects.filter(
        _completions_of(org), course__deadline__gte=start, course__deadline__lte=end
    )
