"""Needs (collected in surveys or one by one) and the surveys, as the viewer may see them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from tongxin.people.models import Organisation, Person

from ..access import manager_reach, needs_managed_by
from ..models import Need, NeedState, NeedSurvey

NEED_RELATED = ("person__unit", "organisation", "survey", "collected_by")


@dataclass
class NeedFilter:
    unit: Organisation | None = None
    state: str = NeedState.NEW
    category: str = ""
    survey_id: int | None = None


def needs_list(viewer: Person, f: NeedFilter) -> QuerySet[Need]:
    qs = needs_managed_by(viewer)
    if f.unit is not None:
        qs = qs.filter(org_path__startswith=f.unit.path)
    if f.state:
        qs = qs.filter(state=f.state)
    if f.category:
        qs = qs.filter(category=f.category)
    if f.survey_id:
        qs = qs.filter(survey_id=f.survey_id)
    return qs.select_related(*NEED_RELATED).order_by("-collected_on", "-pk")


def need_counts(viewer: Person, unit: Organisation | None = None) -> dict[str, int]:
    qs = needs_managed_by(viewer)
    if unit is not None:
        qs = qs.filter(org_path__startswith=unit.path)
    return qs.aggregate(
        new=Count("pk", filter=Q(state=NeedState.NEW)),
        served=Count("pk", filter=Q(state=NeedState.SERVED)),
        declined=Count("pk", filter=Q(state=NeedState.DECLINED)),
    )


def my_needs(person: Person) -> QuerySet[Need]:
    """The person's own needs, each with its service item if it became one."""
    return (
        Need.objects.filter(person=person)
        .select_related("service_item__owner", "survey")
        .order_by("-collected_on", "-pk")
    )


def surveys_list(viewer: Person) -> QuerySet[NeedSurvey]:
    reach = manager_reach(viewer)
    if reach.empty:
        return NeedSurvey.objects.none()
    return (
        NeedSurvey.objects.filter(reach.q("org_path"))
        .select_related("organisation", "created_by")
        .annotate(
            n_needs=Count("needs"),
            n_new=Count("needs", filter=Q(needs__state=NeedState.NEW)),
        )
        .order_by("-opens_on", "-pk")
    )
