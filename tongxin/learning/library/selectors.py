"""What of the library a person may see, and the sums the pages show. Every page and
API operation reads materials through `materials_visible_to`."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet, Sum

from tongxin.core.access import fetch
from tongxin.people.models import PARTY_STATUSES, Person, Role
from tongxin.people.scoping import role_assignments
from tongxin.people.selectors import ancestor_paths, mine_of

from ..access import members_q, setup_reach
from ..models import (
    Material,
    MaterialState,
    Module,
    PointDay,
    RequiredCourse,
    StudyDay,
    StudyFlag,
    Who,
)

# The offices (people.Role) that make a person a cadre (干部) for the library.
CADRE_ROLES = (Role.LEADERSHIP, Role.DEPARTMENT_HEAD)
CREW_LEADER_POST = "班长"


def is_party_member(person) -> bool:
    return person.political_status in PARTY_STATUSES


def audiences_of(person) -> list[str]:
    """The `Who` groups the person is in (their roles: at most one query a request)."""
    who = [Who.EVERYONE]
    if is_party_member(person):
        who.append(Who.PARTY)
    if CREW_LEADER_POST in (person.post or ""):
        who.append(Who.CREW_LEADERS)
    if any(a.role in CADRE_ROLES for a in role_assignments(person)):
        who.append(Who.CADRES)
    return who


def readable_q(person, prefix: str = "") -> Q:
    """Published over the person's unit (its own or above) to a group they are in."""
    if not getattr(person, "unit_id", None):
        return Q(pk__in=[])
    return Q(
        **{
            f"{prefix}state": MaterialState.PUBLISHED,
            f"{prefix}org_path__in": ancestor_paths(person.unit.path),
            f"{prefix}audience__in": audiences_of(person),
        }
    )


def materials_visible_to(person) -> QuerySet[Material]:
    if not person.is_authenticated:
        return Material.objects.none()
    reach = setup_reach(person)
    if reach.everything:
        return Material.objects.all()
    seen = readable_q(person)
    if not reach.empty:
        seen |= reach.q("org_path")
    return Material.objects.filter(seen)


def material_for(person, pk: int) -> Material:
    return fetch(materials_visible_to(person).select_related("module"), pk=pk)


def modules_for(person) -> QuerySet[Module]:
    """The modules of the person's mine, with how many materials they may read in each."""
    if not getattr(person, "unit_id", None):
        return Module.objects.none()
    mine = mine_of(person.unit)
    return Module.objects.filter(mine=mine).annotate(
        n=Count("materials", filter=readable_q(person, "materials__"))
    )


def search(person, queryset: QuerySet[Material], text: str) -> QuerySet[Material]:
    text = (text or "").strip()[:40]
    if not text:
        return queryset
    return queryset.filter(Q(title__icontains=text) | Q(text__icontains=text))


def period_start(period: str, today: date) -> date:
    if period == "year":
        return today.replace(month=1, day=1)
    if period == "month":
        return today.replace(day=1)
    return today - timedelta(days=today.weekday())


def hours_by_module(person, start: date, end: date) -> list[dict]:
    rows = (
        StudyDay.objects.filter(person=person, day__gte=start, day__lte=end)
        .values("module__name")
        .annotate(seconds=Sum("seconds"))
        .order_by("-seconds")
    )
    return [{"module": r["module__name"], "hours": round(r["seconds"] / 3600, 1)} for r in rows]


def courses_of(person) -> QuerySet[RequiredCourse]:
    """The required courses that apply to the person, past ones too."""
    if not getattr(person, "unit_id", None):
        return RequiredCourse.objects.none()
    return RequiredCourse.objects.filter(
        org_path__in=ancestor_paths(person.unit.path), who__in=audiences_of(person)
    )


def courses_for(person, today: date) -> QuerySet[RequiredCourse]:
    """The required courses that apply to the person, still open."""
    return courses_of(person).filter(deadline__gte=today)


def who_q(who: str, prefix: str = "") -> Q:
    """The people (Person rows, or rows reaching a person through `prefix`) in `who`."""
    if who == Who.PARTY:
        return Q(**{f"{prefix}political_status__in": PARTY_STATUSES})
    if who == Who.CREW_LEADERS:
        return Q(**{f"{prefix}post__contains": CREW_LEADER_POST})
    if who == Who.CADRES:
        return Q(
            **{f"{prefix}pk__in": Person.objects.filter(roles__role__in=CADRE_ROLES).values("pk")}
        )
    return Q()


def course_audience(course: RequiredCourse) -> QuerySet[Person]:
    people = Person.objects.filter(is_active=True, unit__path__startswith=course.org_path)
    return people.filter(who_q(course.who))


def finished_ids(course: RequiredCourse, people_ids) -> set[int]:
    """Who of `people_ids` completed every material of the course (one query)."""
    material_ids = [m.pk for m in course.materials.all()]
    if not material_ids:
        return set(people_ids)
    rows = (
        StudyDay.objects.filter(
            person_id__in=people_ids, material_id__in=material_ids, completed_at__isnull=False
        )
        .values("person_id")
        .annotate(n=Count("material_id", distinct=True))
    )
    return {r["person_id"] for r in rows if r["n"] >= len(material_ids)}


def courses_progress(courses, members) -> list[dict]:
    """Each course's audience among `members` and who of them finished it, in two queries
    for all the courses together (one per course before: the branch desk's 18 queries).
    The audiences are boolean columns of one query over the members, the completions one
    query over every material of the courses."""
    courses = list(courses)
    ids = [p.pk for p in members]
    if not courses or not ids:
        return [{"course": c, "total": 0, "finished": 0, "missing": []} for c in courses]
    flags = {
        f"c{i}": ExpressionWrapper(
            Q(unit__path__startswith=c.org_path) & who_q(c.who), output_field=BooleanField()
        )
        for i, c in enumerate(courses)
    }
    rows = list(
        Person.objects.filter(pk__in=ids, is_active=True).annotate(**flags).values("pk", *flags)
    )
    audiences = [{r["pk"] for r in rows if r[f"c{i}"]} for i in range(len(courses))]
    material_ids = {m.pk for c in courses for m in c.materials.all()}
    done: dict[int, set[int]] = {}
    if material_ids:
        for person_id, material_id in (
            StudyDay.objects.filter(
                person_id__in=ids, material_id__in=material_ids, completed_at__isnull=False
            )
            .values_list("person_id", "material_id")
            .distinct()
        ):
            done.setdefault(person_id, set()).add(material_id)
    progress = []
    for course, audience in zip(courses, audiences, strict=True):
        needed = {m.pk for m in course.materials.all()}
        finished = {pk for pk in audience if needed <= done.get(pk, set())}
        progress.append(
            {
                "course": course,
                "total": len(audience),
                "finished": len(finished),
                "missing": [p for p in members if p.pk in audience - finished],
            }
        )
    return progress


def branch_members(branch_path: str) -> QuerySet[Person]:
    return Person.objects.filter(members_q(branch_path)).order_by("name")


def branch_hours(branch_path: str, start: date, end: date) -> dict[int, int]:
    rows = (
        StudyDay.objects.filter(party_path__startswith=branch_path, day__gte=start, day__lte=end)
        .values("person_id")
        .annotate(seconds=Sum("seconds"))
    )
    return {r["person_id"]: r["seconds"] for r in rows}


def branch_flags(branch_path: str) -> QuerySet[StudyFlag]:
    return StudyFlag.objects.filter(party_path__startswith=branch_path).select_related(
        "person", "material"
    )


def ranking(q: Q, start: date, end: date, limit: int = 50) -> list[dict]:
    """People by points summed from PointDay over the period, most first.

    The sums are grouped by person id alone and only the top `limit` are then named:
    grouping by name and 工号 as well made PostgreSQL join every PointDay row of a mine's
    month to the people table before summing (the bench's mine ranking, 1.7 s)."""
    top = list(
        PointDay.objects.filter(q, day__gte=start, day__lte=end)
        .values("person_id")
        .annotate(points=Sum("points"))
        .order_by("-points", "person_id")[:limit]
    )
    names = {
        p["pk"]: p
        for p in Person.objects.filter(pk__in=[r["person_id"] for r in top]).values(
            "pk", "name", "employee_no"
        )
    }
    return [
        {
            "rank": i,
            "name": names[r["person_id"]]["name"],
            "no": names[r["person_id"]]["employee_no"],
            "points": r["points"],
        }
        for i, r in enumerate(top, start=1)
    ]


def courses_for_branch(branch) -> QuerySet[RequiredCourse]:
    """Required courses over the branch's unit or under it."""
    if not branch.unit_id:
        return RequiredCourse.objects.none()
    path = branch.unit.path
    return RequiredCourse.objects.filter(
        Q(org_path__in=ancestor_paths(path)) | Q(org_path__startswith=path)
    )
