"""Reads of the hazards area, scoped through access.py; flat query counts per page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from tongxin.people.models import Organisation, Person, Tree
from tongxin.people.scoping import reach_of
from tongxin.people.selectors import ancestor_paths

from .access import hazards_visible_to, recheck_q
from .models import (
    CLOCK_STATES,
    OPEN_STATES,
    Hazard,
    Inspection,
    InspectionPlan,
    Level,
    State,
    Workplace,
)
from .periods import period_of, periods_between

LIST_RELATED = ("unit", "category", "responsible", "workplace")


@dataclass
class BoardFilter:
    unit: Organisation | None = None
    state: str = "open"
    severity: str = ""
    category_id: int | None = None
    overdue: bool = False
    supervised: bool = False


def board(viewer: Person, f: BoardFilter) -> QuerySet[Hazard]:
    """Open (or filtered) hazards of the viewer's reach: the mine's hazard board."""
    qs = hazards_visible_to(viewer)
    if f.unit is not None:
        qs = qs.filter(unit_path__startswith=f.unit.path)
    if f.state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif f.state:
        qs = qs.filter(state=f.state)
    if f.severity:
        qs = qs.filter(severity=f.severity)
    if f.category_id:
        qs = qs.filter(category_id=f.category_id)
    if f.overdue:
        qs = qs.filter(state__in=CLOCK_STATES, deadline__lt=timezone.localdate())
    if f.supervised:
        qs = qs.filter(supervised=True)
    return qs.select_related(*LIST_RELATED).order_by("-created_at", "-pk")


def board_counts(viewer: Person, unit: Organisation | None = None) -> dict[str, int]:
    qs, aggregates = board_aggregates(viewer, unit)
    return qs.aggregate(**aggregates)


def board_aggregates(viewer: Person, unit: Organisation | None = None) -> tuple[QuerySet, dict]:
    """The board's counts as a queryset and its aggregates (the home page runs them in
    its shared query)."""
    qs = hazards_visible_to(viewer)
    if unit is not None:
        qs = qs.filter(unit_path__startswith=unit.path)
    today = timezone.localdate()
    return qs.filter(state__in=(*OPEN_STATES, State.PENDING)), {
        "open": Count("pk", filter=Q(state__in=OPEN_STATES)),
        "pending": Count("pk", filter=Q(state=State.PENDING)),
        "reported": Count("pk", filter=Q(state=State.REPORTED)),
        "rectifying": Count("pk", filter=Q(state__in=CLOCK_STATES)),
        "rectified": Count("pk", filter=Q(state=State.RECTIFIED)),
        "overdue": Count("pk", filter=Q(state__in=CLOCK_STATES, deadline__lt=today)),
        "major": Count("pk", filter=Q(state__in=OPEN_STATES, severity="major")),
    }


WAITING = ("rectify", "recheck")


def my_hazards(person: Person, waiting: str = "") -> QuerySet[Hazard]:
    """What waits on the person: hazards to rectify, and rectified ones they may re-check
    at their level (access.recheck_q: the setting HAZARD_RECHECK_ROLES), `waiting`
    "rectify" or "recheck" for one of the two, as the home page counts them."""
    to_rectify = Q(responsible=person, state__in=CLOCK_STATES)
    to_recheck = Q(state=State.RECTIFIED) & recheck_q(person)
    condition = {"rectify": to_rectify, "recheck": to_recheck}.get(waiting, to_rectify | to_recheck)
    return Hazard.objects.filter(condition).select_related(*LIST_RELATED).order_by("deadline", "pk")


def plans_for(person: Person) -> QuerySet[InspectionPlan]:
    """The inspection plans the person takes part in: their own unit's, and those their
    office reaches."""
    condition = Q(pk__in=[])
    if person.unit is not None:
        # Plans of the person's unit and of the units above it (a crew member inspects
        # with the crew; district staff with the district).
        condition |= Q(unit_path__in=ancestor_paths(person.unit.path))
    reach = reach_of(person)
    if not reach.empty:
        condition |= reach.q("unit_path")
    return InspectionPlan.objects.filter(condition, is_active=True).select_related(
        "unit", "template", "workplace"
    )


TODAY_ROWS = 100


def today_for(person: Person, on: date | None = None) -> list[dict]:
    """Each of the person's plans with whether this period's inspection is done."""
    on = on or timezone.localdate()
    plans = list(plans_for(person).order_by("level", "unit__path")[:TODAY_ROWS])
    keys = {p.pk: period_of(p.level, on) for p in plans}
    done = {
        (i.plan_id, i.period): i
        for i in Inspection.objects.filter(
            plan_id__in=list(keys), period__in=set(keys.values())
        ).select_related("inspector")
    }
    return [{"plan": p, "period": keys[p.pk], "done": done.get((p.pk, keys[p.pk]))} for p in plans]


def today_aggregates(person: Person, on: date) -> tuple[QuerySet, dict]:
    """What `today_for` lists, counted: its plans, and those whose inspection for the
    current period is not done yet."""
    shown = plans_for(person).order_by("level", "unit__path").values("pk")[:TODAY_ROWS]
    done = Q()
    for level in Level.values:
        this_period = Inspection.objects.filter(plan=OuterRef("pk"), period=period_of(level, on))
        done |= Q(Exists(this_period), level=level)
    return InspectionPlan.objects.filter(pk__in=shown), {
        "plans": Count("pk"),
        "to_inspect": Count("pk", filter=~done),
    }


def missed_inspections(
    viewer: Person, unit: Organisation | None, since: date, until: date | None = None
) -> list[dict]:
    """Periods that ended without their inspection, per plan in the viewer's reach.

    A period counts once it is over (yesterday for daily checks). Two queries whatever
    the number of plans: the plans, and the periods that were done.
    """
    until = until or timezone.localdate() - timedelta(days=1)
    reach = reach_of(viewer)
    plans = InspectionPlan.objects.filter(reach.q("unit_path"), is_active=True)
    if unit is not None:
        plans = plans.filter(unit_path__startswith=unit.path)
    plans = list(plans.select_related("unit").order_by("unit_path", "level")[:2000])
    done = set(
        Inspection.objects.filter(
            plan__in=plans, started_at__date__gte=since - timedelta(days=31)
        ).values_list("plan_id", "period")
    )
    missed = []
    for plan in plans:
        start = max(since, plan.starts_on)
        for key, _first, last in periods_between(plan.level, start, until):
            if last <= until and (plan.pk, key) not in done:
                missed.append({"plan": plan, "period": key, "ended": last})
    return missed


def statistics(viewer: Person, unit: Organisation, since: date, until: date) -> dict:
    """Found, rectified, rectified on time, overdue, by category and severity; and
    inspections done against due. A fixed number of queries."""
    today = timezone.localdate()
    scope = hazards_visible_to(viewer).filter(unit_path__startswith=unit.path)
    from_moment, to_moment = _day_bounds(since, until)
    found = scope.filter(created_at__gte=from_moment, created_at__lt=to_moment)
    totals = found.aggregate(
        found=Count("pk"),
        rectified=Count("pk", filter=Q(rectified_at__isnull=False)),
        on_time=Count(
            "pk", filter=Q(rectified_at__isnull=False, rectified_at__date__lte=F("deadline"))
        ),
        closed=Count("pk", filter=Q(state=State.CLOSED)),
        major=Count("pk", filter=Q(severity="major")),
    )
    totals["overdue"] = scope.filter(state__in=CLOCK_STATES, deadline__lt=today).count()
    by_category = list(found.values("category__name").annotate(n=Count("pk")).order_by("-n"))
    by_severity = {
        row["severity"]: row["n"] for row in found.values("severity").annotate(n=Count("pk"))
    }
    # Inspections: due periods of the unit's plans against those done.
    plans = list(InspectionPlan.objects.filter(unit_path__startswith=unit.path, is_active=True))
    due = {level: 0 for level in Level.values}
    for plan in plans:
        start = max(since, plan.starts_on)
        due[plan.level] += len(
            [p for p in periods_between(plan.level, start, min(until, today)) if p[1] <= today]
        )
    done_rows = (
        Inspection.objects.filter(
            plan__in=plans, started_at__gte=from_moment, started_at__lt=to_moment
        )
        .values("plan__level")
        .annotate(n=Count("pk"))
    )
    done = {row["plan__level"]: row["n"] for row in done_rows}
    inspections = [
        {"level": label, "due": due[level], "done": done.get(level, 0)}
        for level, label in Level.choices
    ]
    rate = (totals["on_time"] / totals["rectified"]) if totals["rectified"] else None
    return {
        "totals": totals,
        "on_time_rate": rate,
        "by_category": by_category,
        "by_severity": by_severity,
        "inspections": inspections,
    }


def _day_bounds(since: date, until: date):
    """Aware datetimes around whole days: ranges an index on the timestamp can serve
    (a `__date` lookup casts every row and cannot)."""
    from datetime import datetime, time

    tz = timezone.get_current_timezone()
    start = datetime.combine(since, time.min, tzinfo=tz)
    end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=tz)
    return start, end


def workplace_history(code: str) -> tuple[Workplace | None, QuerySet[Hazard]]:
    workplace = Workplace.objects.select_related("unit").filter(code=code, is_active=True).first()
    if workplace is None:
        return None, Hazard.objects.none()
    return workplace, workplace.hazards.select_related("category", "responsible").order_by(
        "-created_at"
    )


def units_for(viewer: Person) -> QuerySet[Organisation]:
    from tongxin.people.selectors import orgs_visible_to

    return (
        orgs_visible_to(viewer)
        .filter(tree=Tree.UNIT, kind__in=("mine", "district", "department"))
        .order_by("path")
    )


def home_summary(home) -> dict:
    """The home page's hazard line: inspections to do this period, hazards waiting on
    the person, and for staff the open, overdue and major ones of their reach; rows of
    the page's shared aggregate query (core.registry)."""
    from tongxin.people.scoping import is_staff_member

    person = home.person
    plans, counts = today_aggregates(person, home.today)
    today = home.aggregate(plans, **counts)
    waiting = home.aggregate(
        my_hazards(person),
        rectify=Count("pk", filter=Q(state__in=CLOCK_STATES)),
        recheck=Count("pk", filter=Q(state=State.RECTIFIED)),
        overdue=Count("pk", filter=Q(state__in=CLOCK_STATES, deadline__lt=home.today)),
    )
    board = board_aggregates(person) if is_staff_member(person) else None
    return {
        "today": today,
        "mine": waiting,
        "staff": home.aggregate(board[0], **board[1]) if board else None,
    }


def pending_detections(person: Person) -> QuerySet[Hazard]:
    """Video detections waiting for a patrol, for Party members and unit heads of the mine."""
    if not (person.is_party_member or not reach_of(person).empty):
        return Hazard.objects.none()
    return (
        hazards_visible_to(person)
        .filter(state=State.PENDING)
        .select_related(*LIST_RELATED)
        .order_by("-created_at", "-pk")
    )
