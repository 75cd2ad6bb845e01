"""Who sees which meetings: officers their Party reach; a member the meetings of their
own branch and Party group."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from tongxin.core.access import fetch
from tongxin.people.selectors import ancestor_paths

from ..access import party_reach
from ..models import Meeting
from .workflow import Actor


def own_q(person) -> Q:
    """The meetings of the person's branch and Party group (the organisations above
    their Party organisation, below the committee)."""
    if not getattr(person, "party_org_id", None):
        return Q(pk__in=[])
    return Q(org_path__in=ancestor_paths(person.party_org.path))


def meetings_visible_to(person) -> QuerySet[Meeting]:
    if not person.is_authenticated:
        return Meeting.objects.none()
    reach = party_reach(person)
    if reach.everything:
        return Meeting.objects.all()
    seen = own_q(person)
    if not reach.empty:
        seen |= reach.q("org_path")
    return Meeting.objects.filter(seen)


def meeting_for(person, pk: int) -> Meeting:
    return fetch(meetings_visible_to(person).select_related("branch", "type", "secretary"), pk=pk)


def is_secretary_of(person, meeting) -> bool:
    return party_reach(person).covers_path(meeting.org_path)


def actor_kinds(person, meeting, **context) -> set[Actor]:
    return {Actor.SECRETARY} if is_secretary_of(person, meeting) else set()
