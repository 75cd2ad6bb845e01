"""Reading 三会一课, already scoped: a branch's plan, what is due and what was missed,
attendance rates, the ledger's rows."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from ..access import members_q, party_reach
from ..models import Attendance, AttendanceStatus, Meeting, MeetingState

DONE = (MeetingState.HELD, MeetingState.FILED)


def held_in_period() -> Exists:
    """A meeting of the same type held in the same period by the branch (or one of its
    Party groups, for 党小组会): one with the same slot."""
    return Exists(
        Meeting.objects.filter(
            slot_path=OuterRef("slot_path"),
            type_id=OuterRef("type_id"),
            period_start=OuterRef("period_start"),
            state__in=DONE,
        )
    )


def missed(queryset: QuerySet[Meeting], today: date) -> QuerySet[Meeting]:
    """The required periods past without a meeting of their type: the plan's slots whose
    period has ended and that were neither held nor made up by another meeting."""
    return queryset.filter(
        from_plan=True,
        period_end__lt=today,
        state__in=(MeetingState.PLANNED, MeetingState.CANCELLED),
    ).exclude(held_in_period())


def due(queryset: QuerySet[Meeting], today: date) -> QuerySet[Meeting]:
    """Planned meetings whose period runs now (to be held before it ends), but those
    whose period another meeting of the type (one outside the plan) has fulfilled."""
    return queryset.filter(
        state=MeetingState.PLANNED, period_start__lte=today, period_end__gte=today
    ).exclude(held_in_period())


def to_file(queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return queryset.filter(state=MeetingState.HELD)


def officer_meetings(person) -> QuerySet[Meeting]:
    """The meetings of the branches the person's Party offices reach."""
    reach = party_reach(person)
    if reach.empty:
        return Meeting.objects.none()
    return Meeting.objects.filter(reach.q("org_path"))


def listing(queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return queryset.select_related("branch", "type").order_by("period_start", "type__order", "pk")


def filtered(queryset, *, branch=None, type_code="", state="", year=None, month=None):
    if branch is not None:
        queryset = queryset.filter(org_path__startswith=branch.path)
    if type_code:
        queryset = queryset.filter(type__code=type_code)
    if state:
        queryset = queryset.filter(state=state)
    if year:
        queryset = queryset.filter(period_start__year=year)
    if month:
        queryset = queryset.filter(period_start__lte=month[1], period_end__gte=month[0])
    return queryset


def attendance_by_member(branch_path: str, year: int):
    """Each member of the branch: the year's held meetings they were expected at, and
    those they attended (one query)."""
    from tongxin.people.models import Person

    held = Q(
        meeting_attendance__meeting__state__in=DONE,
        meeting_attendance__meeting__period_start__year=year,
    )
    return (
        Person.objects.filter(members_q(branch_path))
        .annotate(
            expected=Count("meeting_attendance", filter=held),
            present=Count(
                "meeting_attendance",
                filter=held & Q(meeting_attendance__status=AttendanceStatus.PRESENT),
            ),
        )
        .order_by("name", "pk")
        .values("pk", "name", "expected", "present")
    )


def attendance_rate(meetings: QuerySet[Meeting]) -> dict:
    """Present over expected across the held meetings of `meetings`."""
    row = Attendance.objects.filter(meeting__in=meetings.filter(state__in=DONE)).aggregate(
        expected=Count("pk"),
        present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)),
    )
    row["rate"] = round(100 * row["present"] / row["expected"], 1) if row["expected"] else None
    return row


def my_meetings(person, today: date) -> QuerySet[Meeting]:
    """The person's own branch's and group's meetings still to come this period on."""
    from .access import own_q

    return (
        Meeting.objects.filter(own_q(person), period_end__gte=today)
        .filter(state__in=(MeetingState.PLANNED, MeetingState.HELD))
        .select_related("type", "branch")
        .order_by("starts_at", "period_end", "pk")
    )


def attendance_counts(meetings: QuerySet[Meeting]) -> dict[int, dict[str, int]]:
    """Per meeting: expected (all rows) and each status, one query."""
    found: dict[int, dict[str, int]] = {}
    rows = (
        Attendance.objects.filter(meeting__in=meetings)
        .values("meeting_id", "status")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts = found.setdefault(row["meeting_id"], {"expected": 0})
        counts[row["status"]] = row["n"]
        counts["expected"] += row["n"]
    return found


def attendance_rate_of(person) -> dict:
    row = Attendance.objects.filter(person=person, meeting__state__in=DONE).aggregate(
        expected=Count("pk"),
        present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)),
    )
    row["rate"] = round(100 * row["present"] / row["expected"], 1) if row["expected"] else None
    return row
