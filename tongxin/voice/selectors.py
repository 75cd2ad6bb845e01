"""Reads of the worker-voice area, scoped through access.py. A page's query count
does not grow with the number of cases: lists are filtered and paginated in the
database, and whatever each row shows is loaded with it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.people.models import Organisation, Tree

from .access import cases_owned_by, cases_visible_to
from .models import CLOCK_STATES, OPEN_STATES, Case, CaseEvent, Category, Milestone, State
from .models.case import case_id_from_code

LIST_RELATED = ("category", "organisation", "department", "handler")


@dataclass
class InboxFilter:
    state: str = ""
    unit: Organisation | None = None
    category: Category | None = None
    channel: str = ""
    overdue: bool = False
    major: bool = False
    watched: bool = False
    since: date | None = None
    until: date | None = None
    q: str = ""


def inbox(viewer, f: InboxFilter) -> QuerySet[Case]:
    """The staff inbox: every case in the viewer's reach matching the filter, newest first."""
    qs = cases_visible_to(viewer)
    if f.state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif f.state:
        qs = qs.filter(state=f.state)
    if f.unit is not None:
        qs = qs.filter(org_path__startswith=f.unit.path)
    if f.category is not None:
        qs = qs.filter(category=f.category)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.overdue:
        qs = qs.filter(state__in=CLOCK_STATES, deadline__lt=timezone.localdate())
    if f.major:
        qs = qs.filter(is_major=True)
    if f.watched:
        qs = qs.filter(watch_org__isnull=False)
    if f.since:
        qs = qs.filter(created_at__date__gte=f.since)
    if f.until:
        qs = qs.filter(created_at__date__lte=f.until)
    if f.q:
        term = f.q.strip()
        condition = Q(title__contains=term)
        case_id = case_id_from_code(term)
        if case_id is not None:
            condition |= Q(pk=case_id)
        qs = qs.filter(condition)
    return qs.select_related(*LIST_RELATED).order_by("-created_at", "-pk")


def state_counts(viewer, unit: Organisation | None = None) -> dict[str, int]:
    """How many cases in each state, and overdue, for the inbox tabs (one query)."""
    qs = cases_visible_to(viewer)
    if unit is not None:
        qs = qs.filter(org_path__startswith=unit.path)
    today = timezone.localdate()
    aggregates = {s: Count("pk", filter=Q(state=s)) for s in OPEN_STATES}
    aggregates["overdue"] = Count("pk", filter=Q(state__in=CLOCK_STATES, deadline__lt=today))
    aggregates["replied"] = Count("pk", filter=Q(state=State.REPLIED))
    return qs.filter(state__in=(*OPEN_STATES, State.REPLIED)).aggregate(**aggregates)


# The worker's own cases by what they wait for: the home page counts them, and each
# count links to `my_cases` with its name (?show=…), so the list is what was counted.
MY_CASE_FILTERS = {
    "open": (Q(state__in=OPEN_STATES), _("正在办理")),
    "to_rate": (Q(state=State.REPLIED), _("已答复待评价")),
    "to_supplement": (Q(state=State.AWAITING_INFO), _("需补充材料")),
}


def my_cases(person, show: str | None = None) -> QuerySet[Case]:
    cases = cases_owned_by(person)
    if show in MY_CASE_FILTERS:
        cases = cases.filter(MY_CASE_FILTERS[show][0])
    return cases.select_related("category", "department").order_by("-created_at", "-pk")


def timeline(case: Case, *, internal: bool) -> list[CaseEvent]:
    events = case.events.visible(internal=internal).order_by("at", "pk")
    return list(events.prefetch_related("photos"))


def public_progress(viewer) -> QuerySet[Case]:
    """Adopted proposals and filed congress proposals of the viewer's mine: every worker
    of the organisation sees how they are being carried out."""
    unit = viewer.unit
    if unit is None:
        return Case.objects.none()
    from tongxin.people.selectors import mine_of

    mine = mine_of(unit)
    return (
        Case.objects.filter(org_path__startswith=mine.path)
        .filter(
            Q(channel="proposal", adopted=True)
            | Q(
                channel="congress",
                state__in=(
                    State.ACCEPTED,
                    State.ASSIGNED,
                    State.HANDLED,
                    State.REPLIED,
                    State.CLOSED,
                ),
            )
        )
        .select_related("category", "department", "congress_session")
        .prefetch_related("milestones")
        .order_by("-created_at")
    )


def milestones(case: Case) -> list[Milestone]:
    return list(case.milestones.all())


def units_for_filter(viewer) -> QuerySet[Organisation]:
    """Units the inbox can be narrowed to: the districts and departments in reach."""
    from tongxin.people.selectors import orgs_visible_to

    return (
        orgs_visible_to(viewer)
        .filter(tree=Tree.UNIT, kind__in=("mine", "district", "department"))
        .order_by("path")
    )


def departments_for(case: Case) -> QuerySet[Organisation]:
    """Where an officer may send the case: the districts and departments of its mine."""
    from tongxin.people.selectors import mine_of

    mine = mine_of(case.organisation)
    return Organisation.objects.filter(
        tree=Tree.UNIT, path__startswith=mine.path, kind__in=("district", "department")
    ).order_by("path")


def home_summary(home) -> dict:
    """What the home page shows of worker voice: the person's own cases, and for staff
    what waits on them; two rows of the page's shared aggregate query (core.registry)."""
    from tongxin.people.scoping import reach_of

    from .access import OFFICER_ROLES, is_voice_staff

    person, today = home.person, home.today
    mine = home.aggregate(
        cases_owned_by(person),
        **{name: Count("pk", filter=q) for name, (q, label) in MY_CASE_FILTERS.items()},
    )
    summary = {"mine": mine, "staff": None, "officer": False}
    if is_voice_staff(person):
        officer = not reach_of(person, OFFICER_ROLES).empty
        summary["officer"] = officer
        summary["staff"] = home.aggregate(
            cases_visible_to(person),
            to_accept=Count("pk", filter=Q(state=State.SUBMITTED))
            if officer
            else Count("pk", filter=Q(pk__in=[])),
            to_assign=Count("pk", filter=Q(state=State.ACCEPTED))
            if officer
            else Count("pk", filter=Q(pk__in=[])),
            to_handle=Count("pk", filter=Q(state=State.ASSIGNED)),
            to_reply=Count("pk", filter=Q(state=State.HANDLED)),
            overdue=Count("pk", filter=Q(state__in=CLOCK_STATES, deadline__lt=today)),
            major=Count("pk", filter=Q(state__in=OPEN_STATES, is_major=True)),
            watched=Count("pk", filter=Q(state__in=OPEN_STATES, watch_org__isnull=False)),
        )
    return summary
